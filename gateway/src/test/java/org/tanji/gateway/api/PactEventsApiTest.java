package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.tanji.gateway.pact.EventInbox;
import org.tanji.gateway.security.Role;

/** PACT conformance for {@code POST /3/events}: valid events, malformed ones, duplicates and throttling. */
class PactEventsApiTest extends PactApiTest {
    private static final MediaType CLOUDEVENTS = MediaType.parseMediaType("application/cloudevents+json");
    private static final String SOURCE = "//partner.example/3/events";

    @Autowired
    EventInbox inbox;

    private WebTestClient.ResponseSpec post(Client partner, String event) {
        return https.post().uri("/3/events").headers(bearer(partner)).contentType(CLOUDEVENTS).bodyValue(event).exchange();
    }

    static String event(String id, String type, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"" + SOURCE + "\",\"time\":\"2026-03-05T17:31:00Z\","
                + "\"type\":\"org.wbcsd.pact.ProductFootprint." + type + ".3\",\"data\":" + data + "}";
    }

    static String published(String id) {
        return event(id, "PublishedEvent", "{\"pfIds\":[\"" + UUID.randomUUID() + "\"]}");
    }

    @Test
    void eachKindOfValidEventIsAcceptedWith200AndAnEmptyBodyAndStored() {
        Client partner = client(Role.COMPANY, "AnhuiMSP");
        String request = UUID.randomUUID().toString();
        List<String> events = List.of(
                event(request, "RequestCreatedEvent", "{\"productId\":[\"urn:tanji:test:p\"],\"geography\":[\"CN\"],"
                        + "\"validAfter\":\"2025-01-01T00:00:00Z\",\"comment\":\"please\"}"),
                event(UUID.randomUUID().toString(), "RequestRejectedEvent", "{\"requestEventId\":\"" + request
                        + "\",\"error\":{\"code\":\"NotFound\",\"message\":\"no such product\"}}"),
                event(UUID.randomUUID().toString(), "RequestFulfilledEvent", "{\"requestEventId\":\"" + request
                        + "\",\"pfs\":[{\"id\":\"" + UUID.randomUUID() + "\",\"specVersion\":\"3.0.0\"}]}"),
                published(UUID.randomUUID().toString()));
        for (String e : events) {
            post(partner, e).expectStatus().isOk().expectBody().isEmpty();
        }
        assertThat(inbox.count(partner.id()).block(Duration.ofSeconds(10))).isEqualTo(4);
    }

    @Test
    void malformedEventsAre400BadRequest() {
        Client partner = client(Role.COMPANY, "AnhuiMSP");
        String id = UUID.randomUUID().toString();
        List<String> malformed = List.of(
                "not json",
                "[]",
                event(id, "PublishedEvent", "{\"pfIds\":[\"not-a-uuid\"]}"),
                event(id, "PublishedEvent", "{\"pfIds\":[]}"),
                event(id, "PublishedEvent", "[1]"),
                event(id, "UnknownEvent", "{}"),
                event(id, "RequestFulfilledEvent", "{\"requestEventId\":\"x\",\"pfs\":[]}"),
                event(id, "RequestRejectedEvent", "{\"requestEventId\":\"x\"}"),
                event(id, "RequestCreatedEvent", "{\"productId\":\"urn:not-an-array\"}"),
                published(id).replace("\"specversion\":\"1.0\"", "\"specversion\":\"0.3\""),
                published(id).replace("\"time\":\"2026-03-05T17:31:00Z\"", "\"time\":\"yesterday\""),
                published(id).replace("\"id\":\"" + id + "\",", ""));
        for (String e : malformed) {
            post(partner, e).expectStatus().isBadRequest().expectBody()
                    .jsonPath("$.code").isEqualTo("BadRequest").jsonPath("$.message").exists();
        }
        https.post().uri("/3/events").headers(bearer(partner)).contentType(MediaType.TEXT_PLAIN).bodyValue(published(id))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("BadRequest");
        assertThat(inbox.count(partner.id()).block(Duration.ofSeconds(10))).isZero();
    }

    @Test
    void aResentEventIdIsAcknowledgedAndStoredOnce() {
        Client partner = client(Role.COMPANY, "AnhuiMSP");
        String e = published(UUID.randomUUID().toString());
        post(partner, e).expectStatus().isOk();
        post(partner, e).expectStatus().isOk().expectBody().isEmpty();
        assertThat(inbox.count(partner.id()).block(Duration.ofSeconds(10))).isEqualTo(1);
    }

    @Test
    void eventsWithoutATokenAre401() {
        // PACT's UnauthorizedResponse: 401 with an Error body; the spec's codes have none for a missing token
        // (TokenExpired is for an expired one), so it is BadRequest, as PACT's conformance checks expect.
        for (String path : List.of("/3/events", "/2/events")) {
            https.post().uri(path).contentType(CLOUDEVENTS).bodyValue(published(UUID.randomUUID().toString()))
                    .exchange().expectStatus().isUnauthorized()
                    .expectHeader().valueEquals("WWW-Authenticate", "Bearer")
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("BadRequest")
                    .jsonPath("$.message").value(m -> assertThat((String) m).contains("/auth/token"));
        }
    }

    @Test
    void aFloodingPartnerIsThrottledWith429AndEveryAcceptedEventIsKept() throws InterruptedException {
        Client partner = client(Role.COMPANY, "AnhuiMSP");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        // Sent all at once, as a flooding partner would.
        List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(30);
        try {
            for (String id : ids) {
                senders.submit(() -> {
                    var result = post(partner, published(id)).returnResult(String.class);
                    int status = result.getStatus().value();
                    if (status == 429) {
                        // PACT's error enum has no code for throttling: a 429 carries BadRequest and says to resend.
                        String body = result.getResponseBody().blockFirst(Duration.ofSeconds(10));
                        if (body.contains("\"code\":\"BadRequest\"") && body.contains("resend")
                                && "1".equals(result.getResponseHeaders().getFirst("Retry-After"))) {
                            refused.add(id);
                        }
                    } else if (status == 200) {
                        accepted.incrementAndGet();
                    }
                });
            }
        } finally {
            senders.shutdown();
            assertThat(senders.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        assertThat(accepted.get() + refused.size()).isEqualTo(60);
        assertThat(refused).as("a burst of 60 against 5 events/s").isNotEmpty();
        assertThat(inbox.count(partner.id()).block(Duration.ofSeconds(10))).isEqualTo(accepted.get());

        // The partner resends what was refused, as PACT's retry with backoff would; nothing is lost.
        while (!refused.isEmpty()) {
            Thread.sleep(200);
            refused.removeIf(id -> post(partner, published(id)).returnResult(Void.class).getStatus().value() == 200);
        }
        assertThat(inbox.count(partner.id()).block(Duration.ofSeconds(10))).isEqualTo(60);
    }
}
