package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.security.Role;

import tools.jackson.databind.JsonNode;

/** Who may do what: the gateway answers early, and the chaincode refuses whatever the gateway says. */
class AccessControlApiTest extends ApiTest {
    @Autowired
    JwtEncoder jwtEncoder;
    @Autowired
    Ledger ledger;

    @Test
    void noTokenIs401WithProblemJson() {
        http.post().uri("/api/v1/footprints").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(401);
        http.get().uri("/api/v1/footprints/{id}", "0a3c9a8e-5d51-4f0e-9a39-6d1a0d0c2f11").exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void theStrictFirewallStillRefusesControlCharactersInHeadersItReads() throws Exception {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        assertThat(rawGet("/api/v1/accreditations", "Bearer " + company.token())).startsWith("HTTP/1.1 200");
        // A BEL inside the Authorization header: refused by the firewall before any token check.
        assertThat(rawGet("/api/v1/accreditations", "Bearer " + company.token() + "\u0007")).startsWith("HTTP/1.1 400");
    }

    private String rawGet(String path, String authorization) throws java.io.IOException {
        java.net.URI base = java.net.URI.create(baseUrl());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nAuthorization: " + authorization
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            byte[] head = socket.getInputStream().readNBytes(12);
            return new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void wrongSecretAndWrongGrantAreRefusedWithOAuthErrors() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        http.post().uri("/auth/token").headers(h -> h.setBasicAuth(company.id(), "wrong"))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials").exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("invalid_client");
        http.post().uri("/auth/token").headers(h -> h.setBasicAuth(company.id(), company.secret()))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=password").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("unsupported_grant_type");
    }

    @Test
    void expiredAndForgedTokensAre401() {
        Client company = client(Role.COMPANY, "AnhuiMSP");
        Instant past = Instant.now().minusSeconds(3600);
        String expired = jwtEncoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(),
                JwtClaimsSet.builder().issuer("tanji").subject(company.id()).issuedAt(past.minusSeconds(60))
                        .expiresAt(past).claim("role", "company").build())).getTokenValue();
        http.get().uri("/api/v1/accreditations").headers(h -> h.setBearerAuth(expired)).exchange()
                .expectStatus().isUnauthorized();
        String forged = company.token().substring(0, company.token().length() - 4) + "AAAA";
        http.get().uri("/api/v1/accreditations").headers(h -> h.setBearerAuth(forged)).exchange()
                .expectStatus().isUnauthorized();
        http.get().uri("/api/v1/accreditations").headers(bearer(company)).exchange().expectStatus().isOk();
    }

    @Test
    void eachRoleIsLimitedToItsWrites() {
        Client bank = client(Role.BANK, "GreenBankMSP");
        Client company = client(Role.COMPANY, "AnhuiMSP");
        Client admin = client(Role.REGISTRY_ADMIN, "AnhuiMSP");
        Client certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN-AH"));

        // bank: reads only
        http.post().uri("/api/v1/footprints").headers(bearer(bank)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Fixtures.battery().toString()).exchange().expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        // registry admin: does not record footprints
        http.post().uri("/api/v1/footprints").headers(bearer(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Fixtures.battery().toString()).exchange().expectStatus().isForbidden();
        // company: may record its own footprint but not certify, nor accredit
        String footprintId = postFootprint(company, Fixtures.battery()).get("id").asString();
        http.post().uri("/api/v1/certifications").headers(bearer(company)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("footprintId", footprintId, "decision", "GRANTED", "validUntil", inDays(30)))
                .exchange().expectStatus().isForbidden();
        http.post().uri("/api/v1/accreditations").headers(bearer(company)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("certifierId", company.ledgerId(), "name", "self", "productCategories", List.of("*"),
                        "regions", List.of("CN")))
                .exchange().expectStatus().isForbidden();
        // certifier: may not accredit itself
        http.post().uri("/api/v1/accreditations").headers(bearer(certifier)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("certifierId", certifier.ledgerId(), "name", "self", "productCategories", List.of("*"),
                        "regions", List.of("CN")))
                .exchange().expectStatus().isForbidden();
        // certifier: may certify the company's footprint within its scope
        String labelId = grant(certifier, footprintId).get("labelId").asString();
        // registry admin of the certifier's organisation may suspend the label; another region's admin may not
        decide(admin, labelId, "SUSPENDED", "registry inspection").expectStatus().isOk();
        Client gansuAdmin = client(Role.REGISTRY_ADMIN, "GansuMSP");
        decide(gansuAdmin, labelId, "REVOKED", "not theirs").expectStatus().isForbidden();
    }

    @Test
    void unknownIdsAre404() {
        Client bank = client(Role.BANK, "GreenBankMSP");
        http.get().uri("/api/v1/footprints/{id}", "0a3c9a8e-5d51-4f0e-9a39-000000000000").headers(bearer(bank)).exchange()
                .expectStatus().isNotFound().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/api/v1/footprints/{id}/history", "not-a-uuid").headers(bearer(bank)).exchange()
                .expectStatus().isNotFound();
        http.get().uri("/api/v1/labels/{id}", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").headers(bearer(bank)).exchange()
                .expectStatus().isNotFound();
        http.get().uri("/api/v1/accreditations/AnhuiMSP/nobody").headers(bearer(bank)).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void certifierOutsideItsScopeIsRefusedByTheChaincode() {
        Client steelOnly = accreditedCertifier("AnhuiMSP", List.of("steel"), List.of("CN-AH"));
        http.post().uri("/api/v1/footprints").headers(bearer(steelOnly)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Fixtures.battery().toString()).exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_ACCREDITED");

        Client otherRegion = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN-GS"));
        http.post().uri("/api/v1/footprints").headers(bearer(otherRegion)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Fixtures.battery().toString()).exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_ACCREDITED");

        Client never = client(Role.CERTIFIER, "AnhuiMSP");
        Client company = client(Role.COMPANY, "AnhuiMSP");
        String footprintId = postFootprint(company, Fixtures.battery()).get("id").asString();
        http.post().uri("/api/v1/certifications").headers(bearer(never)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("footprintId", footprintId, "decision", "GRANTED", "validUntil", inDays(30)))
                .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("NOT_ACCREDITED");
    }

    @Test
    void chaincodeRefusesUnaccreditedCertifierEvenWhenTheGatewayIsBypassed() {
        Client never = client(Role.CERTIFIER, "AnhuiMSP");
        Client company = client(Role.COMPANY, "AnhuiMSP");
        String footprintId = postFootprint(company, Fixtures.battery()).get("id").asString();
        var identity = clients.ledgerIdentity(clients.find(never.id()).block());
        String request = CanonicalJson.string(Map.of("decision", "GRANTED", "footprintId", footprintId,
                "labelId", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "validUntil", inDays(30)));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ledger.submit(identity, "certification:decide", List.of(request)).block())
                .isInstanceOf(ChaincodeRejection.class)
                .satisfies(e -> assertThat(((ChaincodeRejection) e).code()).isEqualTo("NOT_ACCREDITED"));
    }

    @Test
    void suspendedAndWithdrawnCertifiersAreRefusedAndWithdrawalIsFinal() {
        Client admin = client(Role.REGISTRY_ADMIN, "AnhuiMSP");
        Client certifier = client(Role.CERTIFIER, "AnhuiMSP");
        http.post().uri("/api/v1/accreditations").headers(bearer(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("certifierId", certifier.ledgerId(), "name", "Body under watch",
                        "productCategories", List.of("lithium-battery"), "regions", List.of("CN-AH")))
                .exchange().expectStatus().isCreated();
        postFootprint(certifier, Fixtures.battery());

        http.post().uri("/api/v1/accreditations/{msp}/{id}/suspension", "AnhuiMSP", certifier.id()).headers(bearer(admin))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "complaint under review"))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("SUSPENDED");
        http.post().uri("/api/v1/footprints").headers(bearer(certifier)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Fixtures.battery().toString()).exchange().expectStatus().isForbidden();

        // reinstated by a new accreditation version, then withdrawn for good
        http.post().uri("/api/v1/accreditations").headers(bearer(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("certifierId", certifier.ledgerId(), "name", "Body under watch",
                        "productCategories", List.of("lithium-battery"), "regions", List.of("CN-AH")))
                .exchange().expectStatus().isCreated();
        postFootprint(certifier, Fixtures.battery());
        http.post().uri("/api/v1/accreditations/{msp}/{id}/withdrawal", "AnhuiMSP", certifier.id()).headers(bearer(admin))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "fraudulent certification"))
                .exchange().expectStatus().isOk();
        http.post().uri("/api/v1/footprints").headers(bearer(certifier)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Fixtures.battery().toString()).exchange().expectStatus().isForbidden();
        http.post().uri("/api/v1/accreditations").headers(bearer(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("certifierId", certifier.ledgerId(), "name", "Body under watch",
                        "productCategories", List.of("lithium-battery"), "regions", List.of("CN-AH")))
                .exchange().expectStatus().isEqualTo(409);

        JsonNode history = http.get().uri("/api/v1/accreditations/{msp}/{id}/history", "AnhuiMSP", certifier.id())
                .headers(bearer(admin)).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                .getResponseBody();
        List<String> statuses = new java.util.ArrayList<>();
        history.get("versions").forEach(v -> statuses.add(v.get("record").get("status").asString()));
        assertThat(statuses).containsExactly("ACTIVE", "SUSPENDED", "ACTIVE", "WITHDRAWN");
    }

    @Test
    void aRegistryMayNotAccreditAnotherRegionsCertifier() {
        Client gansuAdmin = client(Role.REGISTRY_ADMIN, "GansuMSP");
        Client anhuiCertifier = client(Role.CERTIFIER, "AnhuiMSP");
        http.post().uri("/api/v1/accreditations").headers(bearer(gansuAdmin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("certifierId", anhuiCertifier.ledgerId(), "name", "x",
                        "productCategories", List.of("steel"), "regions", List.of("CN-GS")))
                .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("ACCESS_DENIED");
    }
}
