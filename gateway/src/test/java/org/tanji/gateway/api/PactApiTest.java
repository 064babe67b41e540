package org.tanji.gateway.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import javax.net.ssl.SSLException;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.tanji.gateway.tls.HttpsServer;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

/**
 * Base of the PACT tests: the running registry reached over real HTTPS, trusting only the
 * certificate the registry generated into its data folder on first start (hostname checked).
 */
abstract class PactApiTest extends ApiTest {
    @Autowired
    HttpsServer httpsServer;
    WebTestClient https;

    @BeforeEach
    void connectHttps() throws SSLException {
        https = httpsClient(DATA, httpsBase());
    }

    /** A client of a registry's HTTPS port that trusts only the certificate generated into its data folder. */
    static WebTestClient httpsClient(java.nio.file.Path data, String baseUrl) throws SSLException {
        SslContext trust = SslContextBuilder.forClient().trustManager(data.resolve("tls").resolve("cert.pem").toFile()).build();
        // Unpooled: a connection another test left stuck (the scheme-swap checks talk plain HTTP
        // to the TLS port) must not hold up this one in a shared pool.
        HttpClient client = HttpClient.create(reactor.netty.resources.ConnectionProvider.newConnection())
                .secure(s -> s.sslContext(trust));
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(client)).baseUrl(baseUrl)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    /** A TLS context that trusts only {@code certificate}. */
    static javax.net.ssl.SSLContext trustingOnly(java.security.cert.X509Certificate certificate) throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("trusted", certificate);
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls;
    }

    /** The X.509 certificate in a PEM file. */
    static java.security.cert.X509Certificate readPem(java.nio.file.Path file) throws Exception {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            return (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
        }
    }

    String httpsBase() {
        return "https://127.0.0.1:" + httpsServer.port();
    }

    /** A URN no other test uses, so filters see only this test's footprints in the shared registry. */
    static String urn(String kind) {
        return "urn:tanji:test:" + kind + ":" + UUID.randomUUID();
    }

    JsonNode pactGet(Client who, String uri) {
        return https.get().uri(uri).headers(bearer(who)).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** Ids in a PACT list answer. */
    static List<String> ids(JsonNode list) {
        return java.util.stream.StreamSupport.stream(list.get("data").spliterator(), false).map(pf -> pf.get("id").asString()).toList();
    }

    /** Polls a PACT read until it satisfies the condition: the index follows the ledger's events. */
    JsonNode awaitPact(Client who, String uri, Predicate<JsonNode> done) {
        Instant deadline = Instant.now().plusSeconds(10);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = https.get().uri(uri).headers(bearer(who)).exchange().expectBody(JsonNode.class).returnResult()
                    .getResponseBody();
            if (last != null && done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("PACT answer of " + uri + " never satisfied the condition; last: " + last);
    }
}
