package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import tools.jackson.databind.JsonNode;

/**
 * Requests the firewall refuses, and label links that are not label codes, get a 400 the caller
 * can read: the verification page's "not valid" state for a scanned link, problem+json for the
 * API; never an empty answer or one that echoes the request back.
 */
class RejectedRequestsApiTest extends ApiTest {

    @Test
    void aScannedLinkWithCharactersNoCodeHasGetsTheNotValidPage() {
        for (String bad : List.of("/01/06901234567892/21/%00?l=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "/01/06901234567892/21/a%2Fb", "/01/06901234567892/21/%0a")) {
            String page = http.get().uri(URI.create(baseUrl() + bad)).accept(MediaType.TEXT_HTML).exchange()
                    .expectStatus().isBadRequest().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(page).as(bad).contains("not a valid label code").doesNotContain("<script");
        }
        // An /l/ path is answered ahead of the firewall: no label has such an id, and the page says so.
        String page = http.get().uri(URI.create(baseUrl() + "/l/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%0d%0a")).accept(MediaType.TEXT_HTML)
                .exchange().expectStatus().isNotFound().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("NOT FOUND").doesNotContain("%0d");
    }

    @Test
    void aLabelLinkWithAQueryThatIsNotASignedCodeGetsTheNotValidPageNotAProblem() {
        Client certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN-AH"));
        String labelId = grant(certifier, postFootprint(certifier, Fixtures.battery()).get("id").asString()).get("labelId").asString();
        String longQuery = "x=" + "y".repeat(3000);
        for (String query : List.of("utm_source=poster", "v=12.5&g=A", longQuery)) {
            String page = http.get().uri(URI.create(baseUrl() + "/l/" + labelId + "?" + query)).accept(MediaType.TEXT_HTML).exchange()
                    .expectStatus().isBadRequest().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(page).as(query).contains("not a valid label code").doesNotContain("yyyyyyyyyy");
        }
        // The plain link still opens the label's own page.
        http.get().uri("/l/{id}", labelId).exchange().expectStatus().isOk();
    }

    @Test
    void anApiPathTheFirewallRefusesGetsAProblem() {
        for (String bad : List.of("/api/v1/labels/%00/verification", "/api/v1/footprints/a%2Fb", "/api/v1/labels/x%0a/qr.png")) {
            JsonNode problem = http.get().uri(URI.create(baseUrl() + bad)).exchange()
                    .expectStatus().isBadRequest().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(problem.get("status").asInt()).isEqualTo(400);
            assertThat(problem.get("detail").asString()).as(bad).startsWith("the request was refused: ");
        }
    }

    /** A target that is not a URI never reaches WebFlux; the main port's Netty route answers it. */
    @Test
    void aTargetThatIsNotAUriGetsAProblem() throws Exception {
        for (String target : List.of("/api/v1/footprints?productId=%ZZ", "/api/v1/labels/%/verification", "/api/v1/footprints?a=b|c")) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", Integer.parseInt(environment.getProperty("local.server.port")))) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(answer).as(target).startsWith("HTTP/1.1 400 ").containsIgnoringCase("content-type: application/problem+json")
                        .contains("\"detail\":\"the request target is not a valid URI");
            }
        }
    }
}
