package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.tanji.gateway.security.Role;

import tools.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The end-to-end path of issue 2: submit, certify, verify, supersede, over real HTTP. */
class FootprintLifecycleApiTest extends ApiTest {

    @Test
    void certifierSubmitsFootprintAndReadsBackDocumentAndLedgerRecord() {
        Client certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN-AH"));
        JsonNode created = postFootprint(certifier, Fixtures.battery());

        String id = created.get("id").asString();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(created.get("version").asInt()).isEqualTo(1);
        assertThat(created.get("txId").asString()).hasSize(64);
        assertThat(created.get("blockNumber").asLong()).isPositive();
        assertThat(created.get("documentHash").asString()).startsWith("sha256:");

        JsonNode read = http.get().uri("/api/v1/footprints/{id}", id).headers(bearer(certifier)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode record = read.get("record");
        assertThat(record.get("value").asString()).isEqualTo("62.5");
        assertThat(record.get("unit").asString()).isEqualTo("kgCO2e");
        assertThat(record.get("declaredUnit").asString()).isEqualTo("kilowatt hour");
        assertThat(record.get("geography").asString()).isEqualTo("CN-AH");
        assertThat(record.get("status").asString()).isEqualTo("Active");
        assertThat(record.get("submitterId").asString()).isEqualTo(certifier.ledgerId());
        assertThat(record.get("stages").get("production").asString()).isEqualTo("18.1");
        assertThat(record.get("documentHash").asString()).isEqualTo(created.get("documentHash").asString());
        assertThat(read.get("document").get("id").asString()).isEqualTo(id);
        assertThat(read.get("document").get("pcf").get("pcfExcludingBiogenicUptake").asString()).isEqualTo("62.5");
    }

    @Test
    void clientSuppliedIdIsKeptAndReusingItIsAConflict() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        ObjectNode pf = Fixtures.battery();
        pf.put("id", "0a3c9a8e-5d51-4f0e-9a39-6d1a0d0c2f11");
        assertThat(postFootprint(company, pf).get("id").asString()).isEqualTo("0a3c9a8e-5d51-4f0e-9a39-6d1a0d0c2f11");

        http.post().uri("/api/v1/footprints").headers(bearer(company)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(pf.toString()).exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void newVersionPointsToItsPredecessorAndDeprecatesIt() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        String first = postFootprint(company, Fixtures.battery()).get("id").asString();
        ObjectNode second = Fixtures.battery();
        second.putArray("precedingPfIds").add(first);
        Fixtures.pcf(second).put("pcfExcludingBiogenicUptake", "60.0");
        Fixtures.pcf(second).put("pcfIncludingBiogenicUptake", "60.0");
        ((ObjectNode) second.get("extensions").get(0).get("data").get("lifecycleStages")).put("production", "15.6");
        JsonNode created = postFootprint(company, second);
        assertThat(created.get("deprecated").get(0).asString()).isEqualTo(first);

        JsonNode history = http.get().uri("/api/v1/footprints/{id}/history", first).headers(bearer(company)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode versions = history.get("versions");
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("status").asString()).isEqualTo("Active");
        assertThat(versions.get(1).get("status").asString()).isEqualTo("Deprecated");
        assertThat(versions.get(1).get("record").get("supersededBy").asString()).isEqualTo(created.get("id").asString());
        assertThat(versions.get(1).get("txId").asString()).isEqualTo(created.get("txId").asString());
        for (JsonNode v : versions) {
            assertThat(v.get("txId").asString()).hasSize(64);
            assertThat(v.get("timestamp").asString()).isNotBlank();
            assertThat(v.get("blockNumber").asLong()).isPositive();
        }
        JsonNode successor = http.get().uri("/api/v1/footprints/{id}", created.get("id").asString()).headers(bearer(company))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(successor.get("record").get("precedingPfIds").get(0).asString()).isEqualTo(first);

        // A deprecated footprint cannot be superseded a second time.
        ObjectNode third = Fixtures.battery();
        third.putArray("precedingPfIds").add(first);
        http.post().uri("/api/v1/footprints").headers(bearer(company)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(third.toString()).exchange().expectStatus().isEqualTo(409);
    }

    @Test
    void grantedLabelIsVerifiableByAnyoneWithProof() {
        Client certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN"));
        String footprintId = postFootprint(certifier, Fixtures.battery()).get("id").asString();
        JsonNode granted = grant(certifier, footprintId);
        String labelId = granted.get("labelId").asString();
        assertThat(labelId).matches("[A-Z2-7]{32}");
        assertThat(granted.get("verifyUrl").asString()).endsWith("/l/" + labelId);
        assertThat(granted.get("status").asString()).isEqualTo("VALID");

        JsonNode v = verification(labelId);
        assertThat(v.get("status").asString()).isEqualTo("VALID");
        assertThat(v.get("footprint").get("value").asString()).isEqualTo("62.5");
        assertThat(v.get("footprint").get("unit").asString()).isEqualTo("kgCO2e");
        assertThat(v.get("grade").asString()).as("the benchmark's grade of 62.5").isEqualTo(Fixtures.BATTERY_GRADE);
        assertThat(v.get("certifier").get("id").asString()).isEqualTo(certifier.ledgerId());
        assertThat(v.get("certifier").get("accreditationStatus").asString()).isEqualTo("ACTIVE");
        assertThat(v.get("gtin").asString()).isEqualTo("06901234567892");
        assertThat(v.get("proof").get("txId").asString()).isEqualTo(granted.get("txId").asString());
        assertThat(v.get("proof").get("blockNumber").asLong()).isEqualTo(granted.get("blockNumber").asLong());
        assertThat(v.get("proof").get("recordHash").asString()).startsWith("sha256:");

        String html = http.get().uri("/l/{id}", labelId).accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(html).contains("VALID").contains("62.5").contains("kg CO₂e").contains(labelId)
                .contains(granted.get("txId").asString()).doesNotContain("<script");
    }

    @Test
    void everyDecisionChangesTheStatusSeenOnTheNextScan() {
        Client certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN-AH"));
        String footprintId = postFootprint(certifier, Fixtures.battery()).get("id").asString();
        String labelId = grant(certifier, footprintId).get("labelId").asString();
        assertThat(verification(labelId).get("status").asString()).isEqualTo("VALID");

        decide(certifier, labelId, "SUSPENDED", "annual surveillance audit pending").expectStatus().isOk();
        JsonNode suspended = verification(labelId);
        assertThat(suspended.get("status").asString()).isEqualTo("SUSPENDED");
        assertThat(suspended.get("statusReason").asString()).isEqualTo("annual surveillance audit pending");

        http.post().uri("/api/v1/certifications").headers(bearer(certifier)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("labelId", labelId, "decision", "RENEWED", "reason", "audit passed",
                        "validUntil", inDays(700)))
                .exchange().expectStatus().isOk();
        assertThat(verification(labelId).get("status").asString()).isEqualTo("VALID");

        decide(certifier, labelId, "REVOKED", "footprint found misstated").expectStatus().isOk();
        assertThat(verification(labelId).get("status").asString()).isEqualTo("REVOKED");
        String html = http.get().uri("/l/{id}", labelId).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(html).contains("REVOKED").contains("footprint found misstated");

        http.post().uri("/api/v1/certifications").headers(bearer(certifier)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("labelId", labelId, "decision", "RENEWED", "reason", "try to revive",
                        "validUntil", inDays(700)))
                .exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("revocation is final"));
        decide(certifier, labelId, "SUSPENDED", "again").expectStatus().isEqualTo(409);

        JsonNode history = http.get().uri("/api/v1/labels/{id}/history", labelId).headers(bearer(certifier)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        List<String> decisions = new java.util.ArrayList<>();
        history.get("versions").forEach(v -> decisions.add(v.get("record").get("decision").asString()));
        assertThat(decisions).containsExactly("GRANTED", "SUSPENDED", "RENEWED", "REVOKED");
        assertThat(history.get("versions").get(1).get("record").get("reason").asString())
                .isEqualTo("annual surveillance audit pending");
    }

    @Test
    void labelPastItsValidityIsShownExpired() throws InterruptedException {
        Client certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN-AH"));
        String footprintId = postFootprint(certifier, Fixtures.battery()).get("id").asString();
        benchmarkFor(certifier, footprintId);
        String until = java.time.Instant.now().plusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .plusSeconds(1).toString();
        JsonNode granted = http.post().uri("/api/v1/certifications").headers(bearer(certifier))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("footprintId", footprintId, "decision", "GRANTED", "validUntil", until))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        String labelId = granted.get("labelId").asString();
        assertThat(verification(labelId).get("status").asString()).isEqualTo("VALID");
        Thread.sleep(java.time.Duration.between(java.time.Instant.now(), java.time.Instant.parse(until)).toMillis() + 200);
        assertThat(verification(labelId).get("status").asString()).isEqualTo("EXPIRED");
    }

    @Test
    void unknownLabelIsNotFoundOnPageAndJson() {
        http.get().uri("/api/v1/labels/{id}/verification", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.status").isEqualTo("NOT_FOUND");
        String html = http.get().uri("/l/{id}", "not-a-label").exchange().expectStatus().isNotFound()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(html).contains("NOT FOUND");
    }
}
