package org.tanji.gateway.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.TanjiApplication;
import org.tanji.gateway.security.ClientRegistry;
import org.tanji.gateway.security.Role;
import org.tanji.gateway.store.BoundedFindBatches;

import tools.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Base of the API tests: the whole application on a random port with its embedded ledger and
 * store in a temporary data folder, driven over real HTTP. Each test registers its own clients so
 * tests do not depend on each other's state.
 */
@SpringBootTest(classes = TanjiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@org.junit.jupiter.api.extension.ExtendWith(ThreadDumpOnTimeout.class)
@org.springframework.context.annotation.Import(ApiTest.StoreCommands.class)
public abstract class ApiTest {
    static final Path DATA;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    static {
        try {
            DATA = Files.createTempDirectory("tanji-api-test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("tanji.data-dir", DATA::toString);
        registry.add("tanji.public-rate-limit", () -> "100000");
        // HTTPS on a free port beside HTTP, for the PACT tests; the certificate is generated into DATA.
        registry.add("tanji.tls.port", () -> "0");
        // Low enough that a test can reach it: each test's partner is a fresh client with its own budget.
        registry.add("tanji.pact.event-rate", () -> "5");
    }

    @Autowired
    Environment environment;
    @Autowired
    protected ClientRegistry clients;
    protected WebTestClient http;

    private reactor.netty.resources.ConnectionProvider connections;

    /**
     * Each test gets its own connection pool, closed after it. With the driver's global pool,
     * all test classes sharing one application context also shared one pool per server address;
     * a connection a test left busy stayed taken for the rest of the run.
     */
    @BeforeEach
    void connect() {
        connections = reactor.netty.resources.ConnectionProvider.builder("api-test").maxConnections(64)
                .pendingAcquireTimeout(Duration.ofSeconds(30)).build();
        http = WebTestClient.bindToServer(new org.springframework.http.client.reactive.ReactorClientHttpConnector(
                        reactor.netty.http.client.HttpClient.create(connections)))
                .baseUrl(baseUrl()).responseTimeout(Duration.ofSeconds(30)).build();
    }

    @org.junit.jupiter.api.AfterEach
    void disconnect() {
        connections.dispose();
    }

    @Autowired
    private BoundedFindBatches finds;

    /** No request of the test made the store ask for an unbounded batch (FerretDB stalls on those). */
    @org.junit.jupiter.api.AfterEach
    void findsWereBatched() {
        org.assertj.core.api.Assertions.assertThat(finds.drain()).as("finds with an oversized batchSize").isEmpty();
    }

    /** Puts the check on every command the application's store client sends. */
    @org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
    static class StoreCommands {
        @org.springframework.context.annotation.Bean
        BoundedFindBatches boundedFindBatches() {
            return new BoundedFindBatches();
        }
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + environment.getProperty("local.server.port");
    }

    /** A registered client with a fresh id; returns a bearer token for it. */
    protected record Client(String id, String secret, String org, String token) {
        String ledgerId() {
            return org + "/" + id;
        }
    }

    protected Client client(Role role, String org) {
        String id = role.wireName().replace("registry-", "") + "-" + SEQUENCE.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 6);
        String secret = "s3cret-" + UUID.randomUUID();
        clients.register(id, secret, role, org).block(Duration.ofSeconds(20));
        return new Client(id, secret, org, token(id, secret));
    }

    protected String token(String id, String secret) {
        JsonNode body = http.post().uri("/auth/token")
                .headers(h -> h.setBasicAuth(id, secret))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("grant_type=client_credentials")
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return body.get("access_token").asString();
    }

    /** A certifier of {@code org}, accredited by a fresh admin of the same org for the given scope. */
    protected Client accreditedCertifier(String org, List<String> categories, List<String> regions) {
        Client admin = client(Role.REGISTRY_ADMIN, org);
        Client certifier = client(Role.CERTIFIER, org);
        http.post().uri("/api/v1/accreditations").headers(bearer(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("certifierId", certifier.ledgerId(), "name", "Test certification body " + certifier.id(),
                        "productCategories", categories, "regions", regions))
                .exchange().expectStatus().isCreated();
        return certifier;
    }

    protected static java.util.function.Consumer<HttpHeaders> bearer(Client client) {
        return h -> h.setBearerAuth(client.token());
    }

    protected JsonNode postFootprint(Client who, ObjectNode footprint) {
        return http.post().uri("/api/v1/footprints").headers(bearer(who)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(CanonicalJson.string(footprint)).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** Grants the footprint, after {@link #benchmarkFor} made sure a benchmark grades it. */
    protected JsonNode grant(Client certifier, String footprintId) {
        benchmarkFor(certifier, footprintId);
        return http.post().uri("/api/v1/certifications").headers(bearer(certifier)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("footprintId", footprintId, "decision", "GRANTED",
                        "validUntil", inDays(365), "gtin", "6901234567892"))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /**
     * Makes sure a benchmark applies today to the product category and declared unit of a recorded
     * footprint, so that a grant can grade it (the chaincode refuses a grant without one): publishes
     * {@link Fixtures#benchmark} unless one applies already. Benchmarks apply registry-wide, so every
     * test granting the same category and unit sees the same bounds ({@link Fixtures#THRESHOLDS}).
     */
    protected void benchmarkFor(Client reader, String footprintId) {
        JsonNode record = http.get().uri("/api/v1/footprints/{id}", footprintId).headers(bearer(reader)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody().get("record");
        benchmark(reader, record.get("productCategory").asString(), record.get("declaredUnit").asString());
    }

    /** {@link #benchmarkFor} by category and declared unit. */
    protected void benchmark(Client reader, String category, String unit) {
        int status = http.get().uri("/api/v1/benchmarks/{c}/{u}/current", category, unit).headers(bearer(reader)).exchange()
                .expectBody().returnResult().getStatus().value();
        if (status == 200) {
            return;
        }
        http.post().uri("/api/v1/benchmarks").headers(bearer(client(Role.REGISTRY_ADMIN, "AnhuiMSP")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Fixtures.benchmark(category, unit))
                .exchange().expectStatus().isCreated();
    }

    protected WebTestClient.ResponseSpec decide(Client who, String labelId, String decision, String reason) {
        return http.post().uri("/api/v1/certifications").headers(bearer(who)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("labelId", labelId, "decision", decision, "reason", reason)).exchange();
    }

    protected JsonNode verification(String labelId) {
        return http.get().uri("/api/v1/labels/{id}/verification", labelId).exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    protected static String inDays(int days) {
        return Instant.now().plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static ObjectNode fresh(ObjectNode footprint) {
        return footprint.deepCopy();
    }
}
