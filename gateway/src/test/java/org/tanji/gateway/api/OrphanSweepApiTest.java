package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tanji.gateway.footprint.FootprintDocumentReferences;
import org.tanji.gateway.store.DocumentStore;
import org.tanji.gateway.store.OrphanSweeper;

import tools.jackson.databind.JsonNode;

/**
 * The store's sweep removes a document no ledger record names, and keeps one that a footprint on
 * the ledger names even when its "anchored" mark is missing.
 */
class OrphanSweepApiTest extends ApiTest {
    @Autowired
    DocumentStore documents;
    @Autowired
    OrphanSweeper sweeper;
    @Autowired
    FootprintDocumentReferences references;

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
}
