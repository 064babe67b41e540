package org.tanji.gateway.api;

import java.util.List;
import java.util.Map;

import org.tanji.chaincode.support.CanonicalJson;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** PACT v3 footprints written for Tanji's tests (our own figures, not PACT's examples). */
final class Fixtures {
    private Fixtures() {
    }

    static ObjectNode battery() {
        return footprint("urn:gtin:06901234567892", "lithium-battery", "CN-AH", "62.5",
                Map.of("raw-material-acquisition", "41.2", "production", "18.1", "distribution", "1.4", "end-of-life", "1.8"));
    }

    static ObjectNode footprint(String productId, String category, String geography, String value, Map<String, String> stages) {
        ObjectNode pf = CanonicalJson.mapper().createObjectNode();
        pf.put("specVersion", "3.0.0");
        pf.put("companyName", "Test Cells Co.");
        pf.putArray("companyIds").add("urn:uscc:91340100TEST00001X");
        pf.put("productDescription", "280Ah LFP cell");
        pf.putArray("productIds").add(productId);
        pf.put("productNameCompany", "LFP cell 280Ah");
        ObjectNode pcf = pf.putObject("pcf");
        pcf.put("declaredUnitOfMeasurement", "kilowatt hour");
        pcf.put("declaredUnitAmount", "1");
        pcf.put("productMassPerDeclaredUnit", "5.4");
        pcf.put("referencePeriodStart", "2025-01-01T00:00:00Z");
        pcf.put("referencePeriodEnd", "2026-01-01T00:00:00Z");
        pcf.put("geographyCountrySubdivision", geography);
        pcf.put("pcfExcludingBiogenicUptake", value);
        pcf.put("pcfIncludingBiogenicUptake", value);
        pcf.put("fossilGhgEmissions", value);
        pcf.put("fossilCarbonContent", "0");
        pcf.putArray("ipccCharacterizationFactors").add("AR6");
        pcf.putArray("crossSectoralStandards").add("ISO14067");
        pcf.put("exemptedEmissionsPercent", "0");
        ObjectNode ext = pf.putArray("extensions").addObject();
        ext.put("specVersion", "2.0.0");
        ext.put("dataSchema", "https://registry.example/.well-known/tanji/footprint-extension/1.0.0/schema.json");
        ObjectNode data = ext.putObject("data");
        data.put("productCategory", category);
        ObjectNode st = data.putObject("lifecycleStages");
        stages.forEach(st::put);
        return pf;
    }

    static ObjectNode pcf(ObjectNode pf) {
        return (ObjectNode) pf.get("pcf");
    }

    /** Upper bounds of grades 1 to 5 of the tests' benchmarks: the battery's 62.5 kg CO2e per kWh is exactly on grade 2's. */
    static final List<String> THRESHOLDS = List.of("50", "62.5", "100", "1000", "100000");
    /** The grade {@link #THRESHOLDS} give the battery fixture. */
    static final String BATTERY_GRADE = "2";

    /** A test benchmark (not a real grading scheme) for one product category and declared unit, valid from 2020 on. */
    static Map<String, Object> benchmark(String category, String unit) {
        return Map.of("productCategory", category, "unit", unit, "thresholds", THRESHOLDS, "validFrom", "2020-01-01",
                "source", "test benchmark, not a real grading scheme");
    }
}
