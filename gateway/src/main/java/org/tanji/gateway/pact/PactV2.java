package org.tanji.gateway.pact;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.tanji.chaincode.support.CanonicalJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * PACT v2.3 for partners still on it: the same footprints under v2's field names, and v2's events read
 * into the same {@link PactEvent}s. Nothing is stored twice: a v2 answer is the v3 document served now,
 * renamed on the way out.
 *
 * <p>What v2.3 requires and v3 does not carry is filled honestly: {@code version} is 1 (v3 makes a
 * change a new id), {@code comment}, {@code boundaryProcessesDescription} and {@code
 * exemptedEmissionsDescription} are empty strings when the document has none, {@code
 * packagingEmissionsIncluded} is false when not stated, {@code biogenicCarbonContent} is "0" when not
 * stated, and {@code productCategoryCpc} is the UN CPC code of an {@code …:un-cpc:…} classification or,
 * without one, the first classification or Tanji's product category. v3-only figures without a v2
 * field (land-use details, DQI without coverage) are left out, not guessed into another field.
 *
 * <p>Where v3 allows what v2.3 cannot say, the figure is kept as it is rather than changed, and the v2
 * document is then not v2.3-valid: an exempted share above v2's 5 % cap, a negative {@code
 * pCfExcludingBiogenic}, a declared unit v2 lacks on a footprint without a mass, or cross-sectoral standards
 * none of which v2's {@code crossSectoralStandardsUsed} names (left empty).
 */
final class PactV2 {
    static final String SPEC_VERSION = "2.3.0";
    private static final String PREFIX = "org.wbcsd.pathfinder.";
    /** v2 CloudEvents types and the v3 event each one is read as. */
    static final Map<String, Class<? extends PactEvent>> EVENT_TYPES = Map.of(
            PREFIX + "ProductFootprintRequest.Created.v1", PactEvent.RequestCreated.class,
            PREFIX + "ProductFootprintRequest.Fulfilled.v1", PactEvent.RequestFulfilled.class,
            PREFIX + "ProductFootprintRequest.Rejected.v1", PactEvent.RequestRejected.class,
            PREFIX + "ProductFootprint.Published.v1", PactEvent.Published.class);
    private static final Map<String, String> STANDARDS_USED = Map.of("ISO14067", "ISO Standard 14067",
            "ISO14040-44", "ISO Standard 14044", "GHGP-Product", "GHG Protocol Product standard");
    /** v3 pcf fields that keep their name and value in v2.3. */
    private static final List<String> SAME = List.of("productMassPerDeclaredUnit", "referencePeriodStart",
            "referencePeriodEnd", "geographyCountrySubdivision", "geographyCountry", "geographyRegionOrSubregion",
            "fossilGhgEmissions", "fossilCarbonContent", "aircraftGhgEmissions", "packagingGhgEmissions",
            "allocationRulesDescription", "uncertaintyAssessmentDescription", "secondaryEmissionFactorSources",
            "biogenicAccountingMethodology");
    /** The declared units v2.3 knows; v3 added piece, hour and megabit second. */
    private static final java.util.Set<String> UNITS = java.util.Set.of("liter", "kilogram", "cubic meter", "kilowatt hour",
            "megajoule", "ton kilometer", "square meter");
    /** The values v2.3's {@code crossSectoralStandards} takes (v3 allows any). */
    private static final java.util.Set<String> STANDARDS = java.util.Set.of("ISO14067", "ISO14083", "ISO14040-44",
            "GHGP-Product", "PEF", "PACT-1.0", "PACT-2.0", "PACT-3.0");
    /** v3 pcf field → its v2.3 name, same value. */
    private static final Map<String, String> RENAMED = Map.of("declaredUnitOfMeasurement", "declaredUnit",
            "declaredUnitAmount", "unitaryProductAmount", "pcfExcludingBiogenicUptake", "pCfExcludingBiogenic",
            "pcfIncludingBiogenicUptake", "pCfIncludingBiogenic", "landUseChangeGhgEmissions", "dLucGhgEmissions",
            "biogenicCO2Uptake", "biogenicCarbonWithdrawal", "ipccCharacterizationFactors",
            "ipccCharacterizationFactorsSources");

    private PactV2() {
    }

    /** A served v3 footprint as a v2.3 ProductFootprint. */
    static ObjectNode footprint(ObjectNode v3) {
        ObjectNode v2 = CanonicalJson.mapper().createObjectNode();
        v2.set("id", v3.get("id"));
        v2.put("specVersion", SPEC_VERSION);
        copy(v3, v2, "precedingPfIds");
        v2.put("version", 1);
        copy(v3, v2, "created");
        copy(v3, v2, "status");
        if ("Deprecated".equals(v3.path("status").asText())) {
            v2.put("statusComment", "Replaced by a newer footprint that names this one in precedingPfIds");
        }
        for (String f : List.of("validityPeriodStart", "validityPeriodEnd", "companyName", "companyIds",
                "productDescription", "productIds", "productClassifications", "productNameCompany")) {
            copy(v3, v2, f);
        }
        v2.put("productCategoryCpc", cpc(v3));
        v2.put("comment", v3.path("comment").asText(""));
        v2.set("pcf", pcf((ObjectNode) v3.get("pcf")));
        copy(v3, v2, "extensions");
        return v2;
    }

    private static ObjectNode pcf(ObjectNode v3) {
        ObjectNode v2 = CanonicalJson.mapper().createObjectNode();
        RENAMED.forEach((from, to) -> {
            if (v3.has(from)) {
                v2.set(to, v3.get(from));
            }
        });
        for (String f : SAME) {
            copy(v3, v2, f);
        }
        perKilogram(v3, v2);
        v2.put("biogenicCarbonContent", v3.path("biogenicCarbonContent").asText("0"));
        // v2's deprecated single choice: AR5 only when the footprint used AR5 and not AR6.
        JsonNode ipcc = v3.path("ipccCharacterizationFactors");
        v2.put("characterizationFactors", contains(ipcc, "AR5") && !contains(ipcc, "AR6") ? "AR5" : "AR6");
        ArrayNode used = v2.putArray("crossSectoralStandardsUsed");
        ArrayNode standards = CanonicalJson.mapper().createArrayNode();
        v3.path("crossSectoralStandards").forEach(s -> {
            String old = STANDARDS_USED.get(s.asText());
            if (old != null) {
                used.add(old);
            }
            if (STANDARDS.contains(s.asText())) {
                standards.add(s);
            }
        });
        if (!standards.isEmpty()) {
            v2.set("crossSectoralStandards", standards);
        }
        if (v3.has("productOrSectorSpecificRules")) {
            ArrayNode rules = v2.putArray("productOrSectorSpecificRules");
            for (JsonNode rule : v3.get("productOrSectorSpecificRules")) {
                ObjectNode r = rule.deepCopy();
                if ("Other".equals(r.path("operator").asText()) && v3.has("otherOperatorName")) {
                    r.set("otherOperatorName", v3.get("otherOperatorName"));
                }
                rules.add(r);
            }
        }
        v2.put("boundaryProcessesDescription", v3.path("boundaryProcessesDescription").asText(""));
        v2.put("exemptedEmissionsPercent", number(v3.path("exemptedEmissionsPercent").asText("0")));
        v2.put("exemptedEmissionsDescription", v3.path("exemptedEmissionsDescription").asText(""));
        v2.put("packagingEmissionsIncluded", v3.path("packagingEmissionsIncluded").asBoolean(false));
        if (v3.has("primaryDataShare")) {
            v2.put("primaryDataShare", number(v3.get("primaryDataShare").asText()));
        }
        if (v3.get("verification") instanceof ObjectNode verification) {
            ObjectNode assurance = v2.putObject("assurance");
            assurance.put("assurance", true);
            for (Iterator<Map.Entry<String, JsonNode>> it = verification.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                assurance.set(f.getKey(), f.getValue());
            }
        }
        return v2;
    }

    /**
     * A footprint declared per piece (or another unit v2.3 lacks) is, for v2, the same figures per the mass
     * of its declared unit: PACT's {@code productMassPerDeclaredUnit} is the mass of {@code declaredUnitAmount}
     * units, so the declared unit is that many kilograms. Without a mass (a service) there is no v2 unit to
     * say it in, and the v3 unit is kept.
     */
    private static void perKilogram(ObjectNode v3, ObjectNode v2) {
        String unit = v3.path("declaredUnitOfMeasurement").asText();
        String mass = v3.path("productMassPerDeclaredUnit").asText("0");
        if (!UNITS.contains(unit) && mass.matches("^\\+?\\d+(\\.\\d+)?$") && new BigDecimal(mass).signum() > 0) {
            v2.put("declaredUnit", "kilogram");
            v2.put("unitaryProductAmount", mass);
        }
    }

    /**
     * A v2 RequestCreated's {@code pf} (a partial ProductFootprint the answer must match) as v3's list
     * criteria, so both versions open requests the same way.
     */
    static ObjectNode criteria(JsonNode pf, String comment) {
        ObjectNode c = CanonicalJson.mapper().createObjectNode();
        addAll(c, "productId", pf.path("productIds"));
        addAll(c, "companyId", pf.path("companyIds"));
        addAll(c, "classification", pf.path("productClassifications"));
        for (String g : List.of("geographyCountry", "geographyCountrySubdivision", "geographyRegionOrSubregion")) {
            if (pf.path("pcf").path(g).isTextual()) {
                c.withArray("geography").add(pf.path("pcf").path(g).asText());
            }
        }
        if (comment != null) {
            c.put("comment", comment);
        }
        return c;
    }

    private static void addAll(ObjectNode criteria, String name, JsonNode values) {
        if (values.isArray() && !values.isEmpty()) {
            criteria.set(name, values.deepCopy());
        }
    }

    private static String cpc(ObjectNode v3) {
        String first = null;
        for (JsonNode c : v3.path("productClassifications")) {
            String urn = c.asText();
            int at = urn.toLowerCase(java.util.Locale.ROOT).indexOf(":un-cpc:");
            if (at >= 0) {
                return urn.substring(at + ":un-cpc:".length());
            }
            first = first == null ? urn : first;
        }
        if (first != null) {
            return first;
        }
        for (JsonNode ext : v3.path("extensions")) {
            if (ext.path("data").path("productCategory").isTextual()) {
                return ext.path("data").path("productCategory").asText();
            }
        }
        return "unclassified";
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.asText())) {
                return true;
            }
        }
        return false;
    }

    private static BigDecimal number(String decimal) {
        return new BigDecimal(decimal);
    }

    private static void copy(ObjectNode from, ObjectNode to, String field) {
        if (from.has(field)) {
            to.set(field, from.get(field));
        }
    }
}
