package org.tanji.gateway.footprint;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.tanji.chaincode.footprint.LifecycleStage;
import org.tanji.chaincode.support.Check;
import org.tanji.gateway.problem.FieldError;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a PACT v3 {@code ProductFootprint} and Tanji's extension field by field, collecting every
 * problem with its JSON path, so that one answer tells the submitter all that is wrong.
 *
 * <p>What it accepts is what PACT v3.0's schema accepts, for every field the schema defines (required
 * fields, types, decimals as strings with their sign rules, enums, URNs, UUIDs, date-times, sets without
 * repeats), because the registry serves the stored document as it came: a document it accepts must be a
 * valid one to serve. It is stricter in three places, each for the registry's own reasons: one geography
 * is required (certifiers are accredited per region), percentages lie between 0 and 100, and Tanji's
 * extension is required. {@code id}, {@code specVersion}, {@code created} and {@code status} may be left
 * out; the registry fills them.
 */
final class PactFootprintValidator {
    private static final Pattern DECIMAL = Pattern.compile("^[+-]?\\d+(\\.\\d+)?$");
    /** PACT's PositiveOrZeroDecimal and NegativeOrZeroDecimal: the sign is in the text, so "-0" is not positive. */
    private static final Pattern POSITIVE_OR_ZERO_DECIMAL = Pattern.compile("^\\+?\\d+(\\.\\d+)?$");
    private static final Pattern NEGATIVE_OR_ZERO_DECIMAL = Pattern.compile("^(-\\d+(\\.\\d+)?|0+(\\.0+)?)$");
    private static final Pattern IPCC_REPORT = Pattern.compile("^AR\\d+$");
    private static final Set<String> REGIONS = Set.of("Africa", "Americas", "Asia", "Europe", "Oceania",
            "Australia and New Zealand", "Central Asia", "Eastern Asia", "Eastern Europe", "Latin America and the Caribbean",
            "Melanesia", "Micronesia", "Northern Africa", "Northern America", "Northern Europe", "Polynesia",
            "South-eastern Asia", "Southern Asia", "Southern Europe", "Sub-Saharan Africa", "Western Asia", "Western Europe");
    private static final List<String> GEOGRAPHIES = List.of("geographyCountrySubdivision", "geographyCountry",
            "geographyRegionOrSubregion");
    private static final Set<String> RULE_OPERATORS = Set.of("PEF", "EPD International", "Other");
    private static final Set<String> CCU_APPROACHES = Set.of("Cut-off", "Credit");
    private static final List<String> PCF_STRINGS = List.of("boundaryProcessesDescription", "exemptedEmissionsDescription",
            "allocationRulesDescription", "technologicalCO2CaptureOrigin");
    private static final List<String> PCF_BOOLEANS = List.of("packagingEmissionsIncluded", "ccsTechnologicalCO2CaptureIncluded");
    private static final Pattern URN = Pattern.compile("^[uU][rR][nN]:\\S+$");
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
        // id, specVersion, created and status are required by PACT, and the registry fills them when absent.
        if (pf.has("id")) {
            text(pf, "id", "id", true).filter(s -> !Check.isUuid(s))
                    .ifPresent(s -> error("id", "must be a lower-case UUID"));
        }
        optionalText(pf, "specVersion").filter(s -> !s.matches("^3\\.\\d+\\.\\d+(-\\d{8})?$"))
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
        // Required, but PACT sets no minimum length: an empty description is a valid one.
        JsonNode description = pf.get("productDescription");
        if (description == null || description.isNull()) {
            error("productDescription", "is required (PACT v3): a free-form description of the product");
        } else if (!description.isTextual()) {
            error("productDescription", "must be a string");
        }
        urns(pf, "productIds", true);
        urns(pf, "productClassifications", false);
        text(pf, "productNameCompany", "productNameCompany", true);
        optionalString(pf, "comment", "comment");
        if (pf.has("precedingPfIds")) {
            JsonNode ids = pf.get("precedingPfIds");
            if (!ids.isArray() || ids.isEmpty()) {
                error("precedingPfIds", "must be a non-empty array of UUIDs (leave it out when nothing precedes)");
            } else {
                for (int i = 0; i < ids.size(); i++) {
                    if (!ids.get(i).isTextual() || !Check.isUuid(ids.get(i).asText())) {
                        error("precedingPfIds[" + i + "]", "must be a lower-case UUID");
                    }
                }
                unique(ids, "precedingPfIds");
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
        checkGeography(pcf);
        decimal(pcf, "pcfExcludingBiogenicUptake", true);
        decimal(pcf, "pcfIncludingBiogenicUptake", true);
        decimal(pcf, "fossilGhgEmissions", true);
        decimal(pcf, "fossilCarbonContent", true);
        for (String f : POSITIVE_OR_ZERO) {
            decimal(pcf, f, false).filter(d -> !POSITIVE_OR_ZERO_DECIMAL.matcher(pcf.get(f).asText()).matches())
                    .ifPresent(d -> error("pcf." + f, "must not be negative"));
        }
        for (String f : NEGATIVE_OR_ZERO) {
            decimal(pcf, f, false).filter(d -> !NEGATIVE_OR_ZERO_DECIMAL.matcher(pcf.get(f).asText()).matches())
                    .ifPresent(d -> error("pcf." + f, "must be zero or negative"));
        }
        // PACT v3 dropped v2's 5 % cap on exemptions; it is still a percentage.
        decimal(pcf, "exemptedEmissionsPercent", true).filter(d -> d.signum() < 0 || d.compareTo(BigDecimal.valueOf(100)) > 0)
                .ifPresent(d -> error("pcf.exemptedEmissionsPercent", "must be a percentage between 0 and 100"));
        decimal(pcf, "primaryDataShare", false).filter(d -> d.signum() < 0 || d.compareTo(BigDecimal.valueOf(100)) > 0)
                .ifPresent(d -> error("pcf.primaryDataShare", "must be between 0 and 100"));
        stringArray(pcf, "ipccCharacterizationFactors", "pcf.ipccCharacterizationFactors", true, IPCC_REPORT,
                "an IPCC assessment report like AR6");
        stringArray(pcf, "crossSectoralStandards", "pcf.crossSectoralStandards", true, null, null);
        for (String f : PCF_STRINGS) {
            optionalString(pcf, f, "pcf." + f);
        }
        for (String f : PCF_BOOLEANS) {
            if (pcf.has(f) && !pcf.get(f).isBoolean()) {
                error("pcf." + f, "must be true or false");
            }
        }
        optionalText(pcf, "ccuCalculationApproach").filter(a -> !CCU_APPROACHES.contains(a))
                .ifPresent(a -> error("pcf.ccuCalculationApproach", "must be Cut-off or Credit, got \"" + a + "\""));
        if (pcf.has("ccuCreditCertification")) {
            uri(pcf, "ccuCreditCertification", "pcf.ccuCreditCertification");
        }
        checkSecondarySources(pcf);
        checkRules(pcf);
        JsonNode dqi = pcf.get("dqi");
        if (dqi != null && !dqi.isObject()) {
            error("pcf.dqi", "must be an object of technologicalDQR, geographicalDQR and temporalDQR");
        } else if (dqi != null) {
            for (String f : List.of("technologicalDQR", "geographicalDQR", "temporalDQR")) {
                decimal(dqi, f, true, "pcf.dqi." + f).filter(d -> d.compareTo(BigDecimal.ONE) < 0 || d.compareTo(BigDecimal.valueOf(5)) > 0)
                        .ifPresent(d -> error("pcf.dqi." + f, "must be between 1 and 5"));
            }
        }
    }

    /**
     * PACT allows at most one geography field, the most specific one. It also allows none, for a global
     * footprint; the registry needs one, since certifiers are accredited per region.
     */
    private void checkGeography(JsonNode pcf) {
        List<String> given = GEOGRAPHIES.stream().filter(pcf::hasNonNull).toList();
        if (given.isEmpty()) {
            error("pcf.geographyCountry", "a geography is required: geographyCountrySubdivision, geographyCountry or geographyRegionOrSubregion");
        } else if (given.size() > 1) {
            error("pcf." + given.get(1), "give only the most specific geography; " + given + " are all set");
        }
        optionalText(pcf, "geographyCountry").filter(s -> !s.matches("^[A-Z]{2}$"))
                .ifPresent(s -> error("pcf.geographyCountry", "must be an ISO 3166-1 alpha-2 code like CN"));
        optionalText(pcf, "geographyCountrySubdivision").filter(s -> !s.matches("^[A-Z]{2}-[A-Z0-9]{1,3}$"))
                .ifPresent(s -> error("pcf.geographyCountrySubdivision", "must be an ISO 3166-2 code like CN-AH"));
        optionalText(pcf, "geographyRegionOrSubregion").filter(s -> !REGIONS.contains(s))
                .ifPresent(s -> error("pcf.geographyRegionOrSubregion", "must be a UN region or subregion such as Eastern Asia"));
    }

    private void checkSecondarySources(JsonNode pcf) {
        objects(pcf, "secondaryEmissionFactorSources", "{name, version}", "secondary data", (source, path) -> {
            text(source, "name", path + ".name", true);
            text(source, "version", path + ".version", true);
        });
    }

    private void checkRules(JsonNode pcf) {
        objects(pcf, "productOrSectorSpecificRules", "{operator, ruleNames}", "rules", (rule, path) -> {
            text(rule, "operator", path + ".operator", true).filter(o -> !RULE_OPERATORS.contains(o))
                    .ifPresent(o -> error(path + ".operator", "must be one of " + RULE_OPERATORS + ", got \"" + o + "\""));
            stringArray(rule, "ruleNames", path + ".ruleNames", true, null, null);
            if (rule.has("otherOperatorName")) {
                text(rule, "otherOperatorName", path + ".otherOperatorName", true);
            }
        });
        if (pcf.path("productOrSectorSpecificRules").isArray()) {
            unique(pcf.get("productOrSectorSpecificRules"), "pcf.productOrSectorSpecificRules");
        }
    }

    /**
     * An optional pcf member that, when present, is a non-empty array of objects shaped {@code shape}; each
     * object is checked by {@code item} with its path. Without {@code none}, PACT wants the member left out.
     */
    private void objects(JsonNode pcf, String name, String shape, String none,
                         java.util.function.BiConsumer<JsonNode, String> item) {
        JsonNode array = pcf.get(name);
        if (array == null) {
            return;
        }
        if (!array.isArray() || array.isEmpty()) {
            error("pcf." + name, "must be a non-empty array of " + shape + " (leave it out without " + none + ")");
            return;
        }
        for (int i = 0; i < array.size(); i++) {
            String path = "pcf." + name + "[" + i + "]";
            if (!array.get(i).isObject()) {
                error(path, "must be an object " + shape);
            } else {
                item.accept(array.get(i), path);
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
                if (!e.isObject() || !e.path("specVersion").isTextual() || !e.path("dataSchema").isTextual() || !e.has("data")
                        || !e.get("data").isObject()) {
                    error("extensions[" + i + "]", "must have specVersion and dataSchema strings and an object data");
                    continue;
                }
                uri(e, "dataSchema", "extensions[" + i + "].dataSchema");
                if (e.has("documentation")) {
                    uri(e, "documentation", "extensions[" + i + "].documentation");
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
        if (!v.isArray() || v.isEmpty()) {
            error(name, "must be a non-empty array of URNs" + (required ? "" : " (leave it out when there are none)"));
            return;
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual() || !URN.matcher(v.get(i).asText()).matches()) {
                error(name + "[" + i + "]", "must be a URN like urn:gtin:06901234567892");
            }
        }
        unique(v, name);
    }

    /** A non-empty array of distinct non-empty strings, each matching {@code format} (described as {@code what}) if given. */
    private void stringArray(JsonNode node, String name, String path, boolean required, Pattern format, String what) {
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
            } else if (format != null && !format.matcher(v.get(i).asText()).matches()) {
                error(path + "[" + i + "]", "must be " + what + ", got \"" + v.get(i).asText() + "\"");
            }
        }
        unique(v, path);
    }

    /** PACT's sets are arrays with unique items. */
    private void unique(JsonNode array, String path) {
        Set<JsonNode> seen = new java.util.HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            if (!seen.add(array.get(i))) {
                error(path + "[" + i + "]", "repeats an earlier item; the items must be distinct");
            }
        }
    }

    /** A string if present (PACT allows it empty). */
    private void optionalString(JsonNode node, String name, String path) {
        if (node.has(name) && !node.get(name).isTextual()) {
            error(path, "must be a string");
        }
    }

    /** An absolute URI. */
    private void uri(JsonNode node, String name, String path) {
        JsonNode v = node.get(name);
        try {
            if (v == null || !v.isTextual() || !new java.net.URI(v.asText()).isAbsolute()) {
                error(path, "must be an absolute URI");
            }
        } catch (java.net.URISyntaxException e) {
            error(path, "must be an absolute URI: " + e.getReason());
        }
    }

    private void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }
}
