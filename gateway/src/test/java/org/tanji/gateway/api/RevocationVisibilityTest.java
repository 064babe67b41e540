package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * A revocation or suspension shows on the page and in the JSON within 2 s of its commit, even
 * when both were just served from the cache: the ledger's events invalidate it, not a TTL.
 */
class RevocationVisibilityTest extends ApiTest {
    private static final Duration WITHIN = Duration.ofSeconds(2);

    @Test
    void suspensionAndRevocationShowWithinTwoSecondsOfTheirCommit() throws Exception {
        Client certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN"));
        String labelId = grant(certifier, postFootprint(certifier, Fixtures.battery()).get("id").asString())
                .get("labelId").asString();
        for (int i = 0; i < 3; i++) {
            // Warm: these answers now come from the cache.
            assertThat(verification(labelId).get("status").asString()).isEqualTo("VALID");
            assertThat(page(labelId)).contains("VALID");
        }

        decide(certifier, labelId, "SUSPENDED", "audit pending").expectStatus().isOk();
        assertThat(secondsUntilBoth(labelId, "SUSPENDED")).isLessThan(WITHIN);

        decide(certifier, labelId, "REVOKED", "footprint misstated").expectStatus().isOk();
        assertThat(secondsUntilBoth(labelId, "REVOKED")).isLessThan(WITHIN);
        assertThat(page(labelId)).contains("footprint misstated");
    }

    @Test
    void aCertifiersSuspensionShowsOnItsLabelsAndOtherLedgerChangesLeaveThemAlone() {
        Client admin = client(org.tanji.gateway.security.Role.REGISTRY_ADMIN, "AnhuiMSP");
        Client watched = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN"));
        Client other = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN"));
        String watchedLabel = grant(watched, postFootprint(watched, Fixtures.battery()).get("id").asString()).get("labelId").asString();
        String otherLabel = grant(other, postFootprint(other, Fixtures.battery()).get("id").asString()).get("labelId").asString();
        String otherCheckedAt = verification(otherLabel).get("checkedAt").asString();
        assertThat(verification(watchedLabel).get("certifier").get("accreditationStatus").asString()).isEqualTo("ACTIVE");

        // A new footprint by someone else changes neither label's facts: the cached answer stands.
        postFootprint(watched, Fixtures.battery());
        assertThat(verification(otherLabel).get("checkedAt").asString()).isEqualTo(otherCheckedAt);

        http.post().uri("/api/v1/accreditations/{msp}/{id}/suspension", "AnhuiMSP", watched.id()).headers(bearer(admin))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(java.util.Map.of("reason", "complaint under review"))
                .exchange().expectStatus().isOk();
        assertThat(verification(watchedLabel).get("certifier").get("accreditationStatus").asString()).isEqualTo("SUSPENDED");
        assertThat(page(watchedLabel)).contains("SUSPENDED");
        assertThat(verification(otherLabel).get("checkedAt").asString()).as("another certifier's label").isEqualTo(otherCheckedAt);
    }

    @Test
    void replacingACertifiedFootprintShowsItDeprecatedWithinTwoSeconds() throws Exception {
        Client certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN"));
        String footprintId = postFootprint(certifier, Fixtures.battery()).get("id").asString();
        String labelId = grant(certifier, footprintId).get("labelId").asString();
        assertThat(verification(labelId).get("footprint").get("status").asString()).isEqualTo("Active");
        assertThat(page(labelId)).doesNotContain("replaced this footprint");

        com.fasterxml.jackson.databind.node.ObjectNode next = Fixtures.battery();
        next.putArray("precedingPfIds").add(footprintId);
        postFootprint(certifier, next);

        long start = System.nanoTime();
        long deadline = start + WITHIN.multipliedBy(5).toNanos();
        while (System.nanoTime() < deadline
                && !("Deprecated".equals(verification(labelId).get("footprint").get("status").asString())
                        && page(labelId).contains("replaced this footprint"))) {
            Thread.sleep(20);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WITHIN);
        // The label still certifies the figures it was granted for.
        assertThat(verification(labelId).get("status").asString()).isEqualTo("VALID");
    }

    /** Time from the decision's answer (after its commit) until JSON and page both show the status. */
    private Duration secondsUntilBoth(String labelId, String status) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + WITHIN.multipliedBy(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (status.equals(verification(labelId).get("status").asString()) && page(labelId).contains(status)) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(20);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private String page(String labelId) {
        return http.get().uri("/l/{id}", labelId).accept(MediaType.TEXT_HTML).exchange()
                .expectBody(String.class).returnResult().getResponseBody();
    }
}
