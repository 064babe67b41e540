package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.tanji.gateway.security.Role;

import com.fasterxml.jackson.databind.node.ObjectNode;

import tools.jackson.databind.JsonNode;

/**
 * The roll-up: a leader attaches the supplier footprint a request delivered as an input of its own
 * footprint, and once the supplier replaces that footprint every downstream footprint using it is flagged.
 */
class SupplyChainRollUpApiTest extends ApiTest {
    private static final Map<String, String> STAGES = Map.of("raw-material-acquisition", "41.2", "production", "18.1",
            "distribution", "1.4", "end-of-life", "1.8");

    private String footprint(Client owner, String product, String geography, String value) {
        ObjectNode pf = Fixtures.footprint(product, "lithium-battery", geography, value, STAGES);
        return postFootprint(owner, pf).get("id").asString();
    }

    /** A request from the leader to the supplier, fulfilled with the supplier's footprint; returns the request id. */
    private String delivered(Client leader, Client supplier, String supplierFootprint) {
        String requestId = http.post().uri("/api/v1/supply-chain/requests").headers(bearer(leader)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("supplierId", supplier.ledgerId(), "productId", "urn:tanji:test:cell"))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("request").get("id").asString();
        http.post().uri("/api/v1/supply-chain/requests/{id}/fulfil", requestId).headers(bearer(supplier))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("footprintId", supplierFootprint))
                .exchange().expectStatus().isOk();
        return requestId;
    }

    private WebTestClient.ResponseSpec attach(Client who, String footprintId, String requestId) {
        return http.post().uri("/api/v1/supply-chain/footprints/{id}/inputs", footprintId).headers(bearer(who))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("requestId", requestId)).exchange();
    }

    private JsonNode get(Client who, String uri) {
        return http.get().uri(uri).headers(bearer(who)).exchange().expectStatus().isOk().expectBody(JsonNode.class)
                .returnResult().getResponseBody();
    }

    @Test
    void deprecatingASupplierFootprintFlagsEveryDownstreamFootprintThatUsedIt() {
        Client supplier = client(Role.COMPANY, "GansuMSP");
        Client leader = client(Role.COMPANY, "AnhuiMSP");
        Client otherLeader = client(Role.COMPANY, "AnhuiMSP");
        String cell = footprint(supplier, "urn:tanji:test:cell", "CN-GS", "62.5");
        String pack = footprint(leader, "urn:tanji:test:pack", "CN-AH", "62.5");
        String module = footprint(otherLeader, "urn:tanji:test:module", "CN-AH", "62.5");
        String requestId = delivered(leader, supplier, cell);
        String otherRequest = delivered(otherLeader, supplier, cell);

        JsonNode attached = attach(leader, pack, requestId).expectStatus().isCreated().expectBody(JsonNode.class)
                .returnResult().getResponseBody();
        assertThat(attached.get("link").get("supplierFootprintId").asString()).isEqualTo(cell);
        assertThat(attached.get("link").get("deliveredHash").asString()).startsWith("sha256:");
        assertThat(attached.get("txId").asString()).isNotBlank();
        attach(otherLeader, module, otherRequest).expectStatus().isCreated();
        attach(leader, pack, requestId).expectStatus().isEqualTo(409);

        JsonNode before = get(leader, "/api/v1/supply-chain/footprints/" + pack + "/inputs");
        assertThat(before.size()).isEqualTo(1);
        assertThat(before.get(0).get("supplierStatus").asString()).isEqualTo("Active");
        assertThat(before.get(0).get("flagged").asBoolean()).isFalse();
        assertThat(get(supplier, "/api/v1/supply-chain/footprints/" + cell + "/downstream"))
                .extracting(JsonNode::asString).containsExactlyInAnyOrder(pack, module);

        // Who supplies whom is shown to the organisations involved only.
        Client stranger = client(Role.COMPANY, "GreenBankMSP");
        for (String uri : List.of("/api/v1/supply-chain/footprints/" + pack + "/inputs",
                "/api/v1/supply-chain/footprints/" + cell + "/downstream")) {
            http.get().uri(uri).headers(bearer(stranger)).exchange().expectStatus().isForbidden()
                    .expectBody().jsonPath("$.code").isEqualTo("ACCESS_DENIED");
        }

        // The supplier replaces its figure: the old footprint turns Deprecated on the ledger.
        ObjectNode successor = Fixtures.footprint("urn:tanji:test:cell", "lithium-battery", "CN-GS", "58.5", Map.of(
                "raw-material-acquisition", "37.2", "production", "18.1", "distribution", "1.4", "end-of-life", "1.8"));
        successor.putArray("precedingPfIds").add(cell);
        String replacement = postFootprint(supplier, successor).get("id").asString();

        for (String downstream : List.of(pack, module)) {
            JsonNode after = get(leader, "/api/v1/supply-chain/footprints/" + downstream + "/inputs");
            assertThat(after.get(0).get("flagged").asBoolean()).as("%s uses the replaced figure", downstream).isTrue();
            assertThat(after.get(0).get("supplierStatus").asString()).isEqualTo("Deprecated");
            assertThat(after.get(0).get("supersededBy").asString()).isEqualTo(replacement);
        }
    }

    @Test
    void onlyTheLeaderAttachesWhatItReceivedToItsOwnFootprint() {
        Client supplier = client(Role.COMPANY, "GansuMSP");
        Client leader = client(Role.COMPANY, "AnhuiMSP");
        Client stranger = client(Role.COMPANY, "AnhuiMSP");
        String cell = footprint(supplier, "urn:tanji:test:cell", "CN-GS", "62.5");
        String pack = footprint(leader, "urn:tanji:test:pack", "CN-AH", "62.5");
        String requestId = delivered(leader, supplier, cell);

        attach(stranger, pack, requestId).expectStatus().isForbidden();
        attach(leader, cell, requestId).expectStatus().isForbidden();
        attach(leader, pack, "").expectStatus().isBadRequest();
        String open = http.post().uri("/api/v1/supply-chain/requests").headers(bearer(leader)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("supplierId", supplier.ledgerId(), "productId", "urn:tanji:test:cell"))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("request").get("id").asString();
        attach(leader, pack, open).expectStatus().isEqualTo(409);
        attach(leader, pack, java.util.UUID.randomUUID().toString()).expectStatus().isNotFound();
        assertThat(get(leader, "/api/v1/supply-chain/footprints/" + pack + "/inputs").size()).isZero();
    }
}
