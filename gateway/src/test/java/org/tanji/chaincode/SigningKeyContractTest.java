package org.tanji.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tanji.chaincode.signing.PublicKeys;
import org.tanji.chaincode.support.ErrorCode;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.signing.SignatureAlg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code signingkey:*}: registration, kid derivation, rotation, revocation, and the key a grant records. */
class SigningKeyContractTest extends ContractTestSupport {
    LedgerIdentity certA;
    LedgerIdentity certB;
    LedgerIdentity anhuiAdmin;

    @BeforeEach
    void world() {
        anhuiAdmin = admin(ANHUI);
        certA = certifier(ANHUI, "cert-a");
        certB = certifier(ANHUI, "cert-b");
    }

    @Test
    void aCertifierRegistersEs256AndSm2KeysWhoseIdTheContractDerives() throws Exception {
        for (SignatureAlg alg : SignatureAlg.values()) {
            ObjectNode request = keyRegistration(alg);
            JsonNode key = submit(certA, "signingkey:register", json(request));
            byte[] der = Base64.getDecoder().decode(request.get("publicKey").asText());
            assertThat(key.get("kid").asText()).isEqualTo(PublicKeys.kid(der)).hasSize(16);
            assertThat(key.get("alg").asText()).isEqualTo(alg.name());
            assertThat(key.get("ownerId").asText()).isEqualTo(ledgerId(certA));
            assertThat(key.get("mspId").asText()).isEqualTo(ANHUI);
            assertThat(key.get("status").asText()).isEqualTo("ACTIVE");
            assertThat(key.get("createdAt").asText()).isNotBlank();
            assertKeysSorted(key, "key");
            assertThat(evaluate(anhuiAdmin, "signingkey:get", key.get("kid").asText())).isEqualTo(key);
            assertThat(evaluate(anhuiAdmin, "signingkey:activeOf", ledgerId(certA))).isEqualTo(key);
        }
        List<ChaincodeEventView> seen = awaitEvents(2).stream().map(e -> new ChaincodeEventView(e.name(), parse(e.payload()))).toList();
        assertThat(seen).extracting(ChaincodeEventView::name).containsOnly(SIGNING_KEY_EVENT);
        assertThat(seen.get(1).payload().get("retiredKid").asText()).isEqualTo(seen.get(0).payload().get("kid").asText());
        // A first key retires nothing: the field is left out, not null. Canonical JSON sorts the fields.
        assertThat(seen.get(0).payload().has("retiredKid")).isFalse();
        assertThat(iterableOf(seen.get(1).payload().fieldNames())).containsExactly("kid", "ownerId", "retiredKid", "status");
    }

    private static <T> Iterable<T> iterableOf(java.util.Iterator<T> it) {
        return () -> it;
    }

    record ChaincodeEventView(String name, JsonNode payload) {
    }

    @Test
    void onlyCertifiersRegisterAndOnlyWellFormedCurvePoints() {
        for (LedgerIdentity who : List.of(anhuiAdmin, company(ANHUI, "acme"), bank(GREEN_BANK, "teller"))) {
            refused(ErrorCode.ACCESS_DENIED, who, "signingkey:register", json(keyRegistration(SignatureAlg.ES256)));
        }
        ObjectNode wrongAlg = keyRegistration(SignatureAlg.ES256);
        wrongAlg.put("alg", "SM2");
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, certA, "signingkey:register", json(wrongAlg)).getMessage()).contains("SM2");
        ObjectNode rsa = keyRegistration(SignatureAlg.ES256);
        rsa.put("alg", "RS256");
        refused(ErrorCode.INVALID_ARGUMENT, certA, "signingkey:register", json(rsa));
        ObjectNode offCurve = keyRegistration(SignatureAlg.ES256);
        byte[] der = Base64.getDecoder().decode(offCurve.get("publicKey").asText());
        der[der.length - 1] ^= 1;
        offCurve.put("publicKey", Base64.getEncoder().encodeToString(der));
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, certA, "signingkey:register", json(offCurve)).getMessage())
                .contains("not a point");
        ObjectNode notBase64 = keyRegistration(SignatureAlg.SM2);
        notBase64.put("publicKey", "***");
        refused(ErrorCode.INVALID_ARGUMENT, certA, "signingkey:register", json(notBase64));
        refusedQuery(ErrorCode.NOT_FOUND, anhuiAdmin, "signingkey:activeOf", ledgerId(certA));
    }

    @Test
    void aKeyIdCannotBeSquatted() {
        ObjectNode request = keyRegistration(SignatureAlg.ES256);
        JsonNode key = submit(certA, "signingkey:register", json(request));
        ChaincodeRejection r = refused(ErrorCode.ALREADY_EXISTS, certB, "signingkey:register", json(request));
        assertThat(r.getMessage()).contains(key.get("kid").asText()).contains("another certifier");
        // A kid field in the request is ignored: the id always comes from the key itself.
        ObjectNode claiming = keyRegistration(SignatureAlg.ES256);
        claiming.put("kid", key.get("kid").asText());
        JsonNode other = submit(certB, "signingkey:register", json(claiming));
        assertThat(other.get("kid").asText()).isNotEqualTo(key.get("kid").asText());
        assertThat(evaluate(anhuiAdmin, "signingkey:get", key.get("kid").asText()).get("ownerId").asText()).isEqualTo(ledgerId(certA));
    }

    @Test
    void registeringANewKeyRetiresThePreviousOne() {
        JsonNode first = registerKey(certA, SignatureAlg.ES256);
        JsonNode second = registerKey(certA, SignatureAlg.SM2);
        JsonNode firstNow = evaluate(certA, "signingkey:get", first.get("kid").asText());
        assertThat(firstNow.get("status").asText()).isEqualTo("RETIRED");
        assertThat(firstNow.get("retiredAt").asText()).isEqualTo(second.get("createdAt").asText());
        assertThat(evaluate(certA, "signingkey:activeOf", ledgerId(certA)).get("kid")).isEqualTo(second.get("kid"));
        JsonNode mine = evaluate(certA, "signingkey:listOf", ledgerId(certA));
        assertThat(texts(mine.findValues("kid").stream().collect(JSON::createArrayNode, (a, v) -> a.add(v), (a, b) -> a.addAll(b))))
                .containsExactly(first.get("kid").asText(), second.get("kid").asText());
        registerKey(certB, SignatureAlg.ES256);
        assertThat(evaluate(anhuiAdmin, "signingkey:list").size()).isEqualTo(3);
    }

    @Test
    void theOwnerOrARegistryAdminOfItsOrganisationRevokes() {
        JsonNode key = registerKey(certA, SignatureAlg.ES256);
        String kid = key.get("kid").asText();
        refused(ErrorCode.ACCESS_DENIED, certB, "signingkey:revoke", kid, "not mine", "");
        refused(ErrorCode.ACCESS_DENIED, admin(GANSU), "signingkey:revoke", kid, "other organisation", "");
        refused(ErrorCode.ACCESS_DENIED, company(ANHUI, "acme"), "signingkey:revoke", kid, "a company", "");
        refused(ErrorCode.INVALID_ARGUMENT, certA, "signingkey:revoke", kid, "", "");
        refused(ErrorCode.NOT_FOUND, certA, "signingkey:revoke", "AAAAAAAAAAAAAAAA", "unknown", "");
        JsonNode revoked = submit(anhuiAdmin, "signingkey:revoke", kid, "laptop stolen", "");
        assertThat(revoked.get("status").asText()).isEqualTo("REVOKED");
        assertThat(revoked.get("compromisedSince").asText()).isEqualTo(revoked.get("revokedAt").asText());
        assertThat(revoked.get("reason").asText()).isEqualTo("laptop stolen");
        assertThat(revoked.get("revokedBy").asText()).isEqualTo(ledgerId(anhuiAdmin));
        refused(ErrorCode.CONFLICT, certA, "signingkey:revoke", kid, "again", "");
        refusedQuery(ErrorCode.NOT_FOUND, certA, "signingkey:activeOf", ledgerId(certA));

        JsonNode own = registerKey(certA, SignatureAlg.SM2);
        assertThat(submit(certA, "signingkey:revoke", own.get("kid").asText(), "rotating out", "").get("status").asText())
                .isEqualTo("REVOKED");
    }

    @Test
    void compromisedSinceLiesBetweenRegistrationAndNow() {
        JsonNode key = registerKey(certA, SignatureAlg.ES256);
        String kid = key.get("kid").asText();
        Instant created = Instant.parse(key.get("createdAt").asText());
        String future = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, certA, "signingkey:revoke", kid, "leak", future).getMessage())
                .contains("future");
        String beforeCreation = created.minusSeconds(1).toString();
        assertThat(refused(ErrorCode.INVALID_ARGUMENT, certA, "signingkey:revoke", kid, "leak", beforeCreation).getMessage())
                .contains("before the key was registered");
        refused(ErrorCode.INVALID_ARGUMENT, certA, "signingkey:revoke", kid, "leak", "yesterday");
        JsonNode revoked = submit(certA, "signingkey:revoke", kid, "leak", created.toString());
        assertThat(Instant.parse(revoked.get("compromisedSince").asText())).isEqualTo(created);
        assertThat(Instant.parse(revoked.get("revokedAt").asText())).isAfterOrEqualTo(created);
    }

    @Test
    void aGrantRecordsTheActiveKeyAndIsRefusedWithoutOne() {
        accredit(anhuiAdmin, certA, List.of("lithium-battery"), List.of("CN"));
        publishFixtureBenchmark();
        String fpId = record(company(ANHUI, "acme"), footprint()).get("id").asText();
        ChaincodeRejection none = refused(ErrorCode.CONFLICT, certA, "certification:decide",
                json(grantRequest(fpId, newLabelId())));
        assertThat(none.getMessage()).contains("no active signing key");

        JsonNode first = registerKey(certA, SignatureAlg.ES256);
        JsonNode label = submit(certA, "certification:decide", json(grantRequest(fpId, newLabelId())));
        assertThat(label.get("signingKeyId").asText()).isEqualTo(first.get("kid").asText());

        JsonNode second = registerKey(certA, SignatureAlg.SM2);
        JsonNode later = submit(certA, "certification:decide", json(grantRequest(fpId, newLabelId())));
        assertThat(later.get("signingKeyId").asText()).isEqualTo(second.get("kid").asText());
        assertThat(evaluate(certA, "certification:getLabel", label.get("labelId").asText()).get("signingKeyId"))
                .as("rotation leaves earlier labels' key alone").isEqualTo(first.get("kid"));
        // A suspension keeps the key id on the new version of the label.
        JsonNode suspended = decide(certA, decisionRequest("SUSPENDED", label.get("labelId").asText(), "audit"));
        assertThat(suspended.get("signingKeyId")).isEqualTo(first.get("kid"));

        submit(certA, "signingkey:revoke", second.get("kid").asText(), "compromised", "");
        assertThat(refused(ErrorCode.CONFLICT, certA, "certification:decide", json(grantRequest(fpId, newLabelId())))
                .getMessage()).contains("no active signing key");
    }
}
