package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.tanji.gateway.security.Role;

import tools.jackson.databind.JsonNode;

/** Benchmarks published over HTTP grade certifications; a value exactly on a bound takes that grade. */
class GradingApiTest extends ApiTest {

    @Test
    void aGrantWithoutGradeTakesItFromTheBenchmarkAndAValueOnTheBoundTakesThatGrade() {
        // A category of its own: benchmarks apply registry-wide, and other tests grant lithium batteries by hand.
        String category = "graded-" + UUID.randomUUID().toString().substring(0, 8);
        Client admin = client(Role.REGISTRY_ADMIN, "AnhuiMSP");
        Client certifier = accreditedCertifier("AnhuiMSP", List.of(category), List.of("CN-AH"));
        JsonNode footprint = postFootprint(certifier, Fixtures.footprint("urn:gtin:06901234567892", category, "CN-AH", "62.5",
                Map.of("production", "62.5")));
        String footprintId = footprint.get("id").asString();

        http.post().uri("/api/v1/certifications").headers(bearer(certifier)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("footprintId", footprintId, "decision", "GRANTED", "validUntil", inDays(365)))
                .exchange().expectStatus().isEqualTo(422).expectBody()
                .jsonPath("$.code").isEqualTo("NO_BENCHMARK")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains(category).contains("kilowatt hour"));

        JsonNode benchmark = http.post().uri("/api/v1/benchmarks").headers(bearer(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("productCategory", category, "unit", "kilowatt hour",
                        "thresholds", List.of("40", "62.5", "70", "85", "100"), "validFrom", "2020-01-01"))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(benchmark.get("version").asInt()).isEqualTo(1);
        http.post().uri("/api/v1/benchmarks").headers(bearer(certifier)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("productCategory", category, "unit", "kilowatt hour",
                        "thresholds", List.of("1", "2", "3", "4", "5"), "validFrom", "2020-01-01"))
                .exchange().expectStatus().isForbidden();

        JsonNode granted = http.post().uri("/api/v1/certifications").headers(bearer(certifier))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("footprintId", footprintId, "decision", "GRANTED", "validUntil", inDays(365)))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(granted.get("grade").asString()).isEqualTo("2");
        http.get().uri("/api/v1/benchmarks/{c}/{u}/current", category, "kilowatt hour").headers(bearer(certifier)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.version").isEqualTo(1);
    }
}
