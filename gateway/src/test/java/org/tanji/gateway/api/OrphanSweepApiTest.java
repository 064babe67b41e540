package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.ledger.LedgerJson;
import org.tanji.gateway.security.ReaderIdentity;
import org.tanji.gateway.security.Role;
import org.tanji.gateway.store.DocumentStore;
import org.tanji.gateway.store.LedgerReferences;
import org.tanji.gateway.store.OrphanSweeper;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The store's sweep removes a document no ledger record names, and keeps one that any anchoring
 * contract names (footprint, supply-chain delivery, supplier data, factor set) even when its
 * "anchored" mark is missing, as after a crash between the commit and the mark.
 */
class OrphanSweepApiTest extends ApiTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    @Autowired
    DocumentStore documents;
    @Autowired
    OrphanSweeper sweeper;
    @Autowired
    LedgerReferences references;
    @Autowired
    MongoDatabase database;
    @Autowired
    Ledger ledger;
    @Autowired
    ReaderIdentity reader;

    @Test
    void sweepRemovesOrphansAndKeepsDocumentsTheLedgerNames() {
        Client certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN-AH"));
        JsonNode recorded = postFootprint(certifier, Fixtures.battery());
        String anchored = recorded.get("documentHash").asString();

        String orphan = documents.put("footprint", ("{\"orphan\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8),
                "application/json").block().id();

        assertThat(references.isReferenced(anchored).block()).isTrue();
        assertThat(references.isReferenced(orphan).block()).isFalse();

        sweeper.sweep(Instant.now().plusSeconds(5), references::isReferenced).block();

        assertThat(documents.exists(orphan).block()).isFalse();
        assertThat(documents.exists(anchored).block()).isTrue();
        assertThat(documents.get(anchored).block().content()).isNotEmpty();
    }

    @Test
    void deliveriesSupplierDataAndFactorSetsTheLedgerNamesSurviveALostAnchoredMark() {
        Client supplier = client(Role.COMPANY, "GansuMSP");
        Client leader = client(Role.COMPANY, "AnhuiMSP");
        String product = "urn:tanji:test:sweep:" + java.util.UUID.randomUUID();
        String footprintId = postFootprint(supplier, Fixtures.footprint(product, "lithium-battery", "CN-GS", "62.5",
                Map.of("raw-material-acquisition", "41.2", "production", "18.1", "distribution", "1.4", "end-of-life", "1.8")))
                .get("id").asString();
        String requestId = http.post().uri("/api/v1/supply-chain/requests").headers(bearer(leader))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("supplierId", supplier.ledgerId(), "productId", product))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("request").get("id").asString();
        String delivery = http.post().uri("/api/v1/supply-chain/requests/{id}/fulfil", requestId).headers(bearer(supplier))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("footprintId", footprintId))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("request").get("deliveredHash").asString();
        String dataId = http.post().uri("/api/v1/supplier-data?kind=meter-readings").headers(bearer(supplier))
                .contentType(MediaType.parseMediaType("text/csv")).bodyValue("meter,kwh\nM1,1200\n".getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("id").asString();
        String supplierData = LedgerJson.tree(ledger.evaluate(reader.identity(), "supplierdata:get", List.of(dataId))
                .block(TIMEOUT)).path("storedHash").asText();
        Client admin = client(Role.REGISTRY_ADMIN, "GansuMSP");
        String factorSet = http.post().uri("/api/v1/factor-sets").headers(bearer(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "sweep-" + java.util.UUID.randomUUID().toString().substring(0, 8), "version", "1",
                        "publisher", "Test registry", "source", "test fixture", "validFrom", "2025-01-01",
                        "factors", List.of(Map.of("code", "grid", "description", "grid electricity", "value", "0.5",
                                "unit", "kgCO2e/kWh"))))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("documentHash").asString();

        List<String> named = List.of(delivery, supplierData, factorSet);
        // The crash window: the ledger committed, the store never recorded the anchoring.
        for (String hash : named) {
            Mono.from(database.getCollection(DocumentStore.COLLECTION, Document.class)
                    .updateOne(Filters.eq("_id", hash), Updates.unset("anchoredAt"))).block(TIMEOUT);
        }
        List<String> orphans = List.of(
                documents.put("supply-delivery", ("{\"orphan\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8),
                        "application/json").block(TIMEOUT).id(),
                documents.put("supplier-data", ("{\"sealed\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8),
                        "application/json").block(TIMEOUT).id());

        sweeper.sweep(Instant.now().plusSeconds(5), references::isReferenced).block(TIMEOUT);

        for (String hash : named) {
            assertThat(documents.exists(hash).block(TIMEOUT)).as("%s is named on the ledger", hash).isTrue();
        }
        for (String hash : orphans) {
            assertThat(documents.exists(hash).block(TIMEOUT)).as("%s is named by no contract", hash).isFalse();
        }
        // Found by the sweep, the named ones are marked anchored again and never asked about twice.
        assertThat(Mono.from(database.getCollection(DocumentStore.COLLECTION, Document.class)
                .countDocuments(Filters.and(Filters.in("_id", named), Filters.exists("anchoredAt")))).block(TIMEOUT)).isEqualTo(3);
    }
}
