package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Green-certificate claims over HTTP: market-based electricity, and a double claim refused with 409 naming the first. */
class GreenCertificateApiTest extends ApiTest {
    @Autowired
    EmbeddedLedger ledger;
    @Autowired
    MongoDatabase database;

    String issuer;

    @BeforeEach
    void issuer() {
        // Serials are network-wide; an issuer per test keeps tests independent.
        issuer = "GEC-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A footprint calculated and recorded by {@code company}: 10 MWh at 0.5 kg/kWh = 5000 kg for 1 piece. */
    String calculatedFootprint(Client company) {
        Client admin = client(Role.REGISTRY_ADMIN, company.org());
        String set = FactorSetApiTest.setName();
        http.post().uri("/api/v1/factor-sets").headers(bearer(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", set, "version", "1", "publisher", "Test registry", "source", "test fixture",
                        "validFrom", "2025-01-01", "factors", List.of(Map.of("code", "grid", "value", "0.5", "unit", "kgCO2e/kWh"))))
                .exchange().expectStatus().isCreated();
        Map<String, Object> request = new java.util.HashMap<>();
        request.put("productName", "Inverter (test)");
        request.put("declaredUnit", Map.of("amount", "1", "unit", "piece"));
        request.put("factorSet", Map.of("name", set, "version", "1"));
        request.put("referencePeriod", Map.of("start", "2025-01-01T00:00:00Z", "end", "2026-01-01T00:00:00Z"));
        request.put("electricity", Map.of("method", "market"));
        request.put("stages", List.of(Map.of("stage", "production", "inputs", List.of(Map.of("description", "assembly line",
                "quantity", "10", "unit", "MWh", "factorCode", "grid")))));
        request.put("record", true);
        request.put("productCategory", "pv-inverter");
        request.put("productIds", List.of("urn:gtin:06901234567892"));
        request.put("companyName", "Test Inverters Co.");
        request.put("companyIds", List.of("urn:uscc:91340100TEST00003X"));
        request.put("geography", "CN-AH");
        request.put("productMassPerDeclaredUnit", "12");
        return http.post().uri("/api/v1/calculations").headers(bearer(company)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request).exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult()
                .getResponseBody().get("footprint").get("id").asString();
    }

    Map<String, Object> claim(String footprintId, String start, String end, String mwh) {
        return claim(footprintId, start, end, mwh, 2025);
    }

    Map<String, Object> claim(String footprintId, String start, String end, String mwh, int year) {
        return Map.of("footprintId", footprintId, "certificates", List.of(Map.of("issuer", issuer, "serialStart", start,
                "serialEnd", end, "mwh", mwh, "year", year)));
    }

    Answer post(Client who, Map<String, Object> body) {
        var spec = http.post().uri("/api/v1/green-certificates/claims").headers(bearer(who))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
        var result = spec.expectBody(JsonNode.class).returnResult();
        return new Answer(result.getStatus().value(), result.getResponseBody());
    }

    record Answer(int status, JsonNode body) {
    }

    @Test
    void claimedCertificatesLowerTheMarketBasedFigureAndASecondClaimOfThemIs409() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        String footprintId = calculatedFootprint(company);
        Answer first = post(company, claim(footprintId, "100001", "100004", "4"));
        assertThat(first.status()).as(String.valueOf(first.body())).isEqualTo(201);
        String claimId = first.body().get("claim").get("claimId").asString();
        JsonNode electricity = first.body().get("electricity");
        assertThat(electricity.get("consumedMwh").asString()).isEqualTo("10");
        assertThat(electricity.get("claimedMwh").asString()).isEqualTo("4");
        assertThat(electricity.get("locationBasedKgCO2e").asString()).isEqualTo("5000.000000");
        // 6 of 10 MWh left at the grid factor: 5000 x 6 / 10 = 3000.
        assertThat(electricity.get("marketBasedKgCO2e").asString()).isEqualTo("3000.000000");

        // Another company in another region claims an overlapping range for its own footprint.
        Client other = client(Role.COMPANY, "GansuMSP");
        String otherFootprint = calculatedFootprint(other);
        long height = ledger.height();
        long docs = documents();
        Answer twice = post(other, claim(otherFootprint, "100004", "100006", "3"));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.body().get("code").asString()).isEqualTo("ALREADY_CLAIMED");
        assertThat(twice.body().get("detail").asString()).contains(claimId).contains(footprintId);
        // The range is named as a field too, with the claim that holds its serials.
        assertThat(twice.body().get("errors").size()).isEqualTo(1);
        assertThat(twice.body().get("errors").get(0).get("field").asString()).isEqualTo("certificates[0]");
        assertThat(twice.body().get("errors").get(0).get("message").asString()).contains("claimed by claim " + claimId)
                .contains("serials 100004-100006");
        assertThat(ledger.height()).isEqualTo(height);
        assertThat(documents()).isEqualTo(docs);

        JsonNode listed = http.get().uri("/api/v1/green-certificates/claims?footprintId={id}", footprintId).headers(bearer(company))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(listed.get("claims").size()).isEqualTo(1);
        assertThat(listed.get("electricity").get("marketBasedKgCO2e").asString()).isEqualTo("3000.000000");
    }

    @Test
    void claimsBeyondWhatTheCertificatesHoldOrTheCalculationConsumedAreRefused() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        String footprintId = calculatedFootprint(company);
        String submitted = postFootprint(company, Fixtures.battery()).get("id").asString();
        long height = ledger.height();
        long docs = documents();

        Answer overHeld = post(company, claim(footprintId, "1", "3", "3.5"));
        assertThat(overHeld.status()).isEqualTo(400);
        assertThat(overHeld.body().get("errors").get(0).get("field").asString()).isEqualTo("certificates[0].mwh");
        assertUnchanged(height, docs);

        Answer overConsumed = post(company, claim(footprintId, "1", "20", "11"));
        assertThat(overConsumed.status()).isEqualTo(422);
        assertThat(overConsumed.body().get("code").asString()).isEqualTo("EXCEEDS_CONSUMPTION");
        assertThat(overConsumed.body().get("errors").get(0).get("field").asString()).isEqualTo("certificates");
        assertThat(overConsumed.body().get("detail").asString()).contains("10 MWh of electricity");
        assertUnchanged(height, docs);

        // The cap is the ledger's: a figure in the request changes nothing.
        Map<String, Object> raised = new java.util.HashMap<>(claim(footprintId, "1", "20", "11"));
        raised.put("consumedMwh", "1000");
        Answer stillOver = post(company, raised);
        assertThat(stillOver.status()).isEqualTo(422);
        assertThat(stillOver.body().get("code").asString()).isEqualTo("EXCEEDS_CONSUMPTION");
        assertUnchanged(height, docs);

        // A footprint submitted without a calculation has no electricity on the ledger to claim against.
        Answer notCalculated = post(company, claim(submitted, "1", "2", "2"));
        assertThat(notCalculated.status()).isEqualTo(422);
        assertThat(notCalculated.body().get("code").asString()).isEqualTo("NO_CONSUMPTION");
        assertThat(notCalculated.body().get("errors").get(0).get("field").asString()).isEqualTo("footprintId");
        assertThat(notCalculated.body().get("detail").asString()).contains(submitted).contains("no electricity consumption");
        assertUnchanged(height, docs);
        http.get().uri("/api/v1/green-certificates/claims?footprintId={id}", submitted).headers(bearer(company)).exchange()
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.errors[0].field").isEqualTo("footprintId");

        Answer stranger = post(client(Role.COMPANY, "GansuMSP"), claim(footprintId, "1", "2", "2"));
        assertThat(stranger.status()).isEqualTo(403);
        assertUnchanged(height, docs);
        JsonNode listed = http.get().uri("/api/v1/green-certificates/claims?footprintId={id}", footprintId)
                .headers(bearer(company)).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                .getResponseBody();
        assertThat(listed.get("claims").size()).isZero();
        assertThat(listed.get("electricity").get("claimedMwh").asString()).isEqualTo("0");
    }

    private void assertUnchanged(long height, long docs) {
        assertThat(ledger.height()).as("ledger height after a refused claim").isEqualTo(height);
        assertThat(documents()).as("stored documents after a refused claim").isEqualTo(docs);
    }

    /** The footprint's reference period is 2025 (2025-01-01T00:00Z to 2026-01-01T00:00Z, end exclusive). */
    @Test
    void aCertificateFromAYearOutsideTheReferencePeriodIsRefusedNamingIt() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        String footprintId = calculatedFootprint(company);
        long height = ledger.height();
        for (int year : new int[] {2024, 2026}) {
            Answer refused = post(company, claim(footprintId, "1", "2", "2", year));
            assertThat(refused.status()).as(String.valueOf(refused.body())).isEqualTo(422);
            assertThat(refused.body().get("code").asString()).isEqualTo("OUTSIDE_REFERENCE_PERIOD");
            assertThat(refused.body().get("errors").get(0).get("field").asString()).isEqualTo("certificates[0].year");
            assertThat(refused.body().get("detail").asString()).contains("(" + year + ")").contains(issuer + " serials 1-2")
                    .contains("the year 2025");
        }
        assertThat(ledger.height()).isEqualTo(height);
        // The same serials from 2025 are still unclaimed, and count.
        assertThat(post(company, claim(footprintId, "1", "2", "2", 2025)).status()).isEqualTo(201);
    }

    private long documents() {
        return Mono.from(database.getCollection("documents").countDocuments(new Document())).block();
    }
}
