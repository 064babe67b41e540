package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.tanji.gateway.security.Role;

/**
 * A client that keeps its connection open gets an answer to every request, whatever the previous
 * one got. Reactor Netty 1.3.7 could stop reading such a connection after an answer that finished
 * off the event loop (a 401 here) when the next request came in before that exchange had ended;
 * see {@code TanjiApplication}. The bug struck a few requests in a hundred under load, so this
 * sends a few thousand over raw sockets. A request the bug strikes is never answered, so the
 * timeout only needs to be longer than any answer on a loaded machine.
 */
class KeepAliveApiTest extends ApiTest {
    private static final int CONNECTIONS = 4;
    private static final int ROUNDS = 400;

    @Test
    void everyRequestOnAKeptAliveConnectionIsAnsweredAfterA401() throws Exception {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        URI base = URI.create(baseUrl());
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<List<Integer>>> runs = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                runs.add(pool.submit(() -> alternate(base, company.token())));
            }
            for (Future<List<Integer>> run : runs) {
                List<Integer> statuses = run.get(120, TimeUnit.SECONDS);
                assertThat(statuses).hasSize(2 * ROUNDS);
                for (int i = 0; i < statuses.size(); i++) {
                    assertThat(statuses.get(i)).as("answer %d on the connection", i).isEqualTo(i % 2 == 0 ? 401 : 200);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** On one connection: a request without a token, then one with it, ROUNDS times. */
    private static List<Integer> alternate(URI base, String token) throws IOException {
        List<Integer> statuses = new ArrayList<>();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
            for (int i = 0; i < ROUNDS; i++) {
                for (String authorization : new String[] {null, "Bearer " + token}) {
                    String request = "GET /api/v1/accreditations HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                            + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
                    out.write(request.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    try {
                        statuses.add(readResponse(in));
                    } catch (java.net.SocketTimeoutException e) {
                        throw new AssertionError("no answer within 15 s to request " + statuses.size()
                                + " on a kept-alive connection", e);
                    }
                }
            }
        }
        return statuses;
    }

    /** Reads one response with a Content-Length body; returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        int length = -1;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (header.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(header.substring(colon + 1).trim());
            }
        }
        assertThat(length).as("Content-Length of " + statusLine).isGreaterThanOrEqualTo(0);
        assertThat(in.readNBytes(length)).hasSize(length);
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new java.io.EOFException("connection closed mid-response");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }
}
