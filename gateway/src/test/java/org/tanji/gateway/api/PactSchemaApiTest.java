package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.demo.DemoRegistry;
import org.tanji.gateway.security.Role;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * What the registry serves on {@code /3/footprints} and {@code /3/footprints/{id}} is schema-valid PACT v3,
 * and its {@code /2} mapping schema-valid PACT v2.3, checked against JSON Schemas written for these tests
 * ({@code src/test/resources/pact/}) with formats asserted: a plain footprint, one with every optional field
 * the registry accepts, a deprecated and a certified one, a recorded calculation and the demo footprints.
 */
class PactSchemaApiTest extends PactApiTest {
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Schema V3 = load("pact/pact-v3-product-footprint.schema.json");
    private static final Schema V2 = load("pact/pact-v2-product-footprint.schema.json");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> STAGES = Map.of("raw-material-acquisition", "41.2", "production", "18.1",
            "distribution", "1.4", "end-of-life", "1.8");

    private static Schema load(String resource) {
        try (InputStream in = PactSchemaApiTest.class.getClassLoader().getResourceAsStream(resource)) {
            return SCHEMAS.getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the schema finds wrong with the document, formats included. */
    static List<String> violations(Schema schema, JsonNode document) {
        return schema.validate(document, context -> context.executionConfig(c -> c.formatAssertionsEnabled(true)))
                .stream().map(Object::toString).toList();
    }

    private String post(Client company, ObjectNode pf) {
        return postFootprint(company, pf).get("id").asString();
    }

    /** Every optional field PACT v3 defines that the registry accepts, with values at the edges of their rules. */
    private static ObjectNode rich(String companyId) {
        ObjectNode pf = Fixtures.footprint(urn("product"), "lithium-battery", "CN-AH", "62.5", STAGES);
        ((com.fasterxml.jackson.databind.node.ArrayNode) pf.get("companyIds")).add(companyId);
        pf.put("productDescription", "");
        pf.putArray("productClassifications").add("urn:pact:productclassification:un-cpc:46410").add("URN:eclass:27-04-92-01");
        pf.put("comment", "every optional field");
        pf.put("validityPeriodStart", "2026-01-01T00:00:00+08:00");
        pf.put("validityPeriodEnd", "2028-01-01T00:00:00Z");
        ObjectNode pcf = Fixtures.pcf(pf);
        pcf.remove("geographyCountrySubdivision");
        pcf.put("geographyCountry", "CN");
        pcf.put("pcfIncludingBiogenicUptake", "62.3");
        pcf.put("biogenicCarbonContent", "0.4");
        pcf.put("biogenicCO2Uptake", "-0.2");
        pcf.put("landManagementBiogenicCO2Removals", "0");
        pcf.put("recycledCarbonContent", "+0.1");
        pcf.put("packagingEmissionsIncluded", true);
        pcf.put("packagingGhgEmissions", "0.3");
        pcf.put("ccsTechnologicalCO2CaptureIncluded", false);
        pcf.put("boundaryProcessesDescription", "cell assembly, formation and ageing");
        pcf.put("exemptedEmissionsPercent", "1.2");
        pcf.put("exemptedEmissionsDescription", "");
        pcf.put("allocationRulesDescription", "mass allocation");
        pcf.putArray("ipccCharacterizationFactors").add("AR5").add("AR6");
        pcf.putArray("crossSectoralStandards").add("ISO14067").add("PACT-3.0").add("GB/T 24067-2024");
        ObjectNode source = pcf.putArray("secondaryEmissionFactorSources").addObject();
        source.put("name", "test factors");
        source.put("version", "2025");
        ObjectNode rule = pcf.putArray("productOrSectorSpecificRules").addObject();
        rule.put("operator", "Other");
        rule.putArray("ruleNames").add("Battery PCR (test)");
        rule.put("otherOperatorName", "Test rules body");
        pcf.put("primaryDataShare", "35.5");
        ObjectNode dqi = pcf.putObject("dqi");
        dqi.put("technologicalDQR", "1.5");
        dqi.put("geographicalDQR", "2");
        dqi.put("temporalDQR", "4.5");
        return pf;
    }

    @Test
    void everyFootprintTheRegistryServesIsSchemaValidPactV3AndItsV2MappingPactV2() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        String companyId = urn("company");
        List<String> ids = new ArrayList<>();
        ObjectNode plain = Fixtures.footprint(urn("product"), "lithium-battery", "CN-AH", "62.5", STAGES);
        ((com.fasterxml.jackson.databind.node.ArrayNode) plain.get("companyIds")).add(companyId);
        String old = post(company, plain);
        ids.add(old);
        ObjectNode successor = plain.deepCopy();
        successor.putArray("precedingPfIds").add(old);
        ids.add(post(company, successor));
        ids.add(post(company, rich(companyId)));
        ObjectNode region = Fixtures.footprint(urn("product"), "lithium-battery", "CN-AH", "62.5", STAGES);
        ((com.fasterxml.jackson.databind.node.ArrayNode) region.get("companyIds")).add(companyId);
        Fixtures.pcf(region).remove("geographyCountrySubdivision");
        Fixtures.pcf(region).put("geographyRegionOrSubregion", "Eastern Asia");
        ids.add(post(company, region));
        ObjectNode pieces = Fixtures.footprint(urn("product"), "lithium-battery", "CN-AH", "62.5", STAGES);
        ((com.fasterxml.jackson.databind.node.ArrayNode) pieces.get("companyIds")).add(companyId);
        Fixtures.pcf(pieces).put("declaredUnitOfMeasurement", "piece");
        Fixtures.pcf(pieces).put("productMassPerDeclaredUnit", "21.5");
        String piece = post(company, pieces);
        ids.add(piece);
        // Certified: the ledger's verification is part of what is served.
        ObjectNode certifiedPf = Fixtures.footprint(urn("product"), "lithium-battery", "CN-AH", "62.5", STAGES);
        ((com.fasterxml.jackson.databind.node.ArrayNode) certifiedPf.get("companyIds")).add(companyId);
        String certified = post(company, certifiedPf);
        ids.add(certified);
        grant(accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN-AH")), certified);
        ids.add(recordedCalculation(company, companyId));
        List<String> demo = new ArrayList<>();
        for (String document : DemoRegistry.demoFootprints()) {
            demo.add(postFootprint(company, CanonicalJson.parse(document, ObjectNode.class)).get("id").asString());
        }

        JsonNode list = awaitPact(company, "/3/footprints?companyId=" + companyId, body -> ids(body).size() == ids.size()
                && body.get("data").toString().contains("\"Deprecated\"") && body.get("data").toString().contains("verification"));
        assertThat(ids(list)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(list.get("data").isArray()).isTrue();
        for (JsonNode pf : list.get("data")) {
            assertThat(violations(V3, pf)).as("listed " + pf.get("id")).isEmpty();
        }
        List<String> all = new ArrayList<>(ids);
        all.addAll(demo);
        for (String id : all) {
            JsonNode v3 = pactGet(company, "/3/footprints/" + id);
            assertThat(v3.properties()).as("a single footprint comes as {data}").hasSize(1);
            assertThat(violations(V3, v3.get("data"))).as("/3/footprints/" + id + ": " + v3).isEmpty();
            JsonNode v2 = pactGet(company, "/2/footprints/" + id);
            assertThat(violations(V2, v2.get("data"))).as("/2/footprints/" + id + ": " + v2).isEmpty();
        }
        for (JsonNode pf : pactGet(company, "/2/footprints?companyId=" + companyId).get("data")) {
            assertThat(violations(V2, pf)).as("listed on /2: " + pf.get("id")).isEmpty();
        }
        JsonNode v2Piece = pactGet(company, "/2/footprints/" + piece).get("data").get("pcf");
        assertThat(v2Piece.get("declaredUnit").asString()).as("v2.3 has no piece: the same figures per its mass")
                .isEqualTo("kilogram");
        assertThat(v2Piece.get("unitaryProductAmount").asString()).isEqualTo("21.5");
    }

    /** A footprint the registry wrote itself: a recorded calculation, with data quality from an input's DQI. */
    private String recordedCalculation(Client company, String companyId) {
        Client admin = client(Role.REGISTRY_ADMIN, "AnhuiMSP");
        String set = FactorSetApiTest.setName();
        http.post().uri("/api/v1/factor-sets").headers(bearer(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", set, "version", "2025", "publisher", "Test registry",
                        "source", "test fixture (not official values)", "region", "CN-AH",
                        "validFrom", "2025-01-01", "validTo", "2025-12-31",
                        "factors", List.of(Map.of("code", "grid", "value", "0.5703", "unit", "kgCO2e/kWh"))))
                .exchange().expectStatus().isCreated();
        Map<String, Object> input = new HashMap<>(CalculationApiTest.input("press line electricity", "1.2", "MWh", "grid"));
        input.put("primaryData", true);
        input.put("dqi", Map.of("technologicalDQR", "1.5", "temporalDQR", "2", "geographicalDQR", "1"));
        Map<String, Object> request = new HashMap<>();
        request.put("productName", "Pressed bracket (test)");
        request.put("declaredUnit", Map.of("amount", "10", "unit", "kilogram"));
        request.put("factorSet", Map.of("name", set, "version", "2025"));
        request.put("referencePeriod", Map.of("start", "2025-01-01T00:00:00Z", "end", "2026-01-01T00:00:00Z"));
        request.put("stages", List.of(Map.of("stage", "production", "inputs", List.of(input))));
        request.put("record", true);
        request.put("productCategory", "steel");
        request.put("productIds", List.of(urn("product")));
        request.put("companyName", "Test Brackets Co.");
        request.put("companyIds", List.of(companyId));
        request.put("geography", "CN-AH");
        request.put("productMassPerDeclaredUnit", "1");
        return http.post().uri("/api/v1/calculations").headers(bearer(company)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request).exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult()
                .getResponseBody().get("footprint").get("id").asString();
    }

    @Test
    void theSchemasRefuseWhatPactRefuses() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        String id = post(company, rich(urn("company")));
        JsonNode served = awaitPact(company, "/3/footprints/" + id, b -> b.has("data")).get("data");
        assertThat(violations(V3, served)).isEmpty();
        Map<String, java.util.function.Consumer<tools.jackson.databind.node.ObjectNode>> spoilers = Map.of(
                "productDescription missing", pf -> pf.remove("productDescription"),
                "a decimal as a number", pf -> ((tools.jackson.databind.node.ObjectNode) pf.get("pcf"))
                        .put("pcfExcludingBiogenicUptake", 62.5),
                "two geographies", pf -> ((tools.jackson.databind.node.ObjectNode) pf.get("pcf")).put("geographyCountrySubdivision",
                        "CN-AH"),
                "a negative zero where PACT wants zero or more", pf -> ((tools.jackson.databind.node.ObjectNode) pf.get("pcf"))
                        .put("fossilCarbonContent", "-0"),
                "a repeated product id", pf -> ((ArrayNode) pf.get("productIds")).add(pf.get("productIds").get(0).asString()),
                "an unknown status", pf -> pf.put("status", "Retired"),
                "a created that is no date-time", pf -> pf.put("created", "2025-13-01T00:00:00Z"),
                "an id that is no UUID", pf -> pf.put("id", "not-a-uuid"),
                "an IPCC report that is no ARn", pf -> ((ArrayNode) pf.get("pcf").get("ipccCharacterizationFactors")).add("6"));
        spoilers.forEach((what, spoil) -> {
            tools.jackson.databind.node.ObjectNode broken = (tools.jackson.databind.node.ObjectNode) served.deepCopy();
            spoil.accept(broken);
            assertThat(violations(V3, broken)).as(what).isNotEmpty();
        });
        JsonNode v2 = pactGet(company, "/2/footprints/" + id).get("data");
        tools.jackson.databind.node.ObjectNode v2Broken = (tools.jackson.databind.node.ObjectNode) v2.deepCopy();
        v2Broken.remove("productCategoryCpc");
        assertThat(violations(V2, v2Broken)).isNotEmpty();
        assertThat(violations(V2, served)).as("a v3 document is no v2 one").isNotEmpty();
    }

    @Test
    void anExemptionAboveFivePercentIsValidV3AndKeptAsItIsForV2() {
        // PACT v3 dropped v2's 5 % cap; the v2 answer keeps the true figure rather than invent one.
        Client company = client(Role.COMPANY, "AnhuiMSP");
        ObjectNode pf = Fixtures.footprint(urn("product"), "lithium-battery", "CN-AH", "62.5", STAGES);
        Fixtures.pcf(pf).put("exemptedEmissionsPercent", "10.4");
        String id = post(company, pf);
        assertThat(violations(V3, awaitPact(company, "/3/footprints/" + id, b -> b.has("data")).get("data"))).isEmpty();
        JsonNode v2 = pactGet(company, "/2/footprints/" + id).get("data");
        assertThat(v2.get("pcf").get("exemptedEmissionsPercent").asDouble()).isEqualTo(10.4);
        assertThat(violations(V2, v2)).singleElement().asString().contains("exemptedEmissionsPercent");
    }
}
