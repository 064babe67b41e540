package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.ledger.embedded.EmbeddedLedger;
import org.tanji.gateway.security.Role;
import org.tanji.gateway.store.DocumentStore;

import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Publishing emission-factor sets over HTTP, as JSON and CSV, and looking factors up by code, region and day. */
class FactorSetApiTest extends ApiTest {
    @Autowired
    EmbeddedLedger ledger;
    @Autowired
    MongoDatabase database;
    @Autowired
    DocumentStore documents;

    /** A fresh set name per test: the registry is shared by every test of the JVM. */
    static String setName() {
        return "test-grid-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> gridSet(String name, String version, String region, String validFrom, String validTo,
                                       String gridFactor) {
        return Map.of("name", name, "version", version, "publisher", "Test registry", "source",
                "test fixture (not official values)", "region", region, "validFrom", validFrom, "validTo", validTo,
                "factors", List.of(
                        Map.of("code", name + "-electricity", "description", "grid electricity", "value", gridFactor,
                                "unit", "kgCO2e/kWh"),
                        Map.of("code", name + "-steel", "description", "hot-rolled steel", "value", "2.1", "unit",
                                "tCO2e/t", "source", "test mill survey")));
    }

    JsonNode publish(Client admin, Map<String, Object> set) {
        return http.post().uri("/api/v1/factor-sets").headers(bearer(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(set).exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult()
                .getResponseBody();
    }

    JsonNode lookup(Client who, String code, String region, String date) {
        return http.get().uri(u -> u.path("/api/v1/factors/{code}").queryParam("region", region).queryParam("date", date)
                        .build(code)).headers(bearer(who)).exchange().expectStatus().isOk().expectBody(JsonNode.class)
                .returnResult().getResponseBody();
    }

    @Test
    void aPublishedSetIsAnchoredAndItsFactorsAreFoundByCodeRegionAndDay() {
        Client admin = client(Role.REGISTRY_ADMIN, "AnhuiMSP");
        Client company = client(Role.COMPANY, "AnhuiMSP");
        String name = setName();
        JsonNode first = publish(admin, gridSet(name, "2024", "CN-AH", "2024-01-01", "2024-12-31", "0.6100"));
        JsonNode second = publish(admin, gridSet(name, "2025", "CN-AH", "2025-01-01", "2025-12-31", "0.5703"));
        assertThat(second.get("documentHash").asString()).startsWith("sha256:");
        assertThat(second.get("factorCount").asInt()).isEqualTo(2);

        JsonNode found = lookup(company, name + "-electricity", "CN-AH", "2025-06-30");
        assertThat(found.get("factor").get("value").asString()).isEqualTo("0.5703");
        assertThat(found.get("set").get("version").asString()).isEqualTo("2025");
        assertThat(found.get("set").get("documentHash").asString()).isEqualTo(second.get("documentHash").asString());
        assertThat(lookup(company, name + "-electricity", "CN-AH", "2024-12-31").get("factor").get("value").asString())
                .isEqualTo("0.61");
        // The factor's own source is kept; a factor without one names the set's.
        assertThat(lookup(company, name + "-steel", "CN-AH", "2025-01-01").get("factor").get("source").asString())
                .isEqualTo("test mill survey");
        assertThat(lookup(company, name + "-electricity", "CN-AH", "2025-01-01").get("factor").get("source").asString())
                .isEqualTo("test fixture (not official values)");
        http.get().uri("/api/v1/factors/{code}?region=CN-AH&date=2026-01-01", name + "-electricity").headers(bearer(company))
                .exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/factors/{code}?region=CN-GS&date=2025-06-30", name + "-electricity").headers(bearer(company))
                .exchange().expectStatus().isNotFound();

        JsonNode full = http.get().uri("/api/v1/factor-sets/{n}/{v}", name, "2024").headers(bearer(company)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(full.get("documentHash").asString()).isEqualTo(first.get("documentHash").asString());
        assertThat(full.get("factors").size()).isEqualTo(2);
    }

    @Test
    void aCsvSetIsPublishedLikeAJsonOneAndANationalSetServesEveryProvince() {
        Client admin = client(Role.REGISTRY_ADMIN, "GansuMSP");
        String name = setName();
        String csv = "code,description,value,unit,source,kind\n"
                + name + "-grid,\"grid electricity, national average\",0.5366,kgCO2e/kWh,,electricity\n"
                + name + "-cement,cement clinker,862,kgCO2e/t,\"test survey \"\"2025\"\"\"\n";
        JsonNode published = http.post().uri(u -> u.path("/api/v1/factor-sets").queryParam("name", name)
                        .queryParam("version", "1").queryParam("publisher", "Test registry")
                        .queryParam("source", "test fixture").queryParam("region", "CN")
                        .queryParam("validFrom", "2025-01-01").build())
                .headers(bearer(admin)).contentType(MediaType.parseMediaType("text/csv")).bodyValue(csv).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(published.get("factorCount").asInt()).isEqualTo(2);
        JsonNode cement = lookup(admin, name + "-cement", "CN-GS", "2030-01-01");
        assertThat(cement.get("factor").get("source").asString()).isEqualTo("test survey \"2025\"");
        assertThat(cement.get("set").get("region").asString()).isEqualTo("CN");
        JsonNode grid = lookup(admin, name + "-grid", "CN-AH", "2025-03-01").get("factor");
        assertThat(grid.get("description").asString()).isEqualTo("grid electricity, national average");
        assertThat(grid.get("kind").asString()).isEqualTo("electricity");
        assertThat(cement.get("factor").has("kind")).as("a short line leaves the kind out").isFalse();
    }

    /**
     * The canonical form written out by hand: keys sorted, factors sorted by code, values without
     * trailing zeros, the set's source for a factor that names none, nothing absent written. Its
     * SHA-256, recomputed here, is the hash the API answers, the ledger anchors and the store keeps
     * the bytes under.
     */
    @Test
    void theAnchoredHashIsTheSha256OfTheCanonicalForm() throws Exception {
        Client admin = client(Role.REGISTRY_ADMIN, "AnhuiMSP");
        String name = setName();
        JsonNode published = publish(admin, Map.of("name", name, "version", "1", "publisher", "Test registry",
                "source", "test fixture", "region", "CN-AH", "validFrom", "2025-01-01", "validTo", "2025-12-31",
                "factors", List.of(
                        Map.of("code", "steel", "description", "hot-rolled steel", "value", "2.10", "unit", "tCO2e/t",
                                "source", "test mill survey"),
                        Map.of("code", "grid", "value", "0.570300", "unit", "kgCO2e/kWh", "kind", "electricity"))));
        String canonical = "{\"factors\":["
                + "{\"code\":\"grid\",\"kind\":\"electricity\",\"source\":\"test fixture\",\"unit\":\"kgCO2e/kWh\","
                + "\"value\":\"0.5703\"},"
                + "{\"code\":\"steel\",\"description\":\"hot-rolled steel\",\"source\":\"test mill survey\","
                + "\"unit\":\"tCO2e/t\",\"value\":\"2.1\"}],"
                + "\"name\":\"" + name + "\",\"publisher\":\"Test registry\",\"region\":\"CN-AH\",\"source\":\"test fixture\","
                + "\"validFrom\":\"2025-01-01\",\"validTo\":\"2025-12-31\",\"version\":\"1\"}";
        byte[] bytes = canonical.getBytes(StandardCharsets.UTF_8);
        String expected = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));

        assertThat(published.get("documentHash").asString()).isEqualTo(expected);
        assertThat(http.get().uri("/api/v1/factor-sets/{n}/{v}", name, "1").headers(bearer(admin)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("documentHash").asString()).isEqualTo(expected);
        byte[] anchored = ledger.evaluate(clients.ledgerIdentity(clients.find(admin.id()).block()), "factorset:get",
                List.of(name, "1")).block();
        assertThat(CanonicalJson.mapper().readTree(anchored).get("documentHash").asText()).as("the ledger's anchor")
                .isEqualTo(expected);
        assertThat(documents.get(expected).block().content()).as("the stored bytes").isEqualTo(bytes);
    }

    @Test
    void aVersionIsPublishedOnceAndOnlyByARegistryAdmin() {
        Client admin = client(Role.REGISTRY_ADMIN, "AnhuiMSP");
        String name = setName();
        publish(admin, gridSet(name, "1", "CN-AH", "2025-01-01", "2025-12-31", "0.57"));
        long height = ledger.height();
        long docs = documents();
        http.post().uri("/api/v1/factor-sets").headers(bearer(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(gridSet(name, "1", "CN-AH", "2025-01-01", "2025-12-31", "0.58")).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail").value(d -> assertThat((String) d)
                        .contains("immutable"));
        http.post().uri("/api/v1/factor-sets").headers(bearer(client(Role.COMPANY, "AnhuiMSP")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(gridSet(name, "2", "CN-AH", "2025-01-01", "2025-12-31", "0.58"))
                .exchange().expectStatus().isForbidden();
        assertThat(ledger.height()).isEqualTo(height);
        assertThat(documents()).as("the refused set's document is removed again").isEqualTo(docs);
    }

    @Test
    void badSetsAreRefusedNamingTheFieldAndLeaveNothingBehind() {
        Client admin = client(Role.REGISTRY_ADMIN, "AnhuiMSP");
        long height = ledger.height();
        long docs = documents();
        Map<String, Object> badUnit = new java.util.HashMap<>(gridSet(setName(), "1", "CN-AH", "2025-01-01", "2025-12-31", "0.5"));
        badUnit.put("factors", List.of(Map.of("code", "x", "value", "1", "unit", "kgCO2e/furlong")));
        refused(admin, badUnit, "factors[0].unit");
        Map<String, Object> badValue = new java.util.HashMap<>(badUnit);
        badValue.put("factors", List.of(Map.of("code", "x", "value", "0,5", "unit", "kgCO2e/kWh")));
        refused(admin, badValue, "factors[0].value");
        Map<String, Object> backwards = new java.util.HashMap<>(gridSet(setName(), "1", "CN-AH", "2025-01-01", "2024-12-31", "0.5"));
        refused(admin, backwards, "validTo");
        Map<String, Object> twice = new java.util.HashMap<>(badUnit);
        twice.put("factors", List.of(Map.of("code", "x", "value", "1", "unit", "kgCO2e/kWh"),
                Map.of("code", "x", "value", "2", "unit", "kgCO2e/kWh")));
        refused(admin, twice, "factors[1].code");
        // Electricity is energy; and a kind is one the registry knows.
        Map<String, Object> electricMass = new java.util.HashMap<>(badUnit);
        electricMass.put("factors", List.of(Map.of("code", "x", "value", "1", "unit", "kgCO2e/kg", "kind", "electricity")));
        refused(admin, electricMass, "factors[0].kind");
        Map<String, Object> unknownKind = new java.util.HashMap<>(badUnit);
        unknownKind.put("factors", List.of(Map.of("code", "x", "value", "1", "unit", "kgCO2e/kWh", "kind", "green")));
        refused(admin, unknownKind, "factors[0].kind");
        assertThat(ledger.height()).isEqualTo(height);
        assertThat(documents()).isEqualTo(docs);
    }

    private void refused(Client admin, Map<String, Object> set, String field) {
        JsonNode problem = http.post().uri("/api/v1/factor-sets").headers(bearer(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(set).exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        List<String> fields = new java.util.ArrayList<>();
        problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).as(problem.toString()).contains(field);
    }

    private long documents() {
        return Mono.from(database.getCollection("documents").countDocuments(new Document())).block();
    }
}
