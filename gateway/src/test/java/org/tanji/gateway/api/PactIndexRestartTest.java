package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.tanji.gateway.tls.HttpsServer;

import tools.jackson.databind.JsonNode;

/**
 * After a restart the PACT list answers from an index rebuilt from the ledger, at once, with the
 * ledger's status; and the HTTPS port presents the certificate generated on the first start.
 */
class PactIndexRestartTest {

    @Test
    void footprintsAreListedAfterARestartWithTheSameCertificate(@TempDir Path data) throws Exception {
        String footprintId;
        byte[] certificate;
        try (RunningRegistry first = RunningRegistry.start(data, "--tanji.tls.port=0")) {
            footprintId = RestartAndTamperTest.seed(first)[0];
            certificate = Files.readAllBytes(data.resolve("tls").resolve("cert.pem"));
        }
        try (RunningRegistry second = RunningRegistry.start(data, "--tanji.tls.port=0")) {
            // The rebuild starts by itself once the application has started, before any PACT request needs it.
            org.tanji.gateway.pact.FootprintIndex index = second.bean(org.tanji.gateway.pact.FootprintIndex.class);
            java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
            while (index.size() == 0 && java.time.Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            assertThat(index.size()).as("footprints in the index rebuilt without a request").isEqualTo(1);
            assertThat(Files.readAllBytes(data.resolve("tls").resolve("cert.pem"))).isEqualTo(certificate);
            String token = RestartAndTamperTest.token(second, "cert-r", "cert-secret");
            WebTestClient https = PactApiTest.httpsClient(data, "https://127.0.0.1:" + second.bean(HttpsServer.class).port());
            JsonNode list = https.get().uri("/3/footprints?productId=urn:gtin:06901234567892").headers(h -> h.setBearerAuth(token))
                    .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(PactApiTest.ids(list)).containsExactly(footprintId);
            assertThat(list.get("data").get(0).get("status").asString()).isEqualTo("Active");
            assertThat(list.get("data").get(0).get("pcf").has("verification")).as("its label is suspended").isFalse();
        }
    }
}
