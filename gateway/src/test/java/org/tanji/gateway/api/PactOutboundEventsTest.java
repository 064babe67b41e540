package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.tanji.chaincode.supplychain.SupplyChainContract;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.Submitted;
import org.tanji.gateway.pact.EventOutbox;
import org.tanji.gateway.pact.ServedFootprints;
import org.tanji.gateway.security.ClientRegistry;
import org.tanji.gateway.security.Role;
import org.tanji.gateway.store.DocumentStore;
import org.tanji.gateway.store.StoredDocument;
import org.tanji.gateway.supplychain.PactAnswerRecovery;
import org.tanji.gateway.tls.HttpsServer;

import tools.jackson.databind.JsonNode;

/**
 * Events we send to PACT partners, against a real partner: an HTTP server in the test with its own
 * token endpoint and {@code /3/events}. Answers to a partner's request go out with a token from the
 * partner, are retried with backoff while the partner fails, survive a restart, and stop after the
 * retry period; a registered partner's events must come from its registered host.
 */
class PactOutboundEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final MediaType CLOUDEVENTS = MediaType.parseMediaType("application/cloudevents+json");
    private PartnerPact partner;
    private AtomicInteger eventsStatus;
    private AtomicInteger attempts;
    private List<String[]> received;

    @BeforeEach
    void startPartner() throws IOException {
        partner = PartnerPact.start(503);
        eventsStatus = partner.eventsStatus;
        attempts = partner.attempts;
        received = partner.received;
    }

    @AfterEach
    void stopPartner() {
        partner.close();
    }

    private String partnerBase() {
        return partner.base();
    }

    private static String[] args(Path data, String partners, String retryFor) throws IOException {
        return args(data, partners, retryFor, "PT1H", "P30D");
    }

    /** The registry's arguments: the partners file, quick outbox rounds and retries, and the extra ones given. */
    static String[] args(Path data, String partners, String retryFor, String reconcile, String retention, String... extra)
            throws IOException {
        Path file = data.resolveSibling(data.getFileName() + "-partners.json");
        Files.writeString(file, partners);
        List<String> args = new java.util.ArrayList<>(List.of("--tanji.tls.port=0", "--tanji.pact.partners=" + file,
                "--tanji.pact.outbox-poll=PT0.1S", "--tanji.pact.retry-initial=PT0.2S", "--tanji.pact.retry-max=PT1S",
                "--tanji.pact.retry-for=" + retryFor, "--tanji.pact.outbox-reconcile=" + reconcile,
                "--tanji.pact.outbox-retention=" + retention));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /** The CloudEvents id of the answer queued under {@code answerKey} (a request group's id) with {@code status}. */
    static String answerEventId(String answerKey, String status) {
        return UUID.nameUUIDFromBytes(("answer:" + answerKey + ":" + status).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private String acme() {
        return partner.registration("partner-acme");
    }

    static String requestCreated(String id, String source, String product) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"" + source + "\",\"time\":\"2026-03-05T17:31:00Z\","
                + "\"type\":\"org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3\",\"data\":{\"productId\":[\"" + product
                + "\"],\"comment\":\"annual survey\"}}";
    }

    static WebTestClient https(Path data, RunningRegistry r) throws Exception {
        return PactApiTest.httpsClient(data, "https://127.0.0.1:" + r.bean(HttpsServer.class).port());
    }

    /** Registers the partner's and a supplier's clients, records the supplier's footprint; returns its id. */
    static String seed(RunningRegistry r, String product) {
        ClientRegistry clients = r.bean(ClientRegistry.class);
        clients.register("partner-acme", "acme-in", Role.COMPANY, "AnhuiMSP").block(WAIT);
        clients.register("supplier-gs", "supplier-pw", Role.COMPANY, "GansuMSP").block(WAIT);
        String supplier = RestartAndTamperTest.token(r, "supplier-gs", "supplier-pw");
        return r.http.post().uri("/api/v1/footprints").headers(h -> h.setBearerAuth(supplier)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(CanonicalJson.string(Fixtures.footprint(product, "lithium-battery", "CN-GS", "62.5",
                        Map.of("raw-material-acquisition", "41.2", "production", "18.1", "distribution", "1.4", "end-of-life", "1.8"))))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
    }

    /** Posts the partner's RequestCreated and returns the request it opened in the supplier's inbox. */
    static String requestFromPartner(Path data, RunningRegistry r, String eventId, String source, String product)
            throws Exception {
        String token = RestartAndTamperTest.token(r, "partner-acme", "acme-in");
        WebTestClient https = https(data, r);
        await(() -> https.get().uri("/3/footprints?productId=" + product).headers(h -> h.setBearerAuth(token)).exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("data").size() == 1);
        https.post().uri("/3/events").headers(h -> h.setBearerAuth(token)).contentType(CLOUDEVENTS)
                .bodyValue(requestCreated(eventId, source, product)).exchange().expectStatus().isOk();
        String supplier = RestartAndTamperTest.token(r, "supplier-gs", "supplier-pw");
        JsonNode inbox = r.http.get().uri("/api/v1/supply-chain/requests").headers(h -> h.setBearerAuth(supplier)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(inbox.size()).isEqualTo(1);
        return inbox.get(0).get("id").asString();
    }

    /** The request group a request belongs to: the key of the one answer its partner gets. */
    static String groupOf(RunningRegistry r, String requestId) {
        String supplier = RestartAndTamperTest.token(r, "supplier-gs", "supplier-pw");
        return r.http.get().uri("/api/v1/supply-chain/requests/{id}", requestId).headers(h -> h.setBearerAuth(supplier)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody().get("groupId").asString();
    }

    /** Registers the partner that is down as a client too: a request to a partner is anchored to its ledger id. */
    private static void registerDown(RunningRegistry r) {
        r.bean(ClientRegistry.class).register("partner-down", "down-in", Role.COMPANY, "GansuMSP").block(WAIT);
    }

    /** The supplier rejects the request, giving "not produced any more" as the reason. */
    static void reject(RunningRegistry r, String requestId) {
        String supplier = RestartAndTamperTest.token(r, "supplier-gs", "supplier-pw");
        r.http.post().uri("/api/v1/supply-chain/requests/{id}/reject", requestId).headers(h -> h.setBearerAuth(supplier))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "not produced any more"))
                .exchange().expectStatus().isOk();
    }

    /** A registered partner nobody listens for: its base URL is a loopback port that was free a moment ago. */
    private static String downPartner() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        return "{\"client\":\"partner-down\",\"baseUrl\":\"http://127.0.0.1:" + closed + "\",\"clientId\":\"x\","
                + "\"clientSecret\":\"y\"}";
    }

    @Test
    void anAnswerIsRetriedWhileThePartnerFailsAndDeliveredAfterARestart(@TempDir Path data) throws Exception {
        String[] args = args(data, "[" + acme() + "]", "PT72H");
        String product = "urn:tanji:test:outbound:" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        String footprintId;
        String deliveredHash;
        try (RunningRegistry first = RunningRegistry.start(data, args)) {
            footprintId = seed(first, product);
            // The partner is registered at 127.0.0.1: an event naming another host is refused before it is accepted.
            String token = RestartAndTamperTest.token(first, "partner-acme", "acme-in");
            https(data, first).post().uri("/3/events").headers(h -> h.setBearerAuth(token)).contentType(CLOUDEVENTS)
                    .bodyValue(requestCreated(UUID.randomUUID().toString(), "https://elsewhere.example/3/events", product))
                    .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("BadRequest");

            String requestId = requestFromPartner(data, first, eventId, partnerBase() + "/3/events", product);
            String supplier = RestartAndTamperTest.token(first, "supplier-gs", "supplier-pw");
            deliveredHash = first.http.post().uri("/api/v1/supply-chain/requests/{id}/fulfil", requestId)
                    .headers(h -> h.setBearerAuth(supplier)).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("footprintId", footprintId)).exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody().get("request").get("deliveredHash").asString();

            // The partner answers 503: the outbox keeps trying, with growing waits.
            await(() -> attempts.get() >= 3);
            Document queued = first.bean(EventOutbox.class).toPartner("partner-acme").blockFirst(WAIT);
            assertThat(queued.getString("state")).isEqualTo("PENDING");
            assertThat(queued.getInteger("attempts")).isGreaterThanOrEqualTo(2);
            assertThat(queued.getString("lastError")).contains("503");
            assertThat(received).isEmpty();
        }
        int beforeRestart = attempts.get();
        eventsStatus.set(200);
        Thread.sleep(500);
        assertThat(attempts.get()).as("nothing is sent while the registry is down").isEqualTo(beforeRestart);

        try (RunningRegistry second = RunningRegistry.start(data, args)) {
            await(() -> !received.isEmpty());
            String[] got = received.get(0);
            assertThat(got[0]).startsWith("Bearer acme-token-");
            assertThat(got[1]).startsWith("application/cloudevents+json");
            com.fasterxml.jackson.databind.JsonNode event = CanonicalJson.mapper().readTree(got[2]);
            assertThat(event.get("specversion").asText()).isEqualTo("1.0");
            assertThat(event.get("type").asText()).isEqualTo("org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3");
            assertThat(event.get("data").get("requestEventId").asText()).isEqualTo(eventId);
            com.fasterxml.jackson.databind.JsonNode pf = event.get("data").get("pfs").get(0);
            assertThat(pf.get("id").asText()).isEqualTo(footprintId);
            assertThat(DocumentStore.sha256Id(CanonicalJson.bytes(pf))).as("the very document the ledger anchored")
                    .isEqualTo(deliveredHash);
            await(() -> "DELIVERED".equals(second.bean(EventOutbox.class).toPartner("partner-acme").blockFirst(WAIT).getString("state")));
            Thread.sleep(500);
            assertThat(received).as("delivered once").hasSize(1);
        }
    }

    @Test
    void rejectionsAndOurOwnRequestsGoOutAndAnUnreachablePartnerIsGivenUpAfterTheRetryPeriod(@TempDir Path data)
            throws Exception {
        String down = downPartner();
        eventsStatus.set(200);
        String product = "urn:tanji:test:outbound:" + UUID.randomUUID();
        try (RunningRegistry r = RunningRegistry.start(data, args(data, "[" + acme() + "," + down + "]", "PT2S"))) {
            seed(r, product);
            String eventId = UUID.randomUUID().toString();
            String requestId = requestFromPartner(data, r, eventId, "https://127.0.0.1/somewhere", product);
            reject(r, requestId);
            await(() -> received.size() == 1);
            com.fasterxml.jackson.databind.JsonNode rejected = CanonicalJson.mapper().readTree(received.get(0)[2]);
            assertThat(rejected.get("type").asText()).isEqualTo("org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3");
            assertThat(rejected.get("data").get("requestEventId").asText()).isEqualTo(eventId);
            assertThat(rejected.get("data").get("error").get("message").asText()).isEqualTo("not produced any more");

            // A leader here asks the partner: a RequestCreated goes to its /3/events.
            registerDown(r);
            String leader = RestartAndTamperTest.token(r, "supplier-gs", "supplier-pw");
            JsonNode queued = r.http.post().uri("/api/v1/supply-chain/requests/to-partner").headers(h -> h.setBearerAuth(leader))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("partner", "partner-acme", "productId", "urn:gtin:4712345060507"))
                    .exchange().expectStatus().isAccepted().expectBody(JsonNode.class).returnResult().getResponseBody();
            await(() -> received.size() == 2);
            com.fasterxml.jackson.databind.JsonNode created = CanonicalJson.mapper().readTree(received.get(1)[2]);
            assertThat(created.get("id").asText()).isEqualTo(queued.get("eventId").asString());
            assertThat(created.get("type").asText()).isEqualTo("org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3");
            assertThat(created.get("data").get("productId").get(0).asText()).isEqualTo("urn:gtin:4712345060507");
            r.http.post().uri("/api/v1/supply-chain/requests/to-partner").headers(h -> h.setBearerAuth(leader))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("partner", "nobody", "productId", "urn:x:y"))
                    .exchange().expectStatus().isNotFound();

            // Nobody listens at partner-down: tried with backoff, then given up once the retry period (2 s here) is over.
            String lost = r.http.post().uri("/api/v1/supply-chain/requests/to-partner").headers(h -> h.setBearerAuth(leader))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("partner", "partner-down", "productId", "urn:x:y"))
                    .exchange().expectStatus().isAccepted().expectBody(JsonNode.class).returnResult().getResponseBody()
                    .get("eventId").asString();
            EventOutbox outbox = r.bean(EventOutbox.class);
            await(() -> "GAVE_UP".equals(outbox.find(lost).block(WAIT).getString("state")));
            Document gaveUp = outbox.find(lost).block(WAIT);
            assertThat(gaveUp.getInteger("attempts")).isBetween(2, 6);
            assertThat(gaveUp.getDate("nextAttemptAt").toInstant())
                    .isAfter(gaveUp.getDate("createdAt").toInstant().plusSeconds(2));
        }
    }

    @Test
    void anAnswerTheLedgerHoldsButTheOutboxLacksIsRecoveredAndDeliveredOnce(@TempDir Path data) throws Exception {
        eventsStatus.set(200);
        String product = "urn:tanji:test:outbound:" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        try (RunningRegistry r = RunningRegistry.start(data, args(data, "[" + acme() + "]", "PT72H", "PT0.3S", "P30D"))) {
            String footprintId = seed(r, product);
            String requestId = requestFromPartner(data, r, eventId, partnerBase() + "/3/events", product);

            // The crash between the ledger commit and the outbox insert: the answer is committed the way fulfil
            // commits it (delivery stored, its hash anchored), and the process never gets to queue the event.
            ClientRegistry clients = r.bean(ClientRegistry.class);
            LedgerIdentity supplier = clients.ledgerIdentity(clients.find("supplier-gs").block(WAIT));
            DocumentStore documents = r.bean(DocumentStore.class);
            StoredDocument stored = documents.put("supply-delivery",
                    CanonicalJson.bytes(r.bean(ServedFootprints.class).byId(footprintId).block(WAIT)), "application/json").block(WAIT);
            Submitted tx = r.bean(Ledger.class).submit(supplier, "supplychain:fulfil", List.of(requestId,
                    CanonicalJson.string(new SupplyChainContract.Delivery(footprintId, stored.id())))).block(WAIT);
            documents.markAnchored(stored.id(), tx.txId()).block(WAIT);

            // The periodic reconciliation finds the answer on the ledger and queues it; the sender delivers it.
            await(() -> received.size() == 1);
            com.fasterxml.jackson.databind.JsonNode event = CanonicalJson.mapper().readTree(received.get(0)[2]);
            assertThat(event.get("type").asText()).isEqualTo("org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3");
            String group = groupOf(r, requestId);
            assertThat(event.get("id").asText()).isEqualTo(answerEventId(group, "FULFILLED"));
            assertThat(event.get("data").get("requestEventId").asText()).isEqualTo(eventId);
            com.fasterxml.jackson.databind.JsonNode pf = event.get("data").get("pfs").get(0);
            assertThat(pf.get("id").asText()).isEqualTo(footprintId);
            assertThat(DocumentStore.sha256Id(CanonicalJson.bytes(pf))).as("the very document the ledger anchored")
                    .isEqualTo(stored.id());
            EventOutbox outbox = r.bean(EventOutbox.class);
            await(() -> "DELIVERED".equals(outbox.find("answer:" + group + ":FULFILLED").block(WAIT).getString("state")));

            // Later rounds find it queued and recover nothing more.
            assertThat(r.bean(PactAnswerRecovery.class).reconcile().block(WAIT)).isZero();
            Thread.sleep(1000);
            assertThat(received).as("delivered once").hasSize(1);
            assertThat(outbox.toPartner("partner-acme").collectList().block(WAIT)).hasSize(1);
        }
    }

    @Test
    void aRequestToAPartnerTheLedgerHoldsButTheOutboxLacksIsAskedOnce(@TempDir Path data) throws Exception {
        eventsStatus.set(200);
        String product = "urn:tanji:test:outbound:" + UUID.randomUUID();
        try (RunningRegistry r = RunningRegistry.start(data, args(data, "[" + acme() + "]", "PT72H", "PT0.3S", "P30D"))) {
            seed(r, product);
            // The crash between the ledger commit and the outbox insert of /to-partner: the request is anchored to
            // the partner the way /to-partner anchors it, and the process never gets to queue its RequestCreated.
            ClientRegistry clients = r.bean(ClientRegistry.class);
            LedgerIdentity leader = clients.ledgerIdentity(clients.find("supplier-gs").block(WAIT));
            String requestId = UUID.randomUUID().toString();
            r.bean(Ledger.class).submit(leader, "supplychain:request", List.of(CanonicalJson.string(new SupplyChainContract.Opening(
                    requestId, "AnhuiMSP/partner-acme", product, "annual survey", requestId, true)))).block(WAIT);

            // The periodic reconciliation finds the open request on the ledger and asks the partner.
            await(() -> received.size() == 1);
            com.fasterxml.jackson.databind.JsonNode event = CanonicalJson.mapper().readTree(received.get(0)[2]);
            assertThat(event.get("type").asText()).isEqualTo("org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3");
            assertThat(event.get("id").asText()).as("the event names the request the partner's answer is matched to")
                    .isEqualTo(requestId);
            assertThat(event.get("data").get("productId").get(0).asText()).isEqualTo(product);
            assertThat(event.get("data").get("comment").asText()).isEqualTo("annual survey");
            EventOutbox outbox = r.bean(EventOutbox.class);
            await(() -> "DELIVERED".equals(outbox.find(requestId).block(WAIT).getString("state")));

            // Later rounds find it queued and ask nothing more.
            assertThat(r.bean(PactAnswerRecovery.class).reconcile().block(WAIT)).isZero();
            Thread.sleep(1000);
            assertThat(received).as("asked once").hasSize(1);
        }
    }

    @Test
    void anAnswerQueuedTwiceIsOneEntryAndOneDelivery(@TempDir Path data) throws Exception {
        eventsStatus.set(200);
        String product = "urn:tanji:test:outbound:" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        try (RunningRegistry r = RunningRegistry.start(data, args(data, "[" + acme() + "]", "PT72H"))) {
            seed(r, product);
            String requestId = requestFromPartner(data, r, eventId, partnerBase() + "/3/events", product);
            reject(r, requestId);
            String group = groupOf(r, requestId);
            EventOutbox outbox = r.bean(EventOutbox.class);
            outbox.requestRejected("partner-acme", group, eventId, "NotFound", "not produced any more").block(WAIT);
            outbox.requestRejected("partner-acme", group, eventId, "NotFound", "not produced any more").block(WAIT);
            assertThat(outbox.toPartner("partner-acme").collectList().block(WAIT)).extracting(d -> d.getString("_id"))
                    .containsExactly("answer:" + group + ":REJECTED");

            await(() -> "DELIVERED".equals(outbox.find("answer:" + group + ":REJECTED").block(WAIT).getString("state")));
            outbox.requestRejected("partner-acme", group, eventId, "NotFound", "not produced any more").block(WAIT);
            Thread.sleep(1000);
            assertThat(received).as("delivered once").hasSize(1);
            com.fasterxml.jackson.databind.JsonNode event = CanonicalJson.mapper().readTree(received.get(0)[2]);
            assertThat(event.get("id").asText()).isEqualTo(answerEventId(group, "REJECTED"));
            assertThat(event.get("data").get("requestEventId").asText()).isEqualTo(eventId);
            assertThat(outbox.find("answer:" + group + ":REJECTED").block(WAIT).getString("state")).isEqualTo("DELIVERED");
        }
    }

    @Test
    void oldDeliveredEventsArePrunedPendingOnesKeptAndAPrunedAnswerIsNotSentAgain(@TempDir Path data) throws Exception {
        String down = downPartner();
        eventsStatus.set(200);
        String product = "urn:tanji:test:outbound:" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        // Kept 2 s after queuing, checked every 0.3 s.
        try (RunningRegistry r = RunningRegistry.start(data, args(data, "[" + acme() + "," + down + "]", "PT72H", "PT0.3S", "PT2S"))) {
            seed(r, product);
            String requestId = requestFromPartner(data, r, eventId, partnerBase() + "/3/events", product);
            reject(r, requestId);
            registerDown(r);
            String leader = RestartAndTamperTest.token(r, "supplier-gs", "supplier-pw");
            String asked = r.http.post().uri("/api/v1/supply-chain/requests/to-partner").headers(h -> h.setBearerAuth(leader))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("partner", "partner-acme", "productId", "urn:x:y"))
                    .exchange().expectStatus().isAccepted().expectBody(JsonNode.class).returnResult().getResponseBody()
                    .get("eventId").asString();
            String pending = r.http.post().uri("/api/v1/supply-chain/requests/to-partner").headers(h -> h.setBearerAuth(leader))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("partner", "partner-down", "productId", "urn:x:y"))
                    .exchange().expectStatus().isAccepted().expectBody(JsonNode.class).returnResult().getResponseBody()
                    .get("eventId").asString();
            await(() -> received.size() == 2);
            EventOutbox outbox = r.bean(EventOutbox.class);
            String answer = "answer:" + groupOf(r, requestId) + ":REJECTED";
            assertThat(outbox.find(answer).block(WAIT).getString("state")).as("not pruned while young").isEqualTo("DELIVERED");

            // Past the retention: the delivered RequestCreated and the delivered answer are cut down to tombstones
            // (the ledger holds both, and recovery would queue either again), and the event nobody could take is
            // still pending.
            await(() -> "PRUNED".equals(outbox.find(asked).block(WAIT).getString("state")));
            await(() -> "PRUNED".equals(outbox.find(answer).block(WAIT).getString("state")));
            for (String pruned : List.of(asked, answer)) {
                Document tombstone = outbox.find(pruned).block(WAIT);
                assertThat(tombstone.containsKey("event")).isFalse();
                assertThat(tombstone.containsKey("partner")).isFalse();
            }
            Document stillPending = outbox.find(pending).block(WAIT);
            assertThat(stillPending.getString("state")).isEqualTo("PENDING");
            assertThat(stillPending.getDate("createdAt").toInstant()).isBefore(Instant.now().minusSeconds(2));

            // Recovery sees the tombstones: the answer the ledger holds, and the request to partner-acme that is
            // still open there, are not queued or sent again.
            assertThat(r.bean(PactAnswerRecovery.class).reconcile().block(WAIT)).isZero();
            Thread.sleep(1000);
            assertThat(received).hasSize(2);
            assertThat(outbox.find(answer).block(WAIT).getString("state")).isEqualTo("PRUNED");
            assertThat(outbox.find(asked).block(WAIT).getString("state")).isEqualTo("PRUNED");
            assertThat(outbox.find(pending).block(WAIT).getString("state")).isEqualTo("PENDING");
        }
    }

    static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
