package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.security.ClientRegistry;
import org.tanji.gateway.security.Role;

import tools.jackson.databind.JsonNode;

/**
 * A registry stopped while a batch job runs resumes it at the next start on the same data folder,
 * and the job ends with every serial issued exactly once, counted as issued by this job, even the
 * chunk that was committed on the ledger but not yet recorded in the store when it stopped.
 */
class LabelBatchRestartTest {
    static final int SERIALS = 20_000;

    private static WebTestClient http(RunningRegistry r) {
        return r.http.mutate().codecs(c -> c.defaultCodecs().maxInMemorySize(64 * 1024 * 1024)).build();
    }

    private static String token(RunningRegistry r, String id, String secret) {
        return r.http.post().uri("/auth/token").headers(h -> h.setBasicAuth(id, secret))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials")
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("access_token").asString();
    }

    private static JsonNode job(RunningRegistry r, String token, String jobId) {
        return r.http.get().uri("/api/v1/label-jobs/{id}", jobId).headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** A certifier with a VALID label naming a GTIN; returns the label id. */
    private static String seed(RunningRegistry r) {
        ClientRegistry clients = r.bean(ClientRegistry.class);
        var admin = clients.register("admin-b", "admin-secret", Role.REGISTRY_ADMIN, "AnhuiMSP").block();
        clients.register("cert-b", "cert-secret", Role.CERTIFIER, "AnhuiMSP").block();
        // The accreditation and the benchmark the grant grades by go straight to the ledger: only the batch is under test here.
        r.bean(Ledger.class).submit(clients.ledgerIdentity(admin), "accreditation:accredit", List.of(CanonicalJson.string(
                Map.of("certifierId", "AnhuiMSP/cert-b", "name", "Batch restart body",
                        "productCategories", List.of("lithium-battery"), "regions", List.of("CN-AH"))))).block();
        r.bean(Ledger.class).submit(clients.ledgerIdentity(admin), "benchmark:publish", List.of(CanonicalJson.string(
                Fixtures.benchmark("lithium-battery", "kilowatt hour")))).block();
        String cert = token(r, "cert-b", "cert-secret");
        String footprintId = r.http.post().uri("/api/v1/footprints").headers(h -> h.setBearerAuth(cert))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(CanonicalJson.string(Fixtures.battery()))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("id").asString();
        return r.http.post().uri("/api/v1/certifications").headers(h -> h.setBearerAuth(cert))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("footprintId", footprintId, "decision", "GRANTED",
                        "validUntil", ApiTest.inDays(90), "gtin", "6901234567892"))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("labelId").asString();
    }

    @Test
    void aJobInterruptedByAStopResumesAtTheNextStartAndIssuesEverySerialOnce(@TempDir Path data) throws Exception {
        String labelId;
        String jobId;
        JsonNode atStop;
        try (RunningRegistry first = RunningRegistry.start(data)) {
            labelId = seed(first);
            String cert = token(first, "cert-b", "cert-secret");
            jobId = first.http.post().uri("/api/v1/labels/{id}/units", labelId).headers(h -> h.setBearerAuth(cert))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("serialRange", Map.of("prefix", "RS", "from", 1, "to", SERIALS, "width", 6)))
                    .exchange().expectStatus().isAccepted().expectBody(JsonNode.class).returnResult().getResponseBody()
                    .get("jobId").asString();
            JsonNode job = job(first, cert, jobId);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (job.get("chunksDone").asInt() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                job = job(first, cert, jobId);
            }
            atStop = job;
        }
        assertThat(atStop.get("state").asString()).as("stopped mid-job: %s", atStop).isEqualTo("RUNNING");
        assertThat(atStop.get("issued").asInt()).isBetween(2 * 2_000, SERIALS - 1);

        try (RunningRegistry second = RunningRegistry.start(data)) {
            String cert = token(second, "cert-b", "cert-secret");
            JsonNode job = job(second, cert, jobId);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!job.get("state").asString().equals("DONE") && !job.get("state").asString().equals("FAILED")
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
                job = job(second, cert, jobId);
            }
            assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("DONE");
            assertThat(job.get("issued").asInt()).isEqualTo(SERIALS);
            assertThat(job.get("skipped").asInt()).isZero();
            assertThat(job.get("chunksDone").asInt()).isEqualTo(SERIALS / 2_000);

            String csv = http(second).get().uri("/api/v1/label-jobs/{id}/units.csv", jobId).headers(h -> h.setBearerAuth(cert))
                    .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
            String[] lines = csv.split("\r\n");
            assertThat(lines).hasSize(SERIALS + 1);
            for (int i = 1; i <= SERIALS; i++) {
                assertThat(lines[i]).startsWith(String.format("RS%06d,,", i));
            }

            // On the ledger: one key per serial, each written by one of at most a chunk's worth of transactions.
            Set<String> serials = new HashSet<>();
            Set<String> txIds = new HashSet<>();
            String bookmark = null;
            for (int pages = 0; pages < 100; pages++) {
                String b = bookmark;
                JsonNode page = http(second).get().uri(u -> u.path("/api/v1/labels/{id}/units").queryParam("pageSize", 1000)
                                .queryParamIfPresent("bookmark", java.util.Optional.ofNullable(b)).build(labelId))
                        .headers(h -> h.setBearerAuth(cert)).exchange().expectStatus().isOk().expectBody(JsonNode.class)
                        .returnResult().getResponseBody();
                for (JsonNode u : page.get("units")) {
                    assertThat(serials.add(u.get("serial").asString())).as("listed twice: %s", u).isTrue();
                    txIds.add(u.get("txId").asString());
                }
                if (page.get("bookmark") == null || page.get("bookmark").isNull()) {
                    break;
                }
                bookmark = page.get("bookmark").asString();
            }
            assertThat(serials).hasSize(SERIALS);
            assertThat(txIds).hasSize(SERIALS / 2_000);
            Ledger ledger = second.bean(Ledger.class);
            for (String txId : txIds) {
                assertThat(ledger.proof(txId).block(Duration.ofSeconds(10)).validationCode()).isEqualTo("VALID");
            }
        }
    }
}
