package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tanji.gateway.api.PactOutboundEventsTest.await;
import static org.tanji.gateway.api.PactOutboundEventsTest.https;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.ledger.embedded.EmbeddedLedger;
import org.tanji.gateway.pact.EventInbox;
import org.tanji.gateway.security.ClientRegistry;
import org.tanji.gateway.security.Role;
import org.tanji.gateway.store.DocumentStore;
import org.tanji.gateway.supplychain.PactAnswerRecovery;

import com.fasterxml.jackson.databind.node.ObjectNode;

import tools.jackson.databind.JsonNode;

/**
 * The exchange of requests with outside PACT partners, end to end against a partner's real HTTP server: every
 * RequestCreated we accept gets exactly one answer (rejected when no supplier can answer it, one event for all
 * the suppliers it went to), and a partner's answer to a request we sent it is anchored on the ledger and shown
 * to the leader with its proof.
 */
class PactRequestAnswersTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final MediaType CLOUDEVENTS = MediaType.parseMediaType("application/cloudevents+json");
    private static final Map<String, String> STAGES = Map.of("raw-material-acquisition", "41.2", "production", "18.1",
            "distribution", "1.4", "end-of-life", "1.8");
    private PartnerPact partner;

    @BeforeEach
    void startPartner() throws Exception {
        partner = PartnerPact.start(200);
    }

    @AfterEach
    void stopPartner() {
        partner.close();
    }

    private RunningRegistry start(Path data) throws Exception {
        RunningRegistry r = RunningRegistry.start(data, PactOutboundEventsTest.args(data, "[" + partner.registration("partner-acme")
                + "]", "PT72H", "PT1H", "P30D"));
        ClientRegistry clients = r.bean(ClientRegistry.class);
        clients.register("partner-acme", "acme-in", Role.COMPANY, "AnhuiMSP").block(WAIT);
        clients.register("supplier-gs", "gs-pw", Role.COMPANY, "GansuMSP").block(WAIT);
        clients.register("supplier-ah", "ah-pw", Role.COMPANY, "AnhuiMSP").block(WAIT);
        return r;
    }

    private static String token(RunningRegistry r, String client) {
        return RestartAndTamperTest.token(r, client, switch (client) {
            case "partner-acme" -> "acme-in";
            case "supplier-gs" -> "gs-pw";
            case "supplier-ah" -> "ah-pw";
            default -> "impostor-pw";
        });
    }

    private static String footprint(RunningRegistry r, String owner, String product) {
        return r.http.post().uri("/api/v1/footprints").headers(h -> h.setBearerAuth(token(r, owner))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(CanonicalJson.string(Fixtures.footprint(product, "lithium-battery", "CN-GS", "62.5", STAGES)))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
    }

    private String event(String id, String type, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"" + partner.base() + "/3/events\",\"time\":"
                + "\"2026-03-05T17:31:00Z\",\"type\":\"org.wbcsd.pact.ProductFootprint." + type + ".3\",\"data\":" + data + "}";
    }

    private static void post(Path data, RunningRegistry r, String client, String event) throws Exception {
        https(data, r).post().uri("/3/events").headers(h -> h.setBearerAuth(token(r, client))).contentType(CLOUDEVENTS)
                .bodyValue(event).exchange().expectStatus().isOk().expectBody().isEmpty();
    }

    private static JsonNode get(RunningRegistry r, String client, String uri) {
        return r.http.get().uri(uri).headers(h -> h.setBearerAuth(token(r, client))).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static void awaitIndexed(Path data, RunningRegistry r, String product, int footprints) throws Exception {
        WebTestClient https = https(data, r);
        String t = token(r, "partner-acme");
        await(() -> https.get().uri("/3/footprints?productId=" + product).headers(h -> h.setBearerAuth(t)).exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("data").size() == footprints);
    }

    /** Waits long enough for a wrongly queued event to have been sent (the outbox polls every 0.1 s), then counts. */
    private int sentAfterAWhile() throws InterruptedException {
        Thread.sleep(1500);
        return partner.received.size();
    }

    @Test
    void aRequestCreatedThatOpensNoRequestIsRejectedOnceWithPactsErrorShape(@TempDir Path data) throws Exception {
        try (RunningRegistry r = start(data)) {
            String unknown = "urn:tanji:test:nobody-makes:" + UUID.randomUUID();
            String noMatch = UUID.randomUUID().toString();
            post(data, r, "partner-acme", event(noMatch, "RequestCreatedEvent", "{\"productId\":[\"" + unknown + "\"]}"));
            String noProduct = UUID.randomUUID().toString();
            post(data, r, "partner-acme", event(noProduct, "RequestCreatedEvent", "{\"geography\":[\"CN\"]}"));
            // Resent: acknowledged, not answered again.
            post(data, r, "partner-acme", event(noMatch, "RequestCreatedEvent", "{\"productId\":[\"" + unknown + "\"]}"));

            await(() -> partner.received.size() >= 2);
            assertThat(sentAfterAWhile()).as("one answer per RequestCreated").isEqualTo(2);
            Map<String, com.fasterxml.jackson.databind.JsonNode> byRequest = new java.util.HashMap<>();
            for (com.fasterxml.jackson.databind.JsonNode e : partner.events()) {
                assertThat(e.get("type").asText()).isEqualTo("org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3");
                byRequest.put(e.get("data").get("requestEventId").asText(), e.get("data").get("error"));
            }
            assertThat(byRequest.get(noMatch).get("code").asText()).isEqualTo("NotFound");
            assertThat(byRequest.get(noMatch).get("message").asText()).contains("no supplier").contains(unknown);
            assertThat(byRequest.get(noProduct).get("code").asText()).isEqualTo("BadRequest");
            assertThat(byRequest.get(noProduct).get("message").asText()).contains("productId");
            assertThat(r.bean(EventInbox.class).find("partner-acme", partner.base() + "/3/events", noMatch).block(WAIT)
                    .getString("state")).isEqualTo("PROCESSED");
        }
    }

    @Test
    void aRequestTwoSuppliersCanAnswerGetsOneAnswerOnceBothHaveAnswered(@TempDir Path data) throws Exception {
        try (RunningRegistry r = start(data)) {
            String product = "urn:tanji:test:two-suppliers:" + UUID.randomUUID();
            String fromGansu = footprint(r, "supplier-gs", product);
            footprint(r, "supplier-ah", product);
            awaitIndexed(data, r, product, 2);

            String eventId = UUID.randomUUID().toString();
            post(data, r, "partner-acme", event(eventId, "RequestCreatedEvent", "{\"productId\":[\"" + product + "\"]}"));
            JsonNode gs = get(r, "supplier-gs", "/api/v1/supply-chain/requests").get(0);
            JsonNode ah = get(r, "supplier-ah", "/api/v1/supply-chain/requests").get(0);
            assertThat(gs.get("groupId").asString()).as("one group for the event").isEqualTo(ah.get("groupId").asString());
            assertThat(gs.get("pactEventId").asString()).isEqualTo(eventId);

            String delivered = r.http.post().uri("/api/v1/supply-chain/requests/{id}/fulfil", gs.get("id").asString())
                    .headers(h -> h.setBearerAuth(token(r, "supplier-gs"))).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("footprintId", fromGansu)).exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody().get("request").get("deliveredHash").asString();
            assertThat(sentAfterAWhile()).as("no answer while a supplier has not answered").isZero();

            r.http.post().uri("/api/v1/supply-chain/requests/{id}/reject", ah.get("id").asString())
                    .headers(h -> h.setBearerAuth(token(r, "supplier-ah"))).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("reason", "our figure is not ready")).exchange().expectStatus().isOk();
            await(() -> partner.received.size() == 1);
            com.fasterxml.jackson.databind.JsonNode answer = partner.event(0);
            assertThat(answer.get("type").asText()).isEqualTo("org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3");
            assertThat(answer.get("data").get("requestEventId").asText()).isEqualTo(eventId);
            assertThat(answer.get("data").get("pfs")).hasSize(1);
            assertThat(DocumentStore.sha256Id(CanonicalJson.bytes(answer.get("data").get("pfs").get(0))))
                    .as("the very document the ledger anchored").isEqualTo(delivered);
            assertThat(r.bean(PactAnswerRecovery.class).reconcile().block(WAIT)).as("nothing left to recover").isZero();
            assertThat(sentAfterAWhile()).as("one answer for the event, not one per supplier").isEqualTo(1);

            // Every supplier refuses: one RequestRejected, with each reason.
            String refused = UUID.randomUUID().toString();
            post(data, r, "partner-acme", event(refused, "RequestCreatedEvent", "{\"productId\":[\"" + product + "\"]}"));
            for (String supplier : List.of("supplier-gs", "supplier-ah")) {
                JsonNode open = java.util.stream.StreamSupport.stream(get(r, supplier, "/api/v1/supply-chain/requests").spliterator(),
                        false).filter(q -> refused.equals(q.get("pactEventId").asString())).findFirst().orElseThrow();
                r.http.post().uri("/api/v1/supply-chain/requests/{id}/reject", open.get("id").asString())
                        .headers(h -> h.setBearerAuth(token(r, supplier))).contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("reason", "no capacity at " + supplier)).exchange().expectStatus().isOk();
            }
            await(() -> partner.received.size() == 2);
            com.fasterxml.jackson.databind.JsonNode rejected = partner.event(1);
            assertThat(rejected.get("type").asText()).isEqualTo("org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3");
            assertThat(rejected.get("data").get("requestEventId").asText()).isEqualTo(refused);
            assertThat(rejected.get("data").get("error").get("code").asText()).isEqualTo("NotFound");
            assertThat(rejected.get("data").get("error").get("message").asText())
                    .contains("no capacity at supplier-gs").contains("no capacity at supplier-ah");
            assertThat(sentAfterAWhile()).isEqualTo(2);
        }
    }

    private static ObjectNode partnerFootprint(String product) {
        ObjectNode pf = Fixtures.footprint(product, "lithium-battery", "DE", "12.5", STAGES);
        pf.put("id", UUID.randomUUID().toString());
        pf.put("companyName", "Acme Cells GmbH");
        return pf;
    }

    @Test
    void aPartnersAnswerToOurRequestIsAnchoredAndTheLeaderCanProveWhatItReceived(@TempDir Path data) throws Exception {
        try (RunningRegistry r = start(data)) {
            r.bean(ClientRegistry.class).register("impostor", "impostor-pw", Role.COMPANY, "AnhuiMSP").block(WAIT);
            String product = "urn:tanji:test:from-partner:" + UUID.randomUUID();
            JsonNode asked = r.http.post().uri("/api/v1/supply-chain/requests/to-partner")
                    .headers(h -> h.setBearerAuth(token(r, "supplier-gs"))).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("partner", "partner-acme", "productId", product)).exchange().expectStatus().isAccepted()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            String requestId = asked.get("eventId").asString();
            assertThat(asked.get("request").get("id").asString()).isEqualTo(requestId);
            assertThat(asked.get("request").get("supplierId").asString()).isEqualTo("AnhuiMSP/partner-acme");
            assertThat(asked.get("request").get("external").asBoolean()).isTrue();
            await(() -> partner.received.size() == 1);
            assertThat(partner.event(0).get("id").asText()).as("the event the partner answers to names the request")
                    .isEqualTo(requestId);

            ObjectNode first = partnerFootprint(product);
            ObjectNode second = partnerFootprint(product);
            String pfs = "[" + CanonicalJson.string(first) + "," + CanonicalJson.string(second) + "]";
            String fulfilled = event(UUID.randomUUID().toString(), "RequestFulfilledEvent",
                    "{\"requestEventId\":\"" + requestId + "\",\"pfs\":" + pfs + "}");
            long height = r.bean(EmbeddedLedger.class).height();

            // Someone else answering it is accepted as an event but recorded nowhere.
            String forged = UUID.randomUUID().toString();
            post(data, r, "impostor", event(forged, "RequestFulfilledEvent", "{\"requestEventId\":\"" + requestId
                    + "\",\"pfs\":" + pfs + "}"));
            await(() -> "REFUSED".equals(r.bean(EventInbox.class).find("impostor", partner.base() + "/3/events", forged)
                    .block(WAIT).getString("state")));
            assertThat(r.bean(EmbeddedLedger.class).height()).as("nothing anchored for the impostor").isEqualTo(height);
            assertThat(get(r, "supplier-gs", "/api/v1/supply-chain/requests/" + requestId).get("status").asString())
                    .isEqualTo("OPEN");
            byte[] list = CanonicalJson.bytes(CanonicalJson.mapper().readTree(pfs));
            assertThat(r.bean(DocumentStore.class).exists(DocumentStore.sha256Id(list)).block(WAIT))
                    .as("the impostor's footprints are not kept").isFalse();

            post(data, r, "partner-acme", fulfilled);
            JsonNode proven = get(r, "supplier-gs", "/api/v1/supply-chain/requests/" + requestId);
            assertThat(proven.get("status").asString()).isEqualTo("FULFILLED");
            assertThat(proven.get("received").findValuesAsString("footprintId"))
                    .containsExactly(first.get("id").asText(), second.get("id").asText());
            assertThat(proven.get("received").findValuesAsString("documentHash")).containsExactly(
                    DocumentStore.sha256Id(CanonicalJson.bytes(first)), DocumentStore.sha256Id(CanonicalJson.bytes(second)));
            assertThat(proven.get("answerEventId").asString()).isEqualTo(CanonicalJson.mapper().readTree(fulfilled).get("id").asText());
            assertThat(proven.get("proof").get("txId").asString()).isEqualTo(proven.get("txId").asString());
            assertThat(proven.get("proof").get("blockNumber").asLong()).isGreaterThanOrEqualTo(height);
            assertThat(proven.get("proof").get("validationCode").asString()).isEqualTo("VALID");
            assertThat(proven.get("proof").get("blockHash").asString()).isNotBlank();

            byte[] delivered = r.http.get().uri("/api/v1/supply-chain/requests/{id}/delivery", requestId)
                    .headers(h -> h.setBearerAuth(token(r, "supplier-gs"))).exchange().expectStatus().isOk()
                    .expectBody(byte[].class).returnResult().getResponseBody();
            assertThat("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(delivered)))
                    .isEqualTo(proven.get("deliveredHash").asString());
            assertThat(CanonicalJson.mapper().readTree(delivered)).isEqualTo(CanonicalJson.mapper().readTree(pfs));

            // The same answer resent, or a different one later, changes nothing.
            post(data, r, "partner-acme", fulfilled);
            post(data, r, "partner-acme", event(UUID.randomUUID().toString(), "RequestRejectedEvent",
                    "{\"requestEventId\":\"" + requestId + "\",\"error\":{\"code\":\"NotFound\",\"message\":\"changed our mind\"}}"));
            assertThat(get(r, "supplier-gs", "/api/v1/supply-chain/requests/" + requestId).get("version").asInt()).isEqualTo(2);

            // A refusal is anchored with the partner's code and message.
            String second2 = r.http.post().uri("/api/v1/supply-chain/requests/to-partner")
                    .headers(h -> h.setBearerAuth(token(r, "supplier-gs"))).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("partner", "partner-acme", "productId", product)).exchange().expectStatus().isAccepted()
                    .expectBody(JsonNode.class).returnResult().getResponseBody().get("eventId").asString();
            post(data, r, "partner-acme", event(UUID.randomUUID().toString(), "RequestRejectedEvent",
                    "{\"requestEventId\":\"" + second2 + "\",\"error\":{\"code\":\"NotFound\",\"message\":\"no such product\"}}"));
            JsonNode rejected = get(r, "supplier-gs", "/api/v1/supply-chain/requests/" + second2);
            assertThat(rejected.get("status").asString()).isEqualTo("REJECTED");
            assertThat(rejected.get("reason").asString()).isEqualTo("NotFound: no such product");
            r.http.get().uri("/api/v1/supply-chain/requests/{id}", second2).headers(h -> h.setBearerAuth(token(r, "supplier-ah")))
                    .exchange().expectStatus().isForbidden();
        }
    }
}
