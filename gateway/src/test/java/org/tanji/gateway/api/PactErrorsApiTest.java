package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.tanji.gateway.pact.EventInbox;
import org.tanji.gateway.security.Role;

import tools.jackson.databind.JsonNode;

/**
 * Every error under {@code /3/**} and {@code /2/**} is PACT's {@code {code, message}} with the status the
 * mistake deserves, whatever layer finds it: a path or method PACT does not have, an unacceptable media
 * type, a body over the size limit, a malformed query. A client's mistake is never a 500.
 */
class PactErrorsApiTest extends PactApiTest {
    private static final MediaType CLOUDEVENTS = MediaType.parseMediaType("application/cloudevents+json");

    @Autowired
    EventInbox inbox;

    /** The answer, checked to be a PACT error body of this status and code, as JSON. */
    private JsonNode pactError(EntityExchangeResult<byte[]> result, int status, String code) {
        assertThat(result.getStatus().value()).as(result.getUrl().toString()).isEqualTo(status);
        assertThat(result.getResponseHeaders().getContentType()).as(result.getUrl().toString())
                .isNotNull().matches(t -> t.isCompatibleWith(MediaType.APPLICATION_JSON));
        JsonNode body = tools.jackson.databind.json.JsonMapper.builder().build().readTree(result.getResponseBody());
        assertThat(body.get("code").asString()).as(result.getUrl() + ": " + body).isEqualTo(code);
        assertThat(body.get("message").asString()).as(result.getUrl() + ": " + body).isNotBlank();
        assertThat(body.properties()).as("only code and message").hasSize(2);
        return body;
    }

    private EntityExchangeResult<byte[]> call(Client who, HttpMethod method, String uri) {
        return https.method(method).uri(uri).headers(bearer(who)).exchange().expectBody().returnResult();
    }

    @Test
    void unknownPactPathsAre404InPactsShape() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        for (String path : List.of("/3/bogus", "/3", "/3/footprints/" + UUID.randomUUID() + "/extra", "/3/events/x")) {
            JsonNode body = pactError(call(company, HttpMethod.GET, path), 404, "NotFound");
            assertThat(body.get("message").asString()).contains(path);
        }
        // PACT v2.3 names its 404 NoSuchFootprint.
        for (String path : List.of("/2/bogus", "/2")) {
            pactError(call(company, HttpMethod.GET, path), 404, "NoSuchFootprint");
        }
    }

    @Test
    void wrongMethodsAre405WithAllowInPactsShape() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        record Case(HttpMethod method, String path, HttpMethod allowed) {
        }
        for (Case c : List.of(new Case(HttpMethod.DELETE, "/3/footprints", HttpMethod.GET),
                new Case(HttpMethod.PUT, "/3/footprints/" + UUID.randomUUID(), HttpMethod.GET),
                new Case(HttpMethod.GET, "/3/events", HttpMethod.POST),
                new Case(HttpMethod.DELETE, "/2/footprints", HttpMethod.GET),
                new Case(HttpMethod.GET, "/2/events", HttpMethod.POST))) {
            EntityExchangeResult<byte[]> result = call(company, c.method(), c.path());
            JsonNode body = pactError(result, 405, "BadRequest");
            assertThat(result.getResponseHeaders().getAllow()).as(c.path()).contains(c.allowed());
            assertThat(body.get("message").asString()).contains(c.method().name()).contains(c.allowed().name());
        }
    }

    @Test
    void anUnacceptableAcceptHeaderIs406InPactsShape() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        for (String path : List.of("/3/footprints", "/3/footprints/" + UUID.randomUUID(), "/2/footprints")) {
            EntityExchangeResult<byte[]> result = https.get().uri(path).headers(bearer(company))
                    .accept(MediaType.APPLICATION_XML).exchange().expectBody().returnResult();
            JsonNode body = pactError(result, 406, "BadRequest");
            assertThat(body.get("message").asString()).contains("application/xml");
        }
    }

    @Test
    void anEventInAnotherMediaTypeIsAPactClientErrorAndNothingIsStored() {
        Client partner = client(Role.COMPANY, "AnhuiMSP");
        for (String path : List.of("/3/events", "/2/events")) {
            EntityExchangeResult<byte[]> result = https.post().uri(path).headers(bearer(partner))
                    .contentType(MediaType.TEXT_PLAIN).bodyValue(PactEventsApiTest.published(UUID.randomUUID().toString()))
                    .exchange().expectBody().returnResult();
            assertThat(result.getStatus().is4xxClientError()).as(path + " answered " + result.getStatus()).isTrue();
            pactError(result, result.getStatus().value(), "BadRequest");
        }
        assertThat(inbox.count(partner.id()).block(Duration.ofSeconds(10))).isZero();
    }

    @Test
    void aBodyOverTheSizeLimitIs413InPactsShapeAndNothingIsStored() {
        Client partner = client(Role.COMPANY, "AnhuiMSP");
        String padding = "x".repeat(1_100_000);
        String event = PactEventsApiTest.event(UUID.randomUUID().toString(), "RequestCreatedEvent",
                "{\"productId\":[\"urn:tanji:test:p\"],\"comment\":\"" + padding + "\"}");
        for (String path : List.of("/3/events", "/2/events")) {
            EntityExchangeResult<byte[]> result = https.post().uri(path).headers(bearer(partner)).contentType(CLOUDEVENTS)
                    .bodyValue(event).exchange().expectBody().returnResult();
            JsonNode body = pactError(result, 413, "BadRequest");
            assertThat(body.get("message").asString()).contains("1 MiB");
        }
        assertThat(inbox.count(partner.id()).block(Duration.ofSeconds(10))).isZero();
    }

    @Test
    void malformedQueriesAre400InPactsShape() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        for (String query : List.of("limit=-1", "limit=ten", "limit=1.5", "validOn=yesterday", "validAfter=2025-13-01",
                "limit=1&limit=2", "x-tanji-after=a&x-tanji-after=b")) {
            for (String version : List.of("3", "2")) {
                JsonNode body = pactError(call(company, HttpMethod.GET, "/" + version + "/footprints?" + query), 400, "BadRequest");
                assertThat(body.get("message").asString()).as(query).containsAnyOf("limit", "validOn", "validAfter",
                        "x-tanji-after");
            }
        }
    }

    /** The status line and body of a request sent as written (no client-side encoding) over TLS to the HTTPS port. */
    private String[] raw(Client who, String target) throws Exception {
        javax.net.ssl.SSLContext tls = trustingOnly(readPem(DATA.resolve("tls").resolve("cert.pem")));
        try (java.net.Socket socket = tls.getSocketFactory().createSocket("127.0.0.1", httpsServer.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + who.token() + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int split = answer.indexOf("\r\n\r\n");
            return new String[] {answer.substring(0, answer.indexOf('\r')), split < 0 ? "" : answer.substring(split + 4)};
        }
    }

    /**
     * A request target that is no valid URI never reaches WebFlux (its Reactor adapter cannot build the request);
     * the HTTPS port's guard answers it in PACT's shape.
     */
    @Test
    void malformedEscapesInTheQueryOrPathAreAPactBadRequest() throws Exception {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        for (String target : List.of("/3/footprints?geography=%ZZ", "/3/footprints?limit=%", "/3/footprints/%ZZ",
                "/2/footprints?productId=%E0%A4%A", "/3/footprints?geography=a|b")) {
            String[] answer = raw(company, target);
            assertThat(answer[0]).as(target).startsWith("HTTP/1.1 400 ");
            assertThat(answer[1]).as(target).startsWith("{\"code\":\"BadRequest\",\"message\":\"the request target is not a valid URI")
                    .doesNotContain("\"type\"");
        }
        // A well-formed target with the same characters escaped is an ordinary request.
        assertThat(raw(company, "/3/footprints?geography=%7C")[0]).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void errorsBeforeAuthenticationArePactsToo() {
        // No token: whatever the path or method, the partner learns it needs one, in PACT's shape.
        for (String path : List.of("/3/bogus", "/3/footprints", "/2/footprints")) {
            EntityExchangeResult<byte[]> result = https.method(HttpMethod.DELETE).uri(path).exchange().expectBody().returnResult();
            pactError(result, 401, "BadRequest");
            assertThat(result.getResponseHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
        }
    }
}
