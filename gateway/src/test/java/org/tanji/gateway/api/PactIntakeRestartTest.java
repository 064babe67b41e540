package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tanji.gateway.api.PactOutboundEventsTest.await;
import static org.tanji.gateway.api.PactOutboundEventsTest.https;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.ledger.embedded.EmbeddedLedger;
import org.tanji.gateway.pact.EventInbox;
import org.tanji.gateway.security.ClientRegistry;
import org.tanji.gateway.security.Role;

import tools.jackson.databind.JsonNode;

/**
 * A partner's RequestCreated accepted while its request cannot be opened (the ledger is down) is not lost: it
 * stays pending in the inbox, is tried again with backoff, is replayed when the registry starts again, and a
 * resend of it tries it again at once; in every case the request is opened exactly once.
 */
class PactIntakeRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final MediaType CLOUDEVENTS = MediaType.parseMediaType("application/cloudevents+json");
    private static final String SOURCE = "https://partner.example/3/events";

    private static String[] args(Path data, String retryInitial, int attempts) throws Exception {
        Path partners = Files.writeString(data.resolveSibling(data.getFileName() + "-partners.json"), "[]");
        return new String[] {"--tanji.tls.port=0", "--tanji.pact.partners=" + partners,
                "--tanji.pact.intake-retry-initial=" + retryInitial, "--tanji.pact.intake-retry-max=PT1S",
                "--tanji.pact.intake-attempts=" + attempts};
    }

    /** The partner's and the supplier's clients, and the supplier's footprint of the product, indexed for PACT. */
    private static void seed(Path data, RunningRegistry r, String product) throws Exception {
        ClientRegistry clients = r.bean(ClientRegistry.class);
        clients.register("partner-x", "x-pw", Role.COMPANY, "AnhuiMSP").block(WAIT);
        clients.register("supplier-x", "s-pw", Role.COMPANY, "GansuMSP").block(WAIT);
        r.http.post().uri("/api/v1/footprints").headers(h -> h.setBearerAuth(RestartAndTamperTest.token(r, "supplier-x", "s-pw")))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(CanonicalJson.string(Fixtures.footprint(product, "lithium-battery", "CN-GS", "62.5", Map.of(
                        "raw-material-acquisition", "41.2", "production", "18.1", "distribution", "1.4", "end-of-life", "1.8"))))
                .exchange().expectStatus().isCreated();
        WebTestClient https = https(data, r);
        String token = RestartAndTamperTest.token(r, "partner-x", "x-pw");
        await(() -> https.get().uri("/3/footprints?productId=" + product).headers(h -> h.setBearerAuth(token)).exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("data").size() == 1);
    }

    private static void post(Path data, RunningRegistry r, String eventId, String product) throws Exception {
        https(data, r).post().uri("/3/events").headers(h -> h.setBearerAuth(RestartAndTamperTest.token(r, "partner-x", "x-pw")))
                .contentType(CLOUDEVENTS).bodyValue("{\"specversion\":\"1.0\",\"id\":\"" + eventId + "\",\"source\":\"" + SOURCE
                        + "\",\"time\":\"2026-03-05T17:31:00Z\",\"type\":\"org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3\","
                        + "\"data\":{\"productId\":[\"" + product + "\"]}}")
                .exchange().expectStatus().isOk().expectBody().isEmpty();
    }

    private static Document stored(RunningRegistry r, String eventId) {
        return r.bean(EventInbox.class).find("partner-x", SOURCE, eventId).block(WAIT);
    }

    /** The requests the supplier has in its inbox and the partner in its sent box. */
    private static int[] opened(RunningRegistry r) {
        int inbox = r.http.get().uri("/api/v1/supply-chain/requests").headers(h -> h.setBearerAuth(
                RestartAndTamperTest.token(r, "supplier-x", "s-pw"))).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().size();
        int sent = r.http.get().uri("/api/v1/supply-chain/requests?box=sent").headers(h -> h.setBearerAuth(
                RestartAndTamperTest.token(r, "partner-x", "x-pw"))).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().size();
        return new int[] {inbox, sent};
    }

    /**
     * A first run of the registry in which the partner's RequestCreated is accepted while the ledger is down, until
     * its stored entry satisfies {@code until}; then the registry stops.
     */
    private static void acceptedWhileTheLedgerIsDown(Path data, String[] args, String eventId, String product,
                                                     java.util.function.Predicate<Document> until) throws Exception {
        try (RunningRegistry first = RunningRegistry.start(data, args)) {
            seed(data, first, product);
            first.bean(EmbeddedLedger.class).close();
            post(data, first, eventId, product);
            await(() -> until.test(stored(first, eventId)));
            assertThat(stored(first, eventId).getString("lastError")).isNotBlank();
        }
    }

    @Test
    void anEventAcceptedWhileTheLedgerIsDownIsRetriedAndOpensItsRequestOnceAfterARestart(@TempDir Path data) throws Exception {
        String product = "urn:tanji:test:intake:" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        String[] args = args(data, "PT0.2S", 1000);
        // Accepted, not acted on: tried again with backoff while the ledger stays down.
        acceptedWhileTheLedgerIsDown(data, args, eventId, product,
                e -> e.getInteger("attempts") >= 3 && "PENDING".equals(e.getString("state")));
        try (RunningRegistry second = RunningRegistry.start(data, args)) {
            // Replayed once the registry is ready again.
            await(() -> "PROCESSED".equals(stored(second, eventId).getString("state")));
            assertThat(opened(second)).containsExactly(1, 1);
            post(data, second, eventId, product);
            Thread.sleep(1000);
            assertThat(opened(second)).as("a resent processed event opens nothing more").containsExactly(1, 1);
            assertThat(second.http.get().uri("/api/v1/supply-chain/requests").headers(h -> h.setBearerAuth(
                    RestartAndTamperTest.token(second, "supplier-x", "s-pw"))).exchange().expectBody(JsonNode.class)
                    .returnResult().getResponseBody().get(0).get("pactEventId").asString()).isEqualTo(eventId);
        }
    }

    @Test
    void aResentEventWhoseProcessingFailedIsTriedAgainAtOnce(@TempDir Path data) throws Exception {
        String product = "urn:tanji:test:intake:" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        // One attempt only: a failure marks the event FAILED, so only the partner's resend tries it again.
        String[] args = args(data, "PT0.2S", 1);
        acceptedWhileTheLedgerIsDown(data, args, eventId, product, e -> "FAILED".equals(e.getString("state")));
        try (RunningRegistry second = RunningRegistry.start(data, args)) {
            Thread.sleep(1000);
            assertThat(stored(second, eventId).getString("state")).as("a failed event is not retried on its own")
                    .isEqualTo("FAILED");
            assertThat(opened(second)).containsExactly(0, 0);

            post(data, second, eventId, product);
            assertThat(stored(second, eventId).getString("state")).isEqualTo("PROCESSED");
            assertThat(opened(second)).containsExactly(1, 1);
            post(data, second, eventId, product);
            assertThat(opened(second)).as("opened exactly once").containsExactly(1, 1);
        }
    }
}
