package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.tanji.gateway.security.Role;

import tools.jackson.databind.JsonNode;

/** PACT conformance: HTTPS only, the token endpoint on both ports, and 401s for bad, expired or missing tokens. */
class PactTransportApiTest extends PactApiTest {
    @Autowired
    JwtEncoder encoder;

    @Test
    void pactPathsRefusePlainHttpWithAPactErrorSayingToUseHttps() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        for (String path : new String[] {"/3/footprints", "/3/footprints/" + java.util.UUID.randomUUID(), "/2/footprints"}) {
            JsonNode body = http.get().uri(path).headers(bearer(company)).exchange().expectStatus().isBadRequest()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(body.get("code").asString()).isEqualTo("BadRequest");
            assertThat(body.get("message").asString()).contains("HTTPS");
        }
        http.post().uri("/3/events").headers(bearer(company)).contentType(MediaType.parseMediaType("application/cloudevents+json"))
                .bodyValue("{}").exchange().expectStatus().isBadRequest();
    }

    @Test
    void tokenEndpointAnswersOverHttpsAndHttpAlike() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        for (var port : new org.springframework.test.web.reactive.server.WebTestClient[] {https, http}) {
            JsonNode token = port.post().uri("/auth/token").headers(h -> h.setBasicAuth(company.id(), company.secret()))
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials")
                    .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(token.get("token_type").asString()).isEqualTo("Bearer");
            assertThat(token.get("expires_in").asLong()).isPositive();
        }
    }

    @Test
    void wrongClientSecretGets401WithAnOAuth2ErrorBody() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        JsonNode body = https.post().uri("/auth/token").headers(h -> h.setBasicAuth(company.id(), "not-the-secret"))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials")
                .exchange().expectStatus().isUnauthorized().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(body.get("error").asString()).isEqualTo("invalid_client");
    }

    @Test
    void unsupportedGrantTypeGets400WithAnOAuth2ErrorBody() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        JsonNode body = https.post().uri("/auth/token").headers(h -> h.setBasicAuth(company.id(), company.secret()))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=password")
                .exchange().expectStatus().isBadRequest().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(body.get("error").asString()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void discoveryNamesTheHttpsTokenEndpoint() {
        JsonNode body = https.get().uri("/.well-known/openid-configuration").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(body.get("token_endpoint").asString()).isEqualTo(httpsBase() + "/auth/token");
    }

    @Test
    void missingOrInvalidTokenGets401BadRequestNotTokenExpired() {
        // PACT's spec has TokenExpired for an expired token only; an absent or invalid one is a BadRequest code.
        for (String path : new String[] {"/3/footprints", "/3/footprints/" + java.util.UUID.randomUUID(), "/2/footprints"}) {
            JsonNode missing = https.get().uri(path).exchange().expectStatus().isUnauthorized()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(missing.get("code").asString()).isEqualTo("BadRequest");
            assertThat(missing.get("message").asString()).contains("/auth/token");
            for (String invalid : new String[] {"not.a.token", "very-invalid-access-token-0123456789abcdef"}) {
                https.get().uri(path).headers(h -> h.setBearerAuth(invalid)).exchange()
                        .expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("BadRequest")
                        .jsonPath("$.message").exists();
            }
        }
        https.post().uri("/3/events").headers(h -> h.setBearerAuth("very-invalid-access-token"))
                .contentType(MediaType.parseMediaType("application/cloudevents+json"))
                .bodyValue(PactEventsApiTest.published(java.util.UUID.randomUUID().toString())).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("BadRequest");
    }

    @Test
    void expiredTokenGets401TokenExpired() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        Instant past = Instant.now().minusSeconds(3600);
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer("tanji").subject(company.id()).issuedAt(past.minusSeconds(60))
                .expiresAt(past).claim("role", "company").claim("org", "AnhuiMSP").build();
        String expired = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        https.get().uri("/3/footprints").headers(h -> h.setBearerAuth(expired)).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("TokenExpired");
    }
}
