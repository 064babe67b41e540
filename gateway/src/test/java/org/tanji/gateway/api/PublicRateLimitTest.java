package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * The public endpoints are limited per client address: past the limit a scan gets 429 with a
 * problem body and Retry-After, while authenticated calls are not affected; 0 turns the limit off.
 */
class PublicRateLimitTest {
    private static final String UNKNOWN_LABEL = "/api/v1/labels/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/verification";

    @TempDir
    Path data;

    @Test
    void overTheLimitGets429AndTheApiIsUnaffected() {
        try (RunningRegistry registry = RunningRegistry.start(data, "--tanji.public-rate-limit=5")) {
            List<Integer> statuses = new ArrayList<>();
            EntityExchangeResult<byte[]> limited = null;
            for (int i = 0; i < 40; i++) {
                EntityExchangeResult<byte[]> r = registry.http.get().uri(UNKNOWN_LABEL).exchange().expectBody().returnResult();
                statuses.add(r.getStatus().value());
                if (r.getStatus().value() == 429 && limited == null) {
                    limited = r;
                }
            }
            assertThat(statuses).contains(404, 429);
            assertThat(statuses.subList(0, 5)).containsOnly(404);
            assertThat(limited.getResponseHeaders().getFirst("Retry-After")).isEqualTo("1");
            assertThat(limited.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(new String(limited.getResponseBody())).contains("\"status\":429").contains("too many requests");

            // The label page, which Netty answers ahead of WebFlux, draws on the same address's tokens;
            // past them it falls back to the filter's 429 problem.
            sleepForARefill();
            List<Integer> pageStatuses = new ArrayList<>();
            EntityExchangeResult<byte[]> pageLimited = null;
            for (int i = 0; i < 40; i++) {
                EntityExchangeResult<byte[]> r = registry.http.get().uri("/l/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").exchange()
                        .expectBody().returnResult();
                pageStatuses.add(r.getStatus().value());
                if (r.getStatus().value() == 429 && pageLimited == null) {
                    pageLimited = r;
                }
            }
            assertThat(pageStatuses.subList(0, 5)).containsOnly(404);
            assertThat(pageStatuses).contains(429);
            assertThat(pageLimited.getResponseHeaders().getFirst("Retry-After")).isEqualTo("1");
            assertThat(pageLimited.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(new String(pageLimited.getResponseBody())).contains("\"status\":429");

            // An authenticated endpoint from the same address is not limited: it answers 401, not 429.
            for (int i = 0; i < 20; i++) {
                registry.http.get().uri("/api/v1/footprints/00000000-0000-4000-8000-000000000001").exchange()
                        .expectStatus().isEqualTo(HttpStatus.UNAUTHORIZED);
            }
        }
    }

    /** The bucket holds one second's worth: after a second it is full again. */
    private static void sleepForARefill() {
        try {
            Thread.sleep(1_100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void zeroTurnsTheLimitOff() {
        try (RunningRegistry registry = RunningRegistry.start(data, "--tanji.public-rate-limit=0")) {
            for (int i = 0; i < 300; i++) {
                registry.http.get().uri(UNKNOWN_LABEL).exchange().expectStatus().isNotFound();
                registry.http.get().uri("/l/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").exchange().expectStatus().isNotFound();
            }
        }
    }
}
