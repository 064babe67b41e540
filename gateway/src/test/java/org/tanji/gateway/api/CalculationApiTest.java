package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.tanji.gateway.ledger.embedded.EmbeddedLedger;
import org.tanji.gateway.security.Role;

import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/calculations} over real HTTP against the embedded ledger: a hand-worked
 * example, reproducibility, recording, and every bad input refused with nothing left behind.
 */
class CalculationApiTest extends ApiTest {
    @Autowired
    EmbeddedLedger ledger;
    @Autowired
    MongoDatabase database;

    Client admin;
    Client company;
    String set;

    @BeforeEach
    void factorSet() {
        admin = client(Role.REGISTRY_ADMIN, "AnhuiMSP");
        company = client(Role.COMPANY, "AnhuiMSP");
        set = FactorSetApiTest.setName();
        http.post().uri("/api/v1/factor-sets").headers(bearer(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", set, "version", "2025", "publisher", "Test registry",
                        "source", "test fixture (not official values)", "region", "CN-AH",
                        "validFrom", "2025-01-01", "validTo", "2025-12-31",
                        "factors", List.of(
                                Map.of("code", "grid", "value", "0.5703", "unit", "kgCO2e/kWh"),
                                Map.of("code", "steel", "value", "2.1", "unit", "tCO2e/t"),
                                Map.of("code", "truck", "value", "62", "unit", "gCO2e/tkm"))))
                .exchange().expectStatus().isCreated();
    }

    static Map<String, Object> input(String description, String quantity, String unit, String factorCode) {
        Map<String, Object> in = new HashMap<>(Map.of("description", description, "quantity", quantity, "unit", unit));
        in.put(factorCode.length() == 36 ? "supplierFootprintId" : "factorCode", factorCode);
        return in;
    }

    /** The hand-worked example below: three stages, mass allocation 0.8, declared unit 10 kg. */
    Map<String, Object> example() {
        Map<String, Object> r = new HashMap<>();
        r.put("productName", "Steel bracket (test)");
        r.put("declaredUnit", Map.of("amount", "10", "unit", "kilogram"));
        r.put("factorSet", Map.of("name", set, "version", "2025"));
        r.put("referencePeriod", Map.of("start", "2025-01-01T00:00:00Z", "end", "2026-01-01T00:00:00Z"));
        r.put("allocation", Map.of("method", "mass", "share", "0.8"));
        r.put("stages", List.of(
                Map.of("stage", "raw-material-acquisition", "inputs", List.of(input("hot-rolled steel", "250", "kg", "steel"))),
                Map.of("stage", "production", "inputs", List.of(input("press line electricity", "1.2", "MWh", "grid"),
                        input("controller standby", "450", "Wh", "grid"))),
                Map.of("stage", "distribution", "inputs", List.of(input("truck to customer", "150", "tkm", "truck")))));
        return r;
    }

    Map<String, Object> recordable(Map<String, Object> request) {
        Map<String, Object> r = new HashMap<>(request);
        r.put("record", true);
        r.put("productCategory", "steel");
        r.put("productIds", List.of("urn:gtin:06901234567892"));
        r.put("companyName", "Test Brackets Co.");
        r.put("companyIds", List.of("urn:uscc:91340100TEST00002X"));
        r.put("geography", "CN-AH");
        r.put("productMassPerDeclaredUnit", "1");
        return r;
    }

    JsonNode calculate(Map<String, Object> request, int status) {
        return http.post().uri("/api/v1/calculations").headers(bearer(company)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request).exchange().expectStatus().isEqualTo(status).expectBody(JsonNode.class).returnResult()
                .getResponseBody();
    }

    /**
     * Worked by hand, per the rounding rule (exact until the last step, then 6 places half-even):
     * <pre>
     * raw-material-acquisition: 250 kg = 0.25 t x 2.1 tCO2e/t = 0.525 t = 525 kg CO2e
     * production:   1.2 MWh = 1200 kWh x 0.5703 = 684.36 kg
     *               450 Wh  = 0.45 kWh x 0.5703 =   0.256635 kg        sum 684.616635 kg
     * distribution: 150 tkm x 62 g = 9300 g = 9.3 kg
     * allocation 0.8, declared amount 10 kg:
     *   raw          525        x 0.8 / 10 = 42                          -> 42.000000
     *   production   684.616635 x 0.8 / 10 = 54.7693308                  -> 54.769331
     *   distribution 9.3        x 0.8 / 10 = 0.744                       -> 0.744000
     * total = 42.000000 + 54.769331 + 0.744000 = 97.513331
     * electricity consumed: (1.2 + 0.00045) MWh x 0.8 = 0.96036 MWh, location-based 54.769331 kg per declared unit
     * </pre>
     */
    @Test
    void theHandWorkedExampleComesOutToTheLastDigit() {
        JsonNode result = calculate(example(), 200);
        assertThat(result.get("byStage").get("raw-material-acquisition").asString()).isEqualTo("42.000000");
        assertThat(result.get("byStage").get("production").asString()).isEqualTo("54.769331");
        assertThat(result.get("byStage").get("distribution").asString()).isEqualTo("0.744000");
        assertThat(result.get("total").asString()).isEqualTo("97.513331");
        assertThat(result.get("unit").asString()).isEqualTo("kgCO2e");
        assertThat(result.get("electricity").get("consumedMwh").asString()).isEqualTo("0.96036");
        assertThat(result.get("electricity").get("locationBasedKgCO2e").asString()).isEqualTo("54.769331");
        JsonNode provenance = result.get("provenance");
        assertThat(provenance.get("factorSet").get("documentHash").asString()).startsWith("sha256:");
        List<String> codes = new ArrayList<>();
        provenance.get("factors").forEach(f -> {
            codes.add(f.get("code").asString());
            assertThat(f.get("documentHash").asString()).isEqualTo(provenance.get("factorSet").get("documentHash").asString());
            assertThat(f.get("version").asString()).isEqualTo("2025");
        });
        assertThat(codes).containsExactly("grid", "steel", "truck");
        assertThat(result.get("dataQuality").get("primaryDataShare").asString()).isEqualTo("0.00");
        assertThat(result.get("resultHash").asString()).startsWith("sha256:");
    }

    @Test
    void theSameInputsGiveTheSameResultHashAndARecordedFootprintRecomputesToIt() {
        String first = calculate(example(), 200).get("resultHash").asString();
        assertThat(calculate(example(), 200).get("resultHash").asString()).isEqualTo(first);
        JsonNode recorded = calculate(recordable(example()), 201);
        assertThat(recorded.get("resultHash").asString()).isEqualTo(first);
        String footprintId = recorded.get("footprint").get("id").asString();

        JsonNode footprint = http.get().uri("/api/v1/footprints/{id}", footprintId).headers(bearer(company)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(footprint.get("record").get("value").asString()).isEqualTo("97.513331");
        assertThat(footprint.get("record").get("stages").get("production").asString()).isEqualTo("54.769331");
        JsonNode calculation = footprint.get("document").get("extensions").get(0).get("data").get("calculation");
        assertThat(calculation.get("resultHash").asString()).isEqualTo(first);

        Client certifier = accreditedCertifier("AnhuiMSP", List.of("steel"), List.of("CN-AH"));
        http.post().uri("/api/v1/calculations/{id}/recomputation", footprintId).headers(bearer(certifier)).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.matches").isEqualTo(true)
                .jsonPath("$.recomputedResultHash").isEqualTo(first);

        Map<String, Object> changed = example();
        changed.put("allocation", Map.of("method", "mass", "share", "0.81"));
        assertThat(calculate(changed, 200).get("resultHash").asString()).isNotEqualTo(first);
    }

    /**
     * Footprints submitted with a calculation extension can name any id as a supplier, even one not
     * recorded yet; recording that id with them as its supplier would close a loop three deep.
     */
    @Test
    void aCycleThroughSubmittedSupplierFootprintsIsRefusedNamingItsPath() {
        String x = UUID.randomUUID().toString();
        Client supplier = client(Role.COMPANY, "GansuMSP");
        String y = postFootprint(supplier, namingSupplier(x)).get("id").asString();
        String z = postFootprint(supplier, namingSupplier(y)).get("id").asString();
        long height = ledger.height();
        long docs = documents();
        Map<String, Object> cycle = recordable(example());
        cycle.put("id", x);
        cycle.put("stages", List.of(Map.of("stage", "production", "inputs", List.of(input("cells", "1", "kWh", z)))));
        JsonNode problem = refused(cycle, 422, "stages[0].inputs[0].supplierFootprintId");
        assertThat(problem.toString()).contains(x + " -> " + z + " -> " + y + " -> " + x);
        assertThat(ledger.height()).isEqualTo(height);
        assertThat(documents()).isEqualTo(docs);
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode namingSupplier(String supplierId) {
        var pf = Fixtures.battery();
        var data = (com.fasterxml.jackson.databind.node.ObjectNode) pf.get("extensions").get(0).get("data");
        data.putObject("calculation").putObject("provenance").putArray("supplierFootprints").addObject().put("id", supplierId);
        return pf;
    }

    @Test
    void aSupplierFootprintCountsPerItsDeclaredUnit() {
        Client supplier = client(Role.COMPANY, "GansuMSP");
        String cells = postFootprint(supplier, Fixtures.battery()).get("id").asString(); // 62.5 kg per kWh
        Map<String, Object> r = example();
        // 2 MWh of cells = 2000 kWh x 62.5 = 125000 kg; x 0.8 / 10 = 10000 per declared unit.
        r.put("stages", List.of(Map.of("stage", "raw-material-acquisition",
                "inputs", List.of(input("battery cells", "2", "MWh", cells)))));
        JsonNode result = calculate(r, 200);
        assertThat(result.get("total").asString()).isEqualTo("10000.000000");
        JsonNode used = result.get("provenance").get("supplierFootprints").get(0);
        assertThat(used.get("id").asString()).isEqualTo(cells);
        assertThat(used.get("documentHash").asString()).startsWith("sha256:");
        assertThat(used.get("recordHash").asString()).startsWith("sha256:");
    }

    @Test
    void badInputsAreNamedAndNothingIsRecorded() {
        long height = ledger.height();
        long docs = documents();

        Map<String, Object> wrongDimension = recordable(example());
        wrongDimension.put("stages", List.of(Map.of("stage", "production", "inputs", List.of(input("oops", "5", "kg", "grid")))));
        JsonNode problem = refused(wrongDimension, 422, "stages[0].inputs[0].unit");
        assertThat(problem.toString()).contains("kg").contains("kWh");

        Map<String, Object> unknown = recordable(example());
        unknown.put("stages", List.of(Map.of("stage", "production", "inputs", List.of(input("x", "5", "kWh", "no-such-code")))));
        refused(unknown, 422, "stages[0].inputs[0].factorCode");

        for (String quantity : List.of("0", "-3")) {
            Map<String, Object> nonPositive = recordable(example());
            nonPositive.put("stages", List.of(Map.of("stage", "production", "inputs", List.of(input("x", quantity, "kWh", "grid")))));
            refused(nonPositive, 400, "stages[0].inputs[0].quantity");
        }

        Map<String, Object> outOfPeriod = recordable(example());
        outOfPeriod.put("referencePeriod", Map.of("start", "2025-07-01T00:00:00Z", "end", "2026-07-01T00:00:00Z"));
        refused(outOfPeriod, 422, "factorSet");

        Map<String, Object> noSuchSet = recordable(example());
        noSuchSet.put("factorSet", Map.of("name", set, "version", "1999"));
        refused(noSuchSet, 422, "factorSet");

        String self = UUID.randomUUID().toString();
        Map<String, Object> cycle = recordable(example());
        cycle.put("id", self);
        cycle.put("stages", List.of(Map.of("stage", "production", "inputs", List.of(input("itself", "1", "kg", self)))));
        assertThat(refused(cycle, 422, "stages[0].inputs[0].supplierFootprintId").toString()).contains("cycle");

        Map<String, Object> missingSupplier = recordable(example());
        missingSupplier.put("stages", List.of(Map.of("stage", "production",
                "inputs", List.of(input("ghost", "1", "kg", UUID.randomUUID().toString())))));
        refused(missingSupplier, 422, "stages[0].inputs[0].supplierFootprintId");

        Map<String, Object> badStage = recordable(example());
        badStage.put("stages", List.of(Map.of("stage", "teleportation", "inputs", List.of(input("x", "1", "kWh", "grid")))));
        refused(badStage, 400, "stages[0].stage");

        Map<String, Object> badShare = recordable(example());
        badShare.put("allocation", Map.of("method", "mass", "share", "1.5"));
        refused(badShare, 400, "allocation.share");

        assertThat(ledger.height()).as("ledger height after refused calculations").isEqualTo(height);
        assertThat(documents()).as("stored documents after refused calculations").isEqualTo(docs);
    }

    private JsonNode refused(Map<String, Object> request, int status, String field) {
        JsonNode problem = http.post().uri("/api/v1/calculations").headers(bearer(company)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request).exchange().expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).as(problem.toString()).contains(field);
        return problem;
    }

    private long documents() {
        return Mono.from(database.getCollection("documents").countDocuments(new Document())).block();
    }
}
