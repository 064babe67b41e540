package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.ledger.embedded.BrokenChainException;
import org.tanji.gateway.security.ClientRegistry;
import org.tanji.gateway.security.Role;

import tools.jackson.databind.JsonNode;

/**
 * Stopping and starting the registry loses nothing, and an altered block log stops the next
 * start with a message that names the broken block.
 */
class RestartAndTamperTest {

    static String token(RunningRegistry r, String id, String secret) {
        return r.http.post().uri("/auth/token").headers(h -> h.setBasicAuth(id, secret))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials")
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("access_token").asString();
    }

    /** Seeds an accredited certifier, a benchmark, a footprint and a suspended label; returns {footprintId, labelId}. */
    static String[] seed(RunningRegistry r) {
        ClientRegistry clients = r.bean(ClientRegistry.class);
        clients.register("admin-r", "admin-secret", Role.REGISTRY_ADMIN, "AnhuiMSP").block();
        clients.register("cert-r", "cert-secret", Role.CERTIFIER, "AnhuiMSP").block();
        String admin = token(r, "admin-r", "admin-secret");
        String cert = token(r, "cert-r", "cert-secret");
        r.http.post().uri("/api/v1/accreditations").headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("certifierId", "AnhuiMSP/cert-r", "name", "Restart test body",
                        "productCategories", List.of("lithium-battery"), "regions", List.of("CN-AH")))
                .exchange().expectStatus().isCreated();
        r.http.post().uri("/api/v1/benchmarks").headers(h -> h.setBearerAuth(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Fixtures.benchmark("lithium-battery", "kilowatt hour")).exchange().expectStatus().isCreated();
        String footprintId = r.http.post().uri("/api/v1/footprints").headers(h -> h.setBearerAuth(cert))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(CanonicalJson.string(Fixtures.battery()))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("id").asString();
        String labelId = r.http.post().uri("/api/v1/certifications").headers(h -> h.setBearerAuth(cert))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("footprintId", footprintId, "decision", "GRANTED",
                        "validUntil", ApiTest.inDays(90)))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("labelId").asString();
        r.http.post().uri("/api/v1/certifications").headers(h -> h.setBearerAuth(cert))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("labelId", labelId, "decision", "SUSPENDED", "reason", "restart check"))
                .exchange().expectStatus().isOk();
        return new String[] {footprintId, labelId};
    }

    @Test
    void stoppingAndStartingLosesNothing(@TempDir Path data) {
        String[] ids;
        JsonNode verificationBefore;
        JsonNode historyBefore;
        try (RunningRegistry first = RunningRegistry.start(data)) {
            ids = seed(first);
            verificationBefore = first.http.get().uri("/api/v1/labels/{id}/verification", ids[1]).exchange()
                    .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
            String cert = token(first, "cert-r", "cert-secret");
            historyBefore = first.http.get().uri("/api/v1/footprints/{id}/history", ids[0])
                    .headers(h -> h.setBearerAuth(cert)).exchange().expectBody(JsonNode.class).returnResult()
                    .getResponseBody();
        }
        try (RunningRegistry second = RunningRegistry.start(data)) {
            String cert = token(second, "cert-r", "cert-secret");
            JsonNode verificationAfter = second.http.get().uri("/api/v1/labels/{id}/verification", ids[1]).exchange()
                    .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(verificationAfter.get("status").asString()).isEqualTo("SUSPENDED");
            assertThat(verificationAfter.get("proof")).isEqualTo(verificationBefore.get("proof"));
            assertThat(verificationAfter.get("footprint")).isEqualTo(verificationBefore.get("footprint"));
            JsonNode footprint = second.http.get().uri("/api/v1/footprints/{id}", ids[0])
                    .headers(h -> h.setBearerAuth(cert)).exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(footprint.get("document").get("id").asString()).isEqualTo(ids[0]);
            JsonNode historyAfter = second.http.get().uri("/api/v1/footprints/{id}/history", ids[0])
                    .headers(h -> h.setBearerAuth(cert)).exchange().expectBody(JsonNode.class).returnResult()
                    .getResponseBody();
            assertThat(historyAfter).isEqualTo(historyBefore);
            // and the ledger keeps accepting work after replay
            second.http.post().uri("/api/v1/certifications").headers(h -> h.setBearerAuth(cert))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("labelId", ids[1], "decision", "REVOKED", "reason", "after restart"))
                    .exchange().expectStatus().isOk();
        }
    }

    @Test
    void aFlippedByteInTheBlockLogStopsTheNextStartNamingTheBlock(@TempDir Path data, @TempDir Path copies) throws Exception {
        try (RunningRegistry first = RunningRegistry.start(data)) {
            seed(first);
        }
        Path log = data.resolve("ledger").resolve("blocks.log");
        assertThat(log).exists();
        long size = Files.size(log);
        // A byte in a frame header, in a block's body and near the end: each must stop the start.
        for (long at : new long[] {9, size / 2, size - 3}) {
            Path copy = copies.resolve("at-" + at);
            copyTree(data, copy);
            try (RandomAccessFile file = new RandomAccessFile(copy.resolve("ledger").resolve("blocks.log").toFile(), "rw")) {
                file.seek(at);
                int b = file.read();
                file.seek(at);
                file.write(b ^ 0x01);
            }
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> RunningRegistry.start(copy).close());
            BrokenChainException broken = null;
            for (Throwable t = thrown; t != null; t = t.getCause()) {
                if (t instanceof BrokenChainException b) {
                    broken = b;
                }
            }
            assertThat(broken).as("flipped byte at %d: %s", at, thrown).isNotNull();
            assertThat(broken.getMessage()).startsWith("block " + broken.blockNumber() + ":").contains("refusing to start");
        }
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().endsWith(".lock")) {
                    Files.copy(p, target);
                }
            }
        }
    }
}
