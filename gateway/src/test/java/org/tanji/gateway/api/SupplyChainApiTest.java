package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.tanji.gateway.ledger.embedded.EmbeddedLedger;
import org.tanji.gateway.security.Role;

import com.mongodb.reactivestreams.client.MongoDatabase;

import com.fasterxml.jackson.databind.node.ObjectNode;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** A chain leader requests a supplier's footprint; the delivery is anchored and provable afterwards. */
class SupplyChainApiTest extends PactApiTest {

    private JsonNode open(Client leader, Client supplier, String productId) {
        return http.post().uri("/api/v1/supply-chain/requests").headers(bearer(leader)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("supplierId", supplier.ledgerId(), "productId", productId, "comment", "for our 2026 pack"))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode list(Client who, String box) {
        return http.get().uri("/api/v1/supply-chain/requests?box=" + box).headers(bearer(who)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static List<String> requestIds(JsonNode list) {
        return java.util.stream.StreamSupport.stream(list.spliterator(), false).map(r -> r.get("id").asString()).toList();
    }

    @Test
    void leaderCanProveWhatTheSupplierDeliveredAndThatItWasCertified() throws Exception {
        Client leader = client(Role.COMPANY, "AnhuiMSP");
        Client supplier = client(Role.COMPANY, "GansuMSP");
        String product = urn("product");
        ObjectNode pf = Fixtures.footprint(product, "lithium-battery", "CN-GS", "62.5",
                Map.of("raw-material-acquisition", "41.2", "production", "18.1", "distribution", "1.4", "end-of-life", "1.8"));
        String footprintId = postFootprint(supplier, pf).get("id").asString();
        Client certifier = accreditedCertifier("GansuMSP", List.of("lithium-battery"), List.of("CN-GS"));
        grant(certifier, footprintId);

        String requestId = open(leader, supplier, product).get("request").get("id").asString();
        assertThat(requestIds(list(supplier, "inbox"))).containsExactly(requestId);
        assertThat(requestIds(list(leader, "sent"))).containsExactly(requestId);
        assertThat(requestIds(list(leader, "inbox"))).isEmpty();

        JsonNode fulfilled = http.post().uri("/api/v1/supply-chain/requests/{id}/fulfil", requestId).headers(bearer(supplier))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("footprintId", footprintId))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode anchored = fulfilled.get("request");
        assertThat(anchored.get("status").asString()).isEqualTo("FULFILLED");
        assertThat(anchored.get("certified").asBoolean()).isTrue();
        assertThat(anchored.get("certifiedBy").asString()).startsWith(certifier.ledgerId());
        assertThat(fulfilled.get("txId").asString()).isNotBlank();

        byte[] delivered = http.get().uri("/api/v1/supply-chain/requests/{id}/delivery", requestId).headers(bearer(leader))
                .exchange().expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        String hash = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(delivered));
        JsonNode onLedger = http.get().uri("/api/v1/supply-chain/requests/{id}", requestId).headers(bearer(leader)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(onLedger.get("deliveredHash").asString()).isEqualTo(hash);
        JsonNode document = tools.jackson.databind.json.JsonMapper.builder().build().readTree(delivered);
        assertThat(document.get("id").asString()).isEqualTo(footprintId);
        assertThat(document.get("pcf").has("verification")).isTrue();

        // Answered once: neither side can rewrite what was delivered.
        http.post().uri("/api/v1/supply-chain/requests/{id}/reject", requestId).headers(bearer(supplier))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "changed my mind"))
                .exchange().expectStatus().isEqualTo(409);
    }

    @Test
    void supplierRejectsWithAReasonAndOnlyTheSupplierMayAnswer() {
        Client leader = client(Role.COMPANY, "AnhuiMSP");
        Client supplier = client(Role.COMPANY, "AnhuiMSP");
        Client stranger = client(Role.COMPANY, "GansuMSP");
        String requestId = open(leader, supplier, urn("product")).get("request").get("id").asString();

        http.post().uri("/api/v1/supply-chain/requests/{id}/reject", requestId).headers(bearer(leader))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "self-serve"))
                .exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/supply-chain/requests/{id}", requestId).headers(bearer(stranger)).exchange()
                .expectStatus().isForbidden();

        JsonNode rejected = http.post().uri("/api/v1/supply-chain/requests/{id}/reject", requestId).headers(bearer(supplier))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "we do not make this product"))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(rejected.get("request").get("status").asString()).isEqualTo("REJECTED");
        assertThat(rejected.get("request").get("reason").asString()).isEqualTo("we do not make this product");
        http.get().uri("/api/v1/supply-chain/requests/{id}/delivery", requestId).headers(bearer(leader)).exchange()
                .expectStatus().isEqualTo(409);
    }

    @Test
    void aSupplierCannotDeliverAnotherOrganisationsFootprint() {
        Client leader = client(Role.COMPANY, "AnhuiMSP");
        Client supplier = client(Role.COMPANY, "AnhuiMSP");
        Client other = client(Role.COMPANY, "GansuMSP");
        String theirs = postFootprint(other, Fixtures.battery()).get("id").asString();
        String requestId = open(leader, supplier, urn("product")).get("request").get("id").asString();
        http.post().uri("/api/v1/supply-chain/requests/{id}/fulfil", requestId).headers(bearer(supplier))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("footprintId", theirs))
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void aPactRequestCreatedEventOpensARequestInTheMatchingSuppliersInbox() {
        Client supplier = client(Role.COMPANY, "GansuMSP");
        Client partner = client(Role.COMPANY, "AnhuiMSP");
        String product = urn("product");
        postFootprint(supplier, Fixtures.footprint(product, "lithium-battery", "CN-GS", "62.5",
                Map.of("raw-material-acquisition", "41.2", "production", "18.1", "distribution", "1.4", "end-of-life", "1.8")));
        awaitPact(partner, "/3/footprints?productId=" + product, body -> ids(body).size() == 1);

        String eventId = java.util.UUID.randomUUID().toString();
        String event = PactEventsApiTest.event(eventId, "RequestCreatedEvent",
                "{\"productId\":[\"" + product.toUpperCase() + "\"],\"comment\":\"annual supplier survey\"}");
        for (int i = 0; i < 2; i++) {
            https.post().uri("/3/events").headers(bearer(partner)).contentType(MediaType.parseMediaType("application/cloudevents+json"))
                    .bodyValue(event).exchange().expectStatus().isOk();
        }

        JsonNode inbox = list(supplier, "inbox");
        assertThat(inbox.size()).as("a resent event opens no second request").isEqualTo(1);
        assertThat(inbox.get(0).get("pactEventId").asString()).isEqualTo(eventId);
        assertThat(inbox.get(0).get("requesterId").asString()).isEqualTo(partner.ledgerId());
        assertThat(inbox.get(0).get("comment").asString()).isEqualTo("annual supplier survey");
    }

    @Autowired
    EmbeddedLedger ledger;
    @Autowired
    MongoDatabase database;

    private long storedDocuments() {
        return Mono.from(database.getCollection("documents").countDocuments(new Document())).block();
    }

    @Test
    void aFootprintOfAnotherProductIsRefusedAndNothingIsRecorded() {
        Client leader = client(Role.COMPANY, "AnhuiMSP");
        Client supplier = client(Role.COMPANY, "GansuMSP");
        String asked = urn("product");
        String other = urn("product");
        String footprintId = postFootprint(supplier, Fixtures.footprint(other, "lithium-battery", "CN-GS", "62.5",
                Map.of("raw-material-acquisition", "41.2", "production", "18.1", "distribution", "1.4", "end-of-life", "1.8")))
                .get("id").asString();
        String requestId = open(leader, supplier, asked).get("request").get("id").asString();
        long height = ledger.height();
        long documents = storedDocuments();

        http.post().uri("/api/v1/supply-chain/requests/{id}/fulfil", requestId).headers(bearer(supplier))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("footprintId", footprintId))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.code").isEqualTo("INVALID_ARGUMENT")
                .jsonPath("$.errors[0].field").isEqualTo("footprintId")
                .jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains(asked).contains(other));
        assertThat(ledger.height()).as("ledger height after the refusal").isEqualTo(height);
        assertThat(storedDocuments()).as("the delivery is not kept").isEqualTo(documents);
        JsonNode request = http.get().uri("/api/v1/supply-chain/requests/{id}", requestId).headers(bearer(leader)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(request.get("status").asString()).isEqualTo("OPEN");
        assertThat(request.get("proof").get("txId").asString()).as("the proof of the opening").isEqualTo(request.get("txId").asString());
        assertThat(request.get("proof").get("blockNumber").asLong()).isPositive();
    }

    @Test
    void aPactRequestCreatedTwoSuppliersMatchOpensOneGroupOfRequests() {
        Client first = client(Role.COMPANY, "GansuMSP");
        Client second = client(Role.COMPANY, "AnhuiMSP");
        Client partner = client(Role.COMPANY, "AnhuiMSP");
        String product = urn("product");
        String other = urn("product");
        Map<String, String> stages = Map.of("raw-material-acquisition", "41.2", "production", "18.1", "distribution", "1.4",
                "end-of-life", "1.8");
        postFootprint(first, Fixtures.footprint(product, "lithium-battery", "CN-GS", "62.5", stages));
        postFootprint(second, Fixtures.footprint(other, "lithium-battery", "CN-AH", "62.5", stages));
        awaitPact(partner, "/3/footprints?productId=" + product + "&productId=" + other, body -> ids(body).size() == 2);

        String eventId = java.util.UUID.randomUUID().toString();
        https.post().uri("/3/events").headers(bearer(partner)).contentType(MediaType.parseMediaType("application/cloudevents+json"))
                .bodyValue(PactEventsApiTest.event(eventId, "RequestCreatedEvent",
                        "{\"productId\":[\"" + product + "\",\"" + other + "\"]}"))
                .exchange().expectStatus().isOk();

        JsonNode toFirst = list(first, "inbox").get(0);
        JsonNode toSecond = list(second, "inbox").get(0);
        assertThat(toFirst.get("groupId").asString()).isEqualTo(toSecond.get("groupId").asString());
        assertThat(toFirst.get("productId").asString()).as("the product id the supplier's footprint names").isEqualTo(product);
        assertThat(toSecond.get("productId").asString()).isEqualTo(other);
        assertThat(requestIds(list(partner, "sent"))).containsExactlyInAnyOrder(toFirst.get("id").asString(),
                toSecond.get("id").asString());
    }
}
