package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tanji.gateway.label.scans.ScanCounts;

import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * Scans of a label's page and verification are counted per label and day, survive a restart (the
 * shutdown flush), and the stored counts hold nothing about who scanned: no address at all.
 */
class LabelScanCountsTest {

    @Test
    void countsSurviveRestartAndHoldNoAddress(@TempDir Path data) {
        String labelId;
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        // A flush interval longer than the test: only the shutdown flush can carry the counts over.
        try (RunningRegistry r = RunningRegistry.start(data, "--tanji.scans.flush-interval=PT1H")) {
            labelId = RestartAndTamperTest.seed(r)[1];
            for (int i = 0; i < 3; i++) {
                r.http.get().uri("/l/{id}", labelId).exchange().expectStatus().isOk();
            }
            r.http.get().uri("/api/v1/labels/{id}/verification", labelId).exchange().expectStatus().isOk();
            r.http.get().uri("/api/v1/labels/{id}/verification", labelId)
                    .header("X-Forwarded-For", "203.0.113.7").header("User-Agent", "ScannerPhone/1.0")
                    .exchange().expectStatus().isOk();
            // Renderings and unknown labels are not scans.
            r.http.get().uri("/api/v1/labels/{id}/qr.png", labelId).exchange().expectStatus().isOk();
            r.http.get().uri("/l/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").exchange().expectStatus().isNotFound();
            String token = RestartAndTamperTest.token(r, "cert-r", "cert-secret");
            assertThat(label(r, token, labelId).get("scans").asLong()).isEqualTo(5);
        }
        try (RunningRegistry r = RunningRegistry.start(data)) {
            String token = RestartAndTamperTest.token(r, "cert-r", "cert-secret");
            assertThat(label(r, token, labelId).get("scans").asLong()).isEqualTo(5);
            JsonNode scans = r.http.get().uri("/api/v1/labels/{id}/scans", labelId).headers(h -> h.setBearerAuth(token))
                    .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(scans.get("total").asLong()).isEqualTo(5);
            assertThat(scans.get("days").get(today).asLong()).isEqualTo(5);
            r.http.get().uri("/api/v1/labels/{id}/scans", labelId).exchange().expectStatus().isUnauthorized();

            r.http.get().uri("/l/{id}", labelId).exchange().expectStatus().isOk();
            assertThat(label(r, token, labelId).get("scans").asLong()).isEqualTo(6);

            List<Document> stored = Flux.from(r.bean(MongoDatabase.class).getCollection(ScanCounts.COLLECTION).find())
                    .collectList().block();
            assertThat(stored).hasSize(1);
            Document doc = stored.get(0);
            assertThat(doc.keySet()).isEqualTo(Set.of("_id", "total", "days"));
            assertThat(doc.getString("_id")).isEqualTo(labelId);
            assertThat(doc.get("days", Document.class).keySet()).containsExactly(today);
            assertThat(doc.toJson()).doesNotContain("127.0.0.1").doesNotContain("203.0.113.7").doesNotContain("::1")
                    .doesNotContain("localhost").doesNotContain("ScannerPhone");
        }
    }

    private static JsonNode label(RunningRegistry r, String token, String labelId) {
        return r.http.get().uri("/api/v1/labels/{id}", labelId).headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
