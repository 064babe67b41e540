package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.tanji.gateway.ledger.embedded.EmbeddedLedger;
import org.tanji.gateway.security.Role;

import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Serialized batches over real HTTP, the embedded ledger and the store: a job issues its serials
 * in chunks, reports progress (also as Server-Sent Events), keeps the units' QR texts for the
 * printer, skips serials issued before, and refuses bad requests before anything is written.
 */
class LabelBatchApiTest extends ApiTest {
    static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);

    @Autowired
    EmbeddedLedger ledger;
    @Autowired
    MongoDatabase database;

    Client certifier;
    String labelId;

    @BeforeEach
    void label() {
        // CSVs and pages of thousands of units are larger than the client's default 256 KiB buffer.
        http = http.mutate().codecs(c -> c.defaultCodecs().maxInMemorySize(32 * 1024 * 1024)).build();
        certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN-AH"));
        labelId = grant(certifier, postFootprint(certifier, fresh(Fixtures.battery())).get("id").asString())
                .get("labelId").asString();
    }

    static Map<String, Object> range(String prefix, int from, int to, int width) {
        return Map.of("serialRange", Map.of("prefix", prefix, "from", from, "to", to, "width", width));
    }

    JsonNode accepted(Client who, String label, Object body) {
        var result = http.post().uri("/api/v1/labels/{id}/units", label).headers(bearer(who))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isAccepted().expectBody(JsonNode.class).returnResult();
        JsonNode job = result.getResponseBody();
        assertThat(result.getResponseHeaders().getLocation()).hasToString("/api/v1/label-jobs/" + job.get("jobId").asString());
        assertThat(job.get("state").asString()).isIn("QUEUED", "RUNNING", "DONE");
        return job;
    }

    JsonNode job(Client who, String jobId) {
        return http.get().uri("/api/v1/label-jobs/{id}", jobId).headers(bearer(who)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    JsonNode awaitDone(Client who, String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        JsonNode job = job(who, jobId);
        while (!job.get("state").asString().equals("DONE") && !job.get("state").asString().equals("FAILED")
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
            job = job(who, jobId);
        }
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("DONE");
        return job;
    }

    List<String[]> csv(Client who, String jobId) {
        String body = http.get().uri("/api/v1/label-jobs/{id}/units.csv", jobId).headers(bearer(who)).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith("text/csv")
                .expectBody(String.class).returnResult().getResponseBody();
        String[] lines = body.split("\r\n");
        assertThat(lines[0]).isEqualTo("serial,lot,qrText");
        List<String[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            rows.add(lines[i].split(",", -1));
        }
        return rows;
    }

    /** Every unit of the label on the ledger, page by page: serial -> {lot, txId, qrText}. */
    Map<String, JsonNode> ledgerUnits(Client who, String label) {
        Map<String, JsonNode> units = new LinkedHashMap<>();
        String bookmark = null;
        for (int pages = 0; pages < 200; pages++) {
            String b = bookmark;
            JsonNode page = http.get().uri(u -> u.path("/api/v1/labels/{id}/units").queryParam("pageSize", 1000)
                            .queryParamIfPresent("bookmark", java.util.Optional.ofNullable(b)).build(label))
                    .headers(bearer(who)).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                    .getResponseBody();
            for (JsonNode u : page.get("units")) {
                assertThat(units.put(u.get("serial").asString(), u)).as("unit %s listed twice", u).isNull();
            }
            if (page.get("bookmark") == null || page.get("bookmark").isNull()) {
                return units;
            }
            bookmark = page.get("bookmark").asString();
        }
        throw new AssertionError("more than 200 pages");
    }

    @Test
    void aBatchIsIssuedInChunksAndItsUnitsAreReadyForThePrinter() throws InterruptedException {
        long height = ledger.height();
        Map<String, Object> body = new LinkedHashMap<>(range("SN", 1, 5_000, 6));
        body.put("lot", "L2025-07");
        JsonNode job = accepted(certifier, labelId, body);
        assertThat(job.get("total").asInt()).isEqualTo(5_000);
        assertThat(job.get("chunks").asInt()).isEqualTo(3);

        JsonNode done = awaitDone(certifier, job.get("jobId").asString());
        assertThat(done.get("issued").asInt()).isEqualTo(5_000);
        assertThat(done.get("skipped").asInt()).isZero();
        assertThat(done.get("chunksDone").asInt()).isEqualTo(3);
        assertThat(ledger.height() - height).as("blocks written for 5,000 serials").isBetween(1L, 3L);

        Map<String, JsonNode> onLedger = ledgerUnits(certifier, labelId);
        assertThat(onLedger).hasSize(5_000);
        Set<String> txIds = new HashSet<>();
        onLedger.values().forEach(u -> txIds.add(u.get("txId").asString()));
        assertThat(txIds).as("one transaction per chunk").hasSize(3);
        for (String txId : txIds) {
            JsonNode unit = onLedger.values().stream().filter(u -> u.get("txId").asString().equals(txId)).findFirst().orElseThrow();
            Long block = Mono.from(ledger.proof(txId)).map(p -> p.blockNumber()).block(Duration.ofSeconds(10));
            assertThat(block).as("block of %s", unit).isBetween(height, ledger.height() - 1);
        }

        List<String[]> rows = csv(certifier, job.get("jobId").asString());
        assertThat(rows).hasSize(5_000);
        for (int i = 0; i < rows.size(); i++) {
            String serial = String.format("SN%06d", i + 1);
            assertThat(rows.get(i)[0]).isEqualTo(serial);
            assertThat(rows.get(i)[1]).isEqualTo("L2025-07");
            assertThat(rows.get(i)[2]).isNotBlank().isEqualTo(onLedger.get(serial).get("qrText").asString())
                    .contains(serial);
            assertThat(onLedger.get(serial).get("lot").asString()).isEqualTo("L2025-07");
        }
    }

    @Test
    void issuingTheSameSerialsAgainSkipsThemAndKeepsTheirQrTexts() throws InterruptedException {
        List<String> first = IntStream.range(0, 300).mapToObj(i -> "R-" + i).toList();
        String firstJob = accepted(certifier, labelId, Map.of("serials", first)).get("jobId").asString();
        awaitDone(certifier, firstJob);
        List<String[]> before = csv(certifier, firstJob);

        List<String> again = new ArrayList<>(first);
        again.addAll(List.of("R-300", "R-301"));
        String secondJob = accepted(certifier, labelId, Map.of("serials", again, "lot", "OTHER")).get("jobId").asString();
        JsonNode done = awaitDone(certifier, secondJob);
        assertThat(done.get("issued").asInt()).isEqualTo(2);
        assertThat(done.get("skipped").asInt()).isEqualTo(300);
        List<String[]> after = csv(certifier, secondJob);
        assertThat(after).hasSize(302);
        for (int i = 0; i < 300; i++) {
            assertThat(after.get(i)).as("re-issued %s", first.get(i)).containsExactly(before.get(i));
        }
        assertThat(after.get(300)[1]).isEqualTo("OTHER");
        assertThat(ledgerUnits(certifier, labelId)).hasSize(302);
    }

    @Test
    void theEventStreamReportsProgressAndEndsWhenTheJobIsDone() {
        String jobId = accepted(certifier, labelId, range("EV", 0, 9_999, 5)).get("jobId").asString();
        List<ServerSentEvent<String>> events = http.get().uri("/api/v1/label-jobs/{id}/events", jobId)
                .headers(bearer(certifier)).accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .getResponseBody().collectList().block(JOB_TIMEOUT);
        assertThat(events).isNotEmpty();
        ServerSentEvent<String> last = events.get(events.size() - 1);
        assertThat(last.event()).isEqualTo("done");
        JsonNode end = tools.jackson.databind.json.JsonMapper.builder().build().readTree(last.data());
        assertThat(end.get("issued").asInt()).isEqualTo(10_000);
        assertThat(events.subList(0, events.size() - 1)).as("progress before the end").isNotEmpty()
                .allSatisfy(e -> assertThat(e.event()).isEqualTo("progress"));
        int previous = -1;
        for (ServerSentEvent<String> e : events) {
            int issued = tools.jackson.databind.json.JsonMapper.builder().build().readTree(e.data()).get("issued").asInt();
            assertThat(issued).isGreaterThanOrEqualTo(previous);
            previous = issued;
        }
        // The 30 s target for 10,000 serials is measured by ./tanji bench batch, not asserted here.

        Client stranger = client(Role.CERTIFIER, "AnhuiMSP");
        http.get().uri("/api/v1/label-jobs/{id}/events", jobId).headers(bearer(stranger)).exchange()
                .expectStatus().isNotFound();
        http.get().uri("/api/v1/label-jobs/{id}", jobId).headers(bearer(stranger)).exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/label-jobs/{id}/units.csv", jobId).headers(bearer(stranger)).exchange()
                .expectStatus().isNotFound();
        http.get().uri("/api/v1/labels/{id}/units", labelId).headers(bearer(stranger)).exchange()
                .expectStatus().isForbidden();
    }

    private long jobs() {
        return Mono.from(database.getCollection("label_jobs").countDocuments(new Document())).block()
                + Mono.from(database.getCollection("label_job_chunks").countDocuments(new Document())).block();
    }

    private void refused(Client who, String label, Object body, int status, String field) {
        long height = ledger.height();
        long jobs = jobs();
        JsonNode problem = http.post().uri("/api/v1/labels/{id}/units", label).headers(bearer(who))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(problem.get("detail").asString()).isNotBlank();
        if (field != null) {
            List<String> fields = new ArrayList<>();
            problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
            assertThat(fields).as(problem.toString()).contains(field);
        }
        assertThat(ledger.height()).as("ledger height after a refused batch").isEqualTo(height);
        assertThat(jobs()).as("jobs after a refused batch: %s", problem).isEqualTo(jobs);
    }

    @Test
    void badRequestsAreRefusedWholeAndCreateNoJob() {
        refused(certifier, labelId, range("X", 0, 100_000, 0), 400, "serialRange");
        List<String> tooMany = IntStream.range(0, 100_001).mapToObj(Integer::toString).toList();
        refused(certifier, labelId, Map.of("serials", tooMany), 400, "serials");
        refused(certifier, labelId, Map.of("serials", List.of("A1", "A2", "A1")), 400, "serials[2]");
        refused(certifier, labelId, Map.of("serials", List.of("A1", "A 2")), 400, "serials[1]");
        refused(certifier, labelId, Map.of("serials", List.of("A1", "123456789012345678901")), 400, "serials[1]");
        refused(certifier, labelId, Map.of("serials", List.of()), 400, "serials");
        refused(certifier, labelId, Map.of("serials", List.of("A1"), "lot", "lot #1"), 400, "lot");
        refused(certifier, labelId, Map.of("serials", List.of("A1"), "serialRange", Map.of("from", 1, "to", 2)), 400, null);
        refused(certifier, labelId, Map.of("lot", "L1"), 400, "serials");
        refused(certifier, labelId, range("X", 5, 1, 0), 400, "serialRange.to");
        refused(certifier, labelId, range("SERIAL-PREFIX-", 0, 10_000, 8), 400, "serialRange");
        refused(certifier, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", Map.of("serials", List.of("A1")), 404, null);

        Client other = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN-AH"));
        refused(other, labelId, Map.of("serials", List.of("A1")), 403, null);
        refused(client(Role.COMPANY, "AnhuiMSP"), labelId, Map.of("serials", List.of("A1")), 403, null);

        String footprintId = postFootprint(certifier, fresh(Fixtures.battery())).get("id").asString();
        benchmarkFor(certifier, footprintId);
        String noGtin = http.post().uri("/api/v1/certifications").headers(bearer(certifier)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("footprintId", footprintId, "decision", "GRANTED", "validUntil", inDays(30)))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("labelId").asString();
        refused(certifier, noGtin, Map.of("serials", List.of("A1")), 409, null);

        decide(certifier, labelId, "SUSPENDED", "audit").expectStatus().isOk();
        refused(certifier, labelId, Map.of("serials", List.of("A1")), 409, null);

        http.post().uri("/api/v1/labels/{id}/units", labelId).headers(bearer(certifier))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{not json").exchange().expectStatus().isBadRequest();
        http.post().uri("/api/v1/labels/{id}/units", labelId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("serials", List.of("A1"))).exchange().expectStatus().isUnauthorized();
    }
}
