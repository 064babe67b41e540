package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.tanji.gateway.ledger.embedded.EmbeddedLedger;

/**
 * A scan while the ledger cannot be read gets a page that says so, 503 with Retry-After, never a
 * bare 500, and never a verdict on the label.
 */
class LabelPageUnavailableTest {

    @Test
    void aScanTheLedgerCannotAnswerGetsA503PageThatDoesNotJudgeTheLabel(@TempDir Path data) {
        try (RunningRegistry registry = RunningRegistry.start(data)) {
            String labelId = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            // While the ledger answers, an unknown label is a 404 "not found" page.
            registry.http.get().uri("/l/{id}", labelId).exchange().expectStatus().isNotFound();

            registry.bean(EmbeddedLedger.class).close();
            String unknownYet = "QRSTUVWXYZ234567ABCDEFGHIJKLMNOP";
            byte[] body = registry.http.get().uri("/l/{id}", unknownYet).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5")
                    .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                    .expectBody().returnResult().getResponseBody();
            String html = new String(body, StandardCharsets.UTF_8);
            assertThat(html).contains("CANNOT CHECK NOW").contains("does not mean the label is invalid")
                    .doesNotContain("NOT FOUND").doesNotContain("<script");
            // HEAD takes the same route.
            registry.http.head().uri("/l/{id}", unknownYet).exchange().expectStatus().isEqualTo(503);
        }
    }
}
