package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tanji.gateway.security.Role;
import org.tanji.gateway.store.MongoEndpoint;

/** The running registry's embedded store reads and compares through the typed maps, not H2's default type. */
class StoreMapsApiTest extends ApiTest {
    @Autowired
    MongoEndpoint endpoint;

    @Test
    void everyMapOfTheRunningStoreIsTyped() {
        Client certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN-AH"));
        postFootprint(certifier, Fixtures.battery());
        MVStore store = org.tanji.gateway.store.StoreMaps.of(endpoint.embedded().orElseThrow());
        List<String> untyped = org.tanji.gateway.store.StoreMaps.untyped(store);
        assertThat(store.getMapNames()).anyMatch(n -> n.contains("._index_"));
        assertThat(untyped).isEmpty();
    }
}
