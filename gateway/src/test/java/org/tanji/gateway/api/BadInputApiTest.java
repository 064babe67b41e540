package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.tanji.gateway.ledger.embedded.EmbeddedLedger;
import org.tanji.gateway.security.Role;

import tools.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Mono;

/**
 * Every kind of bad input gets a 4xx problem+json naming the field, and leaves nothing behind:
 * the ledger's height and the store's document count are unchanged afterwards.
 */
class BadInputApiTest extends ApiTest {
    @Autowired
    EmbeddedLedger ledger;
    @Autowired
    MongoDatabase database;

    Client certifier;

    @BeforeEach
    void certifier() {
        certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN-AH"));
    }

    private long documents() {
        return Mono.from(database.getCollection("documents").countDocuments(new Document())).block();
    }

    private void rejected(String body, int status, String field) {
        long height = ledger.height();
        long docs = documents();
        JsonNode problem = http.post().uri("/api/v1/footprints").headers(bearer(certifier))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail")).as(problem.toString()).isNotNull();
        assertThat(problem.get("detail").asString()).isNotBlank();
        if (field != null) {
            List<String> fields = new java.util.ArrayList<>();
            problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
            assertThat(fields).as(problem.toString()).contains(field);
        }
        assertThat(ledger.height()).as("ledger height after a refused request").isEqualTo(height);
        assertThat(documents()).as("stored documents after a refused request").isEqualTo(docs);
    }

    private void rejected(Consumer<ObjectNode> spoil, String field) {
        ObjectNode pf = Fixtures.battery();
        spoil.accept(pf);
        rejected(pf.toString(), 400, field);
    }

    @Test
    void malformedJsonIs400() {
        rejected("{\"companyName\": \"x\",", 400, "body");
        rejected("[1,2,3]", 400, "body");
        rejected("", 400, "body");
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        rejected(pf -> pf.remove("companyName"), "companyName");
        rejected(pf -> pf.remove("productIds"), "productIds");
        rejected(pf -> Fixtures.pcf(pf).remove("pcfExcludingBiogenicUptake"), "pcf.pcfExcludingBiogenicUptake");
        rejected(pf -> pf.remove("pcf"), "pcf");
        rejected(pf -> pf.remove("extensions"), "extensions");
    }

    @Test
    void whatPactV3RequiresOrFormatsIsCheckedFieldByField() {
        rejected(pf -> pf.remove("productDescription"), "productDescription");
        rejected(pf -> pf.put("productDescription", 280), "productDescription");
        rejected(pf -> ((com.fasterxml.jackson.databind.node.ArrayNode) pf.get("productIds")).add("urn:gtin:06901234567892"),
                "productIds[1]");
        rejected(pf -> pf.putArray("productClassifications"), "productClassifications");
        rejected(pf -> pf.putArray("precedingPfIds"), "precedingPfIds");
        rejected(pf -> pf.put("comment", false), "comment");
        rejected(pf -> Fixtures.pcf(pf).put("geographyCountry", "CN"), "pcf.geographyCountry");
        rejected(pf -> {
            Fixtures.pcf(pf).remove("geographyCountrySubdivision");
            Fixtures.pcf(pf).put("geographyRegionOrSubregion", "Far East");
        }, "pcf.geographyRegionOrSubregion");
        rejected(pf -> Fixtures.pcf(pf).putArray("ipccCharacterizationFactors").add("6"), "pcf.ipccCharacterizationFactors[0]");
        rejected(pf -> Fixtures.pcf(pf).putArray("crossSectoralStandards").add("ISO14067").add("ISO14067"),
                "pcf.crossSectoralStandards[1]");
        rejected(pf -> Fixtures.pcf(pf).put("fossilCarbonContent", "-0"), "pcf.fossilCarbonContent");
        rejected(pf -> Fixtures.pcf(pf).put("biogenicCO2Uptake", "+0.5"), "pcf.biogenicCO2Uptake");
        rejected(pf -> Fixtures.pcf(pf).put("packagingEmissionsIncluded", "yes"), "pcf.packagingEmissionsIncluded");
        rejected(pf -> Fixtures.pcf(pf).put("ccuCalculationApproach", "Offset"), "pcf.ccuCalculationApproach");
        rejected(pf -> Fixtures.pcf(pf).putArray("secondaryEmissionFactorSources").addObject().put("name", "ecoinvent"),
                "pcf.secondaryEmissionFactorSources[0].version");
        rejected(pf -> Fixtures.pcf(pf).putArray("productOrSectorSpecificRules").addObject().put("operator", "ISO")
                .putArray("ruleNames").add("x"), "pcf.productOrSectorSpecificRules[0].operator");
        rejected(pf -> Fixtures.pcf(pf).putObject("dqi").put("technologicalDQR", "5.5").put("geographicalDQR", "1")
                .put("temporalDQR", "1"), "pcf.dqi.technologicalDQR");
        rejected(pf -> Fixtures.pcf(pf).put("exemptedEmissionsPercent", "100.5"), "pcf.exemptedEmissionsPercent");
        rejected(pf -> ((ObjectNode) pf.get("extensions").get(0)).put("dataSchema", "footprint-extension schema"),
                "extensions[0].dataSchema");
    }

    @Test
    void decimalsMustBeDecimalStrings() {
        rejected(pf -> Fixtures.pcf(pf).put("declaredUnitAmount", 1), "pcf.declaredUnitAmount");
        rejected(pf -> Fixtures.pcf(pf).put("pcfExcludingBiogenicUptake", "12,5"), "pcf.pcfExcludingBiogenicUptake");
        rejected(pf -> Fixtures.pcf(pf).put("fossilGhgEmissions", "1e3"), "pcf.fossilGhgEmissions");
    }

    @Test
    void unknownEnumValuesAreNamed() {
        rejected(pf -> Fixtures.pcf(pf).put("declaredUnitOfMeasurement", "furlong"), "pcf.declaredUnitOfMeasurement");
        rejected(pf -> pf.put("status", "Bogus"), "status");
        rejected(pf -> ((ObjectNode) pf.get("extensions").get(0).get("data").get("lifecycleStages")).put("teleportation", "1"),
                "extensions[0].data.lifecycleStages.teleportation");
    }

    @Test
    void negativeAmountsAreRefused() {
        rejected(pf -> Fixtures.pcf(pf).put("declaredUnitAmount", "-1"), "pcf.declaredUnitAmount");
        rejected(pf -> Fixtures.pcf(pf).put("fossilCarbonContent", "-0.5"), "pcf.fossilCarbonContent");
    }

    @Test
    void datesInTheWrongOrderAreRefused() {
        rejected(pf -> Fixtures.pcf(pf).put("referencePeriodEnd", "2024-01-01T00:00:00Z"), "pcf.referencePeriodEnd");
        rejected(pf -> Fixtures.pcf(pf).put("referencePeriodStart", "yesterday"), "pcf.referencePeriodStart");
    }

    @Test
    void stagesThatDoNotAddUpAreRefused() {
        rejected(pf -> ((ObjectNode) pf.get("extensions").get(0).get("data").get("lifecycleStages")).put("use", "5"),
                "extensions[0].data.lifecycleStages");
    }

    @Test
    void oversizedBodyIs413() {
        ObjectNode pf = Fixtures.battery();
        pf.put("comment", "x".repeat(1_100_000));
        rejected(pf.toString(), 413, "body");
    }

    @Test
    void contractRefusalAfterValidationLeavesNoOrphanDocument() {
        ObjectNode pf = Fixtures.battery();
        pf.putArray("precedingPfIds").add("0a3c9a8e-5d51-4f0e-9a39-6d1a0d0c2f99");
        rejected(pf.toString(), 404, null);
    }

    @Test
    void certificationInputIsCheckedFieldByField() {
        String footprintId = postFootprint(certifier, Fixtures.battery()).get("id").asString();
        benchmarkFor(certifier, footprintId);
        long height = ledger.height();
        http.post().uri("/api/v1/certifications").headers(bearer(certifier)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("footprintId", footprintId, "decision", "MAYBE")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("decision");
        http.post().uri("/api/v1/certifications").headers(bearer(certifier)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("footprintId", footprintId, "decision", "GRANTED",
                        "validUntil", "2020-01-01T00:00:00Z")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("validUntil");
        http.post().uri("/api/v1/certifications").headers(bearer(certifier)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("footprintId", footprintId, "decision", "GRANTED",
                        "validUntil", inDays(30), "gtin", "6901234567893")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("gtin");
        // The grade is the benchmark's; a certifier's own that differs is refused, naming the one that applies.
        http.post().uri("/api/v1/certifications").headers(bearer(certifier)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("footprintId", footprintId, "decision", "GRANTED", "grade", "A",
                        "validUntil", inDays(30))).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("grade")
                .jsonPath("$.detail").value(d -> assertThat((String) d).startsWith("grade A differs from grade "
                        + Fixtures.BATTERY_GRADE));
        http.post().uri("/api/v1/certifications").headers(bearer(certifier)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("footprintId", footprintId, "decision", "GRANTED",
                        "validUntil", inDays(30), "gtin", "6901234567892", "serials", List.of("SN-1"))).exchange()
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("serials")
                .jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("/api/v1/labels/{labelId}/units"));
        http.post().uri("/api/v1/certifications").headers(bearer(certifier)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("decision", "GRANTED")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors.length()").isEqualTo(2);
        assertThat(ledger.height()).isEqualTo(height);
    }

    @Test
    void concurrentDecisionsOnOneLabelEndWithOneWinnerAndOneConflict() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        String footprintId = postFootprint(company, Fixtures.battery()).get("id").asString();
        String labelId = grant(certifier, footprintId).get("labelId").asString();
        // Fire two decisions at once through the raw reactive client so they overlap.
        var client = org.springframework.web.reactive.function.client.WebClient.create(baseUrl());
        var first = client.post().uri("/api/v1/certifications").headers(bearer(certifier))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("labelId", labelId, "decision", "REVOKED",
                        "reason", "first")).exchangeToMono(r -> Mono.just(r.statusCode().value()));
        var second = client.post().uri("/api/v1/certifications").headers(bearer(certifier))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("labelId", labelId, "decision", "REVOKED",
                        "reason", "second")).exchangeToMono(r -> Mono.just(r.statusCode().value()));
        var statuses = Mono.zip(first, second).block();
        assertThat(List.of(statuses.getT1(), statuses.getT2())).containsExactlyInAnyOrder(200, 409);
        JsonNode history = http.get().uri("/api/v1/labels/{id}/history", labelId).headers(bearer(certifier)).exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        long revocations = 0;
        for (JsonNode v : history.get("versions")) {
            if ("REVOKED".equals(v.get("record").get("decision").asString())) {
                revocations++;
            }
        }
        assertThat(revocations).isEqualTo(1);
    }
}
