package org.tanji.gateway.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.tanji.chaincode.support.CanonicalJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An outside PACT partner in a test: a real HTTP server with its own token endpoint (client credentials,
 * HTTP Basic {@code tanji-at-acme:acme-pw}) and a {@code /3/events} that answers {@link #eventsStatus} and
 * keeps what it took with a 2xx: the Authorization and Content-Type headers and the body.
 */
final class PartnerPact implements AutoCloseable {
    final AtomicInteger eventsStatus;
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicInteger tokensIssued = new AtomicInteger();
    final List<String[]> received = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    private PartnerPact(int status) throws IOException {
        eventsStatus = new AtomicInteger(status);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/auth/token", ex -> {
            String expected = "Basic " + java.util.Base64.getEncoder().encodeToString("tanji-at-acme:acme-pw".getBytes(StandardCharsets.UTF_8));
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization")) || !body.contains("grant_type=client_credentials")) {
                answer(ex, 401, "{\"error\":\"invalid_client\"}");
                return;
            }
            answer(ex, 200, "{\"access_token\":\"acme-token-" + tokensIssued.incrementAndGet()
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        });
        server.createContext("/3/events", ex -> {
            attempts.incrementAndGet();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int answered = eventsStatus.get();
            if (answered / 100 == 2) {
                received.add(new String[] {ex.getRequestHeaders().getFirst("Authorization"),
                        ex.getRequestHeaders().getFirst("Content-Type"), body});
            }
            answer(ex, answered, "");
        });
        server.start();
    }

    /** A partner whose {@code /3/events} answers {@code status}. */
    static PartnerPact start(int status) throws IOException {
        return new PartnerPact(status);
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Its entry in {@code TANJI_PACT_PARTNERS}: it calls us as client {@code client}. */
    String registration(String client) {
        return "{\"client\":\"" + client + "\",\"baseUrl\":\"" + base() + "\",\"clientId\":\"tanji-at-acme\","
                + "\"clientSecret\":\"acme-pw\"}";
    }

    /** The i-th event it took, parsed. */
    JsonNode event(int i) {
        try {
            return CanonicalJson.mapper().readTree(received.get(i)[2]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The events it took, parsed, in order. */
    List<JsonNode> events() {
        return java.util.stream.IntStream.range(0, received.size()).mapToObj(this::event).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
