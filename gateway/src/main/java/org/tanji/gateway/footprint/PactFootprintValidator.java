package org.tanji.gateway.footprint;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.tanji.chaincode.footprint.LifecycleStage;
import org.tanji.gateway.problem.FieldError;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a PACT v3 {@code ProductFootprint} and Tanji's extension field by field, collecting every
 * problem with its JSON path, so that one answer tells the submitter all that is wrong.
 */
final class PactFootprintValidator {
    private static final Pattern DECIMAL = Pattern.compile("^[+-]?\\d+(\\.\\d+)?$");
    private static final Pattern URN = Pattern.compile("^[uU][rR][nN]:\\S+$");
    private static final Pattern UUID = Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    private static final Pattern CATEGORY = Pattern.compile("^[a-z0-9][a-z0-9-]{1,63}$");
    private static final Set<String> UNITS = Set.of("liter", "kilogram", "cubic meter", "kilowatt hour", "megajoule",
            "ton kilometer", "square meter", "piece", "hour", "megabit second");
    private static final Set<String> STATUSES = Set.of("Active", "Deprecated");
    private static final List<String> POSITIVE_OR_ZERO = List.of("fossilCarbonContent", "biogenicCarbonContent",
            "recycledCarbonContent", "fossilGhgEmissions", "landUseChangeGhgEmissions", "landCarbonLeakage",
            "landManagementFossilGhgEmissions", "landManagementBiogenicCO2Emissions", "biogenicNonCO2Emissions",
            "landAreaOccupation", "aircraftGhgEmissions", "packagingGhgEmissions", "packagingBiogenicCarbonContent",
            "outboundLogisticsGhgEmissions", "ccuCarbonContent");
    private static final List<String> NEGATIVE_OR_ZERO = List.of("landManagementBiogenicCO2Removals", "biogenicCO2Uptake",
            "ccsTechnologicalCO2Capture", "technologicalCO2Removals");

    private final List<FieldError> errors = new ArrayList<>();

    static List<FieldError> validate(JsonNode pf) {
        PactFootprintValidator v = new PactFootprintValidator();
        v.check(pf);
        return v.errors;
    }

    private void check(JsonNode pf) {
        if (!pf.isObject()) {
            error("body", "must be a JSON object (a PACT ProductFootprint)");
            return;
        }
        if (pf.has("id")) {
            text(pf, "id", "id", true).filter(s -> !UUID.matcher(s).matches())
                    .ifPresent(s -> error("id", "must be a lower-case UUID"));
        }
        optionalText(pf, "specVersion").filter(s -> !s.matches("^3\\.\\d+\\.\\d+$"))
                .ifPresent(s -> error("specVersion", "must be a 3.x.y version, got \"" + s + "\""));
        optionalText(pf, "status").filter(s -> !STATUSES.contains(s))
                .ifPresent(s -> error("status", "must be Active or Deprecated, got \"" + s + "\""));
        optionalText(pf, "status").filter("Deprecated"::equals)
                .ifPresent(s -> error("status", "a new footprint is Active; it turns Deprecated when a successor names it in precedingPfIds"));
        Instant created = optionalText(pf, "created").map(s -> instant("created", s)).orElse(null);
        Instant vStart = optionalText(pf, "validityPeriodStart").map(s -> instant("validityPeriodStart", s)).orElse(null);
        Instant vEnd = optionalText(pf, "validityPeriodEnd").map(s -> instant("validityPeriodEnd", s)).orElse(null);
        if (vStart != null && vEnd != null && !vStart.isBefore(vEnd)) {
            error("validityPeriodEnd", "must be after validityPeriodStart");
        }
        if (created == null && pf.has("created")) {
            return;
        }
        text(pf, "companyName", "companyName", true);
        urns(pf, "companyIds", true);
        text(pf, "productDescription", "productDescription", false);
        urns(pf, "productIds", true);
        urns(pf, "productClassifications", false);
        text(pf, "productNameCompany", "productNameCompany", true);
        if (pf.has("precedingPfIds")) {
            JsonNode ids = pf.get("precedingPfIds");
            if (!ids.isArray()) {
                error("precedingPfIds", "must be an array of UUIDs");
            } else {
                for (int i = 0; i < ids.size(); i++) {
                    if (!ids.get(i).isTextual() || !UUID.matcher(ids.get(i).asText()).matches()) {
                        error("precedingPfIds[" + i + "]", "must be a lower-case UUID");
                    }
                }
            }
        }
        JsonNode pcf = pf.get("pcf");
        if (pcf == null || !pcf.isObject()) {
            error("pcf", "is required (a PACT CarbonFootprint object)");
        } else {
            checkPcf(pcf);
        }
        checkExtension(pf, pcf);
    }

    private void checkPcf(JsonNode pcf) {
        text(pcf, "declaredUnitOfMeasurement", "pcf.declaredUnitOfMeasurement", true)
                .filter(u -> !UNITS.contains(u))
                .ifPresent(u -> error("pcf.declaredUnitOfMeasurement", "must be one of " + UNITS + ", got \"" + u + "\""));
        decimal(pcf, "declaredUnitAmount", true).filter(d -> d.signum() <= 0)
                .ifPresent(d -> error("pcf.declaredUnitAmount", "must be greater than zero"));
        decimal(pcf, "productMassPerDeclaredUnit", true).filter(d -> d.signum() < 0)
                .ifPresent(d -> error("pcf.productMassPerDeclaredUnit", "must not be negative"));
        Instant start = text(pcf, "referencePeriodStart", "pcf.referencePeriodStart", true)
                .map(s -> instant("pcf.referencePeriodStart", s)).orElse(null);
        Instant end = text(pcf, "referencePeriodEnd", "pcf.referencePeriodEnd", true)
                .map(s -> instant("pcf.referencePeriodEnd", s)).orElse(null);
        if (start != null && end != null && !start.isBefore(end)) {
            error("pcf.referencePeriodEnd", "must be after pcf.referencePeriodStart");
        }
        if (!pcf.hasNonNull("geographyCountrySubdivision") && !pcf.hasNonNull("geographyCountry")
                && !pcf.hasNonNull("geographyRegionOrSubregion")) {
            error("pcf.geographyCountry", "a geography is required: geographyCountrySubdivision, geographyCountry or geographyRegionOrSubregion");
        }
        optionalText(pcf, "geographyCountry").filter(s -> !s.matches("^[A-Z]{2}$"))
                .ifPresent(s -> error("pcf.geographyCountry", "must be an ISO 3166-1 alpha-2 code like CN"));
        optionalText(pcf, "geographyCountrySubdivision").filter(s -> !s.matches("^[A-Z]{2}-[A-Z0-9]{1,3}$"))
                .ifPresent(s -> error("pcf.geographyCountrySubdivision", "must be an ISO 3166-2 code like CN-AH"));
        decimal(pcf, "pcfExcludingBiogenicUptake", true);
        decimal(pcf, "pcfIncludingBiogenicUptake", true);
        decimal(pcf, "fossilGhgEmissions", true);
        decimal(pcf, "fossilCarbonContent", true);
        for (String f : POSITIVE_OR_ZERO) {
            decimal(pcf, f, false).filter(d -> d.signum() < 0).ifPresent(d -> error("pcf." + f, "must not be negative"));
        }
        for (String f : NEGATIVE_OR_ZERO) {
            decimal(pcf, f, false).filter(d -> d.signum() > 0).ifPresent(d -> error("pcf." + f, "must be zero or negative"));
        }
        decimal(pcf, "exemptedEmissionsPercent", true).filter(d -> d.signum() < 0 || d.compareTo(BigDecimal.valueOf(5)) > 0)
                .ifPresent(d -> error("pcf.exemptedEmissionsPercent", "must be between 0 and 5"));
        decimal(pcf, "primaryDataShare", false).filter(d -> d.signum() < 0 || d.compareTo(BigDecimal.valueOf(100)) > 0)
                .ifPresent(d -> error("pcf.primaryDataShare", "must be between 0 and 100"));
        stringArray(pcf, "ipccCharacterizationFactors", "pcf.ipccCharacterizationFactors", true);
        stringArray(pcf, "crossSectoralStandards", "pcf.crossSectoralStandards", true);
        JsonNode dqi = pcf.get("dqi");
        if (dqi != null) {
            for (String f : List.of("technologicalDQR", "geographicalDQR", "temporalDQR")) {
                decimal(dqi, f, true, "pcf.dqi." + f).filter(d -> d.compareTo(BigDecimal.ONE) < 0 || d.compareTo(BigDecimal.valueOf(3)) > 0)
                        .ifPresent(d -> error("pcf.dqi." + f, "must be between 1 and 3"));
            }
        }
    }

    private void checkExtension(JsonNode pf, JsonNode pcf) {
        JsonNode extensions = pf.get("extensions");
        JsonNode data = null;
        int index = -1;
        if (extensions != null && !extensions.isArray()) {
            error("extensions", "must be an array of data-model extensions");
            return;
        }
        if (extensions != null) {
            for (int i = 0; i < extensions.size(); i++) {
                JsonNode e = extensions.get(i);
                if (!e.isObject() || !e.hasNonNull("specVersion") || !e.hasNonNull("dataSchema") || !e.has("data")
                        || !e.get("data").isObject()) {
                    error("extensions[" + i + "]", "must have specVersion, dataSchema and an object data");
                    continue;
                }
                if (TanjiExtension.isTanji(e.get("dataSchema").asText())) {
                    data = e.get("data");
                    index = i;
                }
            }
        }
        if (data == null) {
            error("extensions", "the Tanji extension (dataSchema ending " + TanjiExtension.SCHEMA_PATH
                    + ") with data.productCategory is required");
            return;
        }
        String path = "extensions[" + index + "].data";
        text(data, "productCategory", path + ".productCategory", true).filter(c -> !CATEGORY.matcher(c).matches())
                .ifPresent(c -> error(path + ".productCategory", "must be a lower-case slug like lithium-battery"));
        JsonNode claimReduction = data.get("claimReduction");
        if (claimReduction != null && !claimReduction.isBoolean()) {
            error(path + ".claimReduction", "must be true or false");
        } else if (claimReduction != null && claimReduction.asBoolean()
                && (!pf.has("precedingPfIds") || pf.get("precedingPfIds").isEmpty())) {
            error(path + ".claimReduction", "a reduction is claimed against the footprint precedingPfIds names; it names none");
        }
        JsonNode stages = data.get("lifecycleStages");
        if (stages == null) {
            return;
        }
        if (!stages.isObject()) {
            error(path + ".lifecycleStages", "must be an object of stage name to decimal string");
            return;
        }
        BigDecimal sum = BigDecimal.ZERO;
        boolean allValid = true;
        for (var it = stages.fields(); it.hasNext(); ) {
            var e = it.next();
            String field = path + ".lifecycleStages." + e.getKey();
            if (!LifecycleStage.wireNames().contains(e.getKey())) {
                error(field, "unknown lifecycle stage; expected one of " + LifecycleStage.wireNames());
                allValid = false;
                continue;
            }
            var d = decimal(stages, e.getKey(), true, field);
            if (d.isEmpty()) {
                allValid = false;
            } else {
                sum = sum.add(d.get());
            }
        }
        if (allValid && pcf != null && pcf.hasNonNull("pcfExcludingBiogenicUptake")
                && DECIMAL.matcher(pcf.get("pcfExcludingBiogenicUptake").asText()).matches()
                && sum.compareTo(new BigDecimal(pcf.get("pcfExcludingBiogenicUptake").asText())) != 0) {
            error(path + ".lifecycleStages", "the stages add up to " + sum.toPlainString()
                    + " but pcf.pcfExcludingBiogenicUptake is " + pcf.get("pcfExcludingBiogenicUptake").asText());
        }
    }

    private java.util.Optional<String> text(JsonNode node, String name, String path, boolean required) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                error(path, "is required");
            }
            return java.util.Optional.empty();
        }
        if (!v.isTextual()) {
            error(path, "must be a string");
            return java.util.Optional.empty();
        }
        if (v.asText().isBlank()) {
            error(path, "must not be empty");
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(v.asText());
    }

    private java.util.Optional<String> optionalText(JsonNode node, String name) {
        return text(node, name, name, false);
    }

    private java.util.Optional<BigDecimal> decimal(JsonNode node, String name, boolean required) {
        return decimal(node, name, required, "pcf." + name);
    }

    private java.util.Optional<BigDecimal> decimal(JsonNode node, String name, boolean required, String path) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                error(path, "is required");
            }
            return java.util.Optional.empty();
        }
        if (!v.isTextual()) {
            error(path, "must be a decimal string like \"1.5\" (PACT sends decimals as strings)");
            return java.util.Optional.empty();
        }
        if (!DECIMAL.matcher(v.asText()).matches()) {
            error(path, "must be a decimal string like \"1.5\", got \"" + v.asText() + "\"");
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new BigDecimal(v.asText()));
    }

    private Instant instant(String path, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            error(path, "must be an RFC 3339 date-time like 2025-01-01T00:00:00Z, got \"" + value + "\"");
            return null;
        }
    }

    private void urns(JsonNode node, String name, boolean required) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                error(name, "is required (at least one URN)");
            }
            return;
        }
        if (!v.isArray() || (required && v.isEmpty())) {
            error(name, "must be a non-empty array of URNs");
            return;
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual() || !URN.matcher(v.get(i).asText()).matches()) {
                error(name + "[" + i + "]", "must be a URN like urn:gtin:06901234567892");
            }
        }
    }

    private void stringArray(JsonNode node, String name, String path, boolean required) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                error(path, "is required");
            }
            return;
        }
        if (!v.isArray() || v.isEmpty()) {
            error(path, "must be a non-empty array of strings");
            return;
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual() || v.get(i).asText().isBlank()) {
                error(path + "[" + i + "]", "must be a non-empty string");
            }
        }
    }

    private void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }
}
