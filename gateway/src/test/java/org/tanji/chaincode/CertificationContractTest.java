package org.tanji.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tanji.chaincode.support.ErrorCode;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.Submitted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code certification:*} at the contract level: granting, label ids, GTINs, the status machine and who may decide. */
class CertificationContractTest extends ContractTestSupport {
    LedgerIdentity anhuiAdmin;
    LedgerIdentity gansuAdmin;
    /** Accredited for everything in China; grants the labels in these tests. */
    LedgerIdentity certA;
    /** Another accredited certifier of the same MSP. */
    LedgerIdentity certB;
    LedgerIdentity acme;
    JsonNode footprint;
    String footprintId;

    @BeforeEach
    void world() {
        anhuiAdmin = admin(ANHUI);
        gansuAdmin = admin(GANSU);
        certA = certifier(ANHUI, "cert-a");
        certB = certifier(ANHUI, "cert-b");
        acme = company(ANHUI, "acme");
        accredit(anhuiAdmin, certA, List.of("lithium-battery"), List.of("CN"));
        accredit(anhuiAdmin, certB, List.of("lithium-battery"), List.of("CN"));
        publishFixtureBenchmark();
        footprint = record(acme, footprint());
        footprintId = footprint.get("id").asText();
    }

    private JsonNode grant(LedgerIdentity who, String fpId) {
        return decide(who, grantRequest(fpId, newLabelId()));
    }

    private String grantedLabel() {
        return grant(certA, footprintId).get("labelId").asText();
    }

    private ChaincodeRejection refusedDecision(ErrorCode code, LedgerIdentity who, ObjectNode request) {
        return refused(code, who, "certification:decide", json(request));
    }

    private JsonNode label(String labelId) {
        return evaluate(acme, "certification:getLabel", labelId);
    }

    // ---- granting ----------------------------------------------------------------------------

    @Test
    void grantingRequiresTheCertifierRole() {
        for (LedgerIdentity who : List.of(acme, anhuiAdmin, bank(GREEN_BANK, "teller"), identity(ANHUI, "nobody", ""))) {
            ObjectNode request = grantRequest(footprintId, newLabelId());
            ChaincodeRejection r = refusedDecision(ErrorCode.ACCESS_DENIED, who, request);
            assertThat(r.getMessage()).contains("certifier").contains(ledgerId(who));
            refusedQuery(ErrorCode.NOT_FOUND, acme, "certification:getLabel", request.get("labelId").asText());
        }
    }

    @Test
    void grantingRequiresAnAccreditationCoveringTheFootprint() {
        refusedDecision(ErrorCode.NOT_ACCREDITED, certifier(ANHUI, "cert-unaccredited"), grantRequest(footprintId, newLabelId()));

        LedgerIdentity steelOnly = certifier(ANHUI, "cert-steel");
        accredit(anhuiAdmin, steelOnly, List.of("steel"), List.of("CN"));
        refusedDecision(ErrorCode.NOT_ACCREDITED, steelOnly, grantRequest(footprintId, newLabelId()));

        LedgerIdentity gansuOnly = certifier(GANSU, "cert-gs");
        accredit(gansuAdmin, gansuOnly, List.of("lithium-battery"), List.of("CN-GS"));
        ChaincodeRejection r = refusedDecision(ErrorCode.NOT_ACCREDITED, gansuOnly, grantRequest(footprintId, newLabelId()));
        assertThat(r.getMessage()).contains("lithium-battery").contains("CN-AH");

        // A certifier of another organisation with a covering accreditation may certify.
        LedgerIdentity gansuNational = certifier(GANSU, "cert-cn");
        accredit(gansuAdmin, gansuNational, List.of("lithium-battery"), List.of("CN"));
        assertThat(grant(gansuNational, footprintId).get("certifierMsp").asText()).isEqualTo(GANSU);
    }

    @Test
    void aGrantedLabelCarriesTheFootprintAndTheCertifier() {
        ObjectNode request = grantRequest(footprintId, newLabelId());
        request.put("validUntil", "2099-06-30T12:00:00.000Z");
        Submitted tx = submitRaw(certA, "certification:decide", json(request));
        JsonNode l = parse(tx.payload());
        assertThat(l.get("labelId").asText()).isEqualTo(request.get("labelId").asText());
        assertThat(l.get("footprintId").asText()).isEqualTo(footprintId);
        assertThat(l.get("version").asInt()).isEqualTo(1);
        assertThat(l.get("decision").asText()).isEqualTo("GRANTED");
        assertThat(l.get("status").asText()).isEqualTo("VALID");
        assertThat(l.get("grade").asText()).as("the benchmark's grade").isEqualTo(FIXTURE_GRADE);
        assertThat(l.get("validUntil").asText()).as("normalised instant").isEqualTo("2099-06-30T12:00:00Z");
        assertThat(l.get("certifierId").asText()).isEqualTo("AnhuiMSP/cert-a");
        assertThat(l.get("certifierMsp").asText()).isEqualTo(ANHUI);
        assertThat(l.get("certifierName").asText()).isEqualTo("Certification body AnhuiMSP/cert-a");
        assertThat(l.get("decidedBy").asText()).isEqualTo("AnhuiMSP/cert-a");
        assertThat(l.get("productName").asText()).isEqualTo(footprint.get("productName").asText());
        assertThat(l.get("productCategory").asText()).isEqualTo("lithium-battery");
        assertThat(l.get("geography").asText()).isEqualTo("CN-AH");
        assertThat(l.get("footprintValue").asText()).isEqualTo("62.5");
        assertThat(l.get("footprintUnit").asText()).isEqualTo("kgCO2e");
        assertThat(l.get("declaredUnit").asText()).isEqualTo("kilowatt hour");
        assertThat(l.get("documentHash").asText()).isEqualTo(footprint.get("documentHash").asText());
        assertThat(l.get("txId").asText()).isEqualTo(tx.txId());
        assertThat(l.get("grantedAt").asText()).isEqualTo(l.get("decidedAt").asText()).isEqualTo(l.get("validFrom").asText());
        assertThat(l.has("gtin")).isFalse();
        assertThat(l.has("serials")).as("serials are units, issued by labelunit:issue").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXY", "ABCDEFGHIJKLMNOPQRSTUVWXY1",
            "ABCDEFGHIJKLMNOPQRSTUVWXY8", "ABCDEFGHIJKLMNOPQRSTUVWX==", "ABCDEFGHIJKLM-NOPQRSTUVWXYZ", " "})
    void labelIdsMustBeBase32OfAtLeast26Characters(String labelId) {
        ChaincodeRejection r = refusedDecision(ErrorCode.INVALID_ARGUMENT, certA, grantRequest(footprintId, labelId));
        assertThat(r.getMessage()).startsWith("labelId");
        assertThat(evaluate(acme, "certification:labelsOfFootprint", footprintId).size()).isZero();
    }

    @Test
    void labelIdsOfExactly26And64CharactersAreAcceptedAnd65Is() {
        String shortest = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        assertThat(decide(certA, grantRequest(footprintId, shortest)).get("labelId").asText()).isEqualTo(shortest);
        String longest = "A234567".repeat(9) + "B";
        assertThat(longest).hasSize(64);
        decide(certA, grantRequest(footprintId, longest));
        refusedDecision(ErrorCode.INVALID_ARGUMENT, certA, grantRequest(footprintId, longest + "C"));
        refusedDecision(ErrorCode.INVALID_ARGUMENT, certA, grantRequest(footprintId, null));
    }

    @Test
    void aReusedLabelIdIsAlreadyExists() {
        String labelId = grantedLabel();
        JsonNode original = label(labelId);
        refusedDecision(ErrorCode.ALREADY_EXISTS, certA, grantRequest(footprintId, labelId));
        String other = record(acme, footprint()).get("id").asText();
        refusedDecision(ErrorCode.ALREADY_EXISTS, certB, grantRequest(other, labelId));
        assertThat(label(labelId)).isEqualTo(original);
        assertThat(evaluate(acme, "certification:labelsOfFootprint", other).size()).isZero();
    }

    @Test
    void aDeprecatedFootprintCannotBeCertifiedButItsSuccessorCan() {
        ObjectNode successor = footprint();
        successor.putArray("precedingPfIds").add(footprintId);
        String successorId = record(acme, successor).get("id").asText();

        ChaincodeRejection r = refusedDecision(ErrorCode.CONFLICT, certA, grantRequest(footprintId, newLabelId()));
        assertThat(r.getMessage()).contains("Deprecated").contains(successorId);
        assertThat(grant(certA, successorId).get("footprintId").asText()).isEqualTo(successorId);
    }

    @Test
    void anUnknownFootprintIsNotFound() {
        refusedDecision(ErrorCode.NOT_FOUND, certA, grantRequest(UUID.randomUUID().toString(), newLabelId()));
        assertThat(refusedDecision(ErrorCode.INVALID_ARGUMENT, certA, grantRequest("fp-1", newLabelId())).getMessage())
                .startsWith("footprintId");
    }

    @Test
    void grantFieldsAreChecked() {
        ObjectNode past = grantRequest(footprintId, newLabelId());
        past.put("validUntil", Instant.now().minus(1, ChronoUnit.DAYS).toString());
        assertThat(refusedDecision(ErrorCode.INVALID_ARGUMENT, certA, past).getMessage()).isEqualTo("validUntil must be after now");

        ObjectNode noUntil = grantRequest(footprintId, newLabelId());
        noUntil.remove("validUntil");
        assertThat(refusedDecision(ErrorCode.INVALID_ARGUMENT, certA, noUntil).getMessage()).startsWith("validUntil is required");

        ObjectNode badGrade = grantRequest(footprintId, newLabelId());
        badGrade.put("grade", "A+ (excellent)");
        assertThat(refusedDecision(ErrorCode.INVALID_ARGUMENT, certA, badGrade).getMessage()).startsWith("grade");

        ObjectNode badDecision = grantRequest(footprintId, newLabelId());
        badDecision.put("decision", "APPROVED");
        assertThat(refusedDecision(ErrorCode.INVALID_ARGUMENT, certA, badDecision).getMessage()).startsWith("decision must be one of");

        ObjectNode noDecision = grantRequest(footprintId, newLabelId());
        noDecision.remove("decision");
        assertThat(refusedDecision(ErrorCode.INVALID_ARGUMENT, certA, noDecision).getMessage()).startsWith("decision is required");

        assertThat(evaluate(acme, "certification:labelsOfFootprint", footprintId).size()).isZero();
    }

    @Test
    void decisionNamesAreCaseInsensitiveAndStoredUpperCase() {
        ObjectNode request = grantRequest(footprintId, newLabelId());
        request.put("decision", "granted");
        assertThat(decide(certA, request).get("decision").asText()).isEqualTo("GRANTED");
    }

    // ---- GTINs -------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"6901234567892, 06901234567892", "06901234567892, 06901234567892", "96385074, 00000096385074",
            "036000291452, 00036000291452"})
    void validGtinsArePaddedTo14Digits(String gtin, String stored) {
        ObjectNode request = grantRequest(footprintId, newLabelId());
        request.put("gtin", gtin);
        assertThat(decide(certA, request).get("gtin").asText()).isEqualTo(stored);
    }

    @ParameterizedTest
    @CsvSource({"6901234567893, gtin has a wrong check digit (expected 2)", "96385075, gtin has a wrong check digit (expected 4)",
            "690123456789, gtin has a wrong check digit", "69012345678, gtin must be a GTIN of 8, 12, 13 or 14 digits",
            "690123456789X, gtin must be a GTIN", "'', gtin must be a GTIN"})
    void invalidGtinsAreRefused(String gtin, String message) {
        ObjectNode request = grantRequest(footprintId, newLabelId());
        request.put("gtin", gtin);
        assertThat(refusedDecision(ErrorCode.INVALID_ARGUMENT, certA, request).getMessage()).startsWith(message);
    }

    // ---- status machine ----------------------------------------------------------------------

    @Test
    void statusMovesValidSuspendedRenewedRevoked() {
        String labelId = grantedLabel();

        JsonNode suspended = decide(certA, decisionRequest("SUSPENDED", labelId, "complaint under review"));
        assertThat(suspended.get("status").asText()).isEqualTo("SUSPENDED");
        assertThat(suspended.get("decision").asText()).isEqualTo("SUSPENDED");
        assertThat(suspended.get("version").asInt()).isEqualTo(2);
        assertThat(suspended.get("reason").asText()).isEqualTo("complaint under review");

        ChaincodeRejection twice = refusedDecision(ErrorCode.CONFLICT, certA, decisionRequest("SUSPENDED", labelId, "again"));
        assertThat(twice.getMessage()).contains("SUSPENDED");

        ObjectNode renewal = decisionRequest("RENEWED", labelId, "complaint dismissed");
        JsonNode renewed = decide(certA, renewal);
        assertThat(renewed.get("status").asText()).isEqualTo("VALID");
        assertThat(renewed.get("decision").asText()).isEqualTo("RENEWED");
        assertThat(renewed.get("version").asInt()).isEqualTo(3);
        assertThat(renewed.get("validUntil").asText()).isEqualTo(renewal.get("validUntil").asText());
        assertThat(renewed.get("grantedAt").asText()).isEqualTo(suspended.get("grantedAt").asText());

        JsonNode revoked = decide(certA, decisionRequest("REVOKED", labelId, "fraudulent data"));
        assertThat(revoked.get("status").asText()).isEqualTo("REVOKED");
        assertThat(revoked.get("version").asInt()).isEqualTo(4);

        JsonNode history = evaluate(acme, "certification:history", labelId);
        assertThat(history.size()).isEqualTo(4);
        List<String> trail = java.util.stream.StreamSupport.stream(history.spliterator(), false)
                .map(h -> h.get("record").get("version").asInt() + ":" + h.get("record").get("decision").asText() + ":"
                        + h.get("record").get("status").asText())
                .toList();
        assertThat(trail).containsExactly("1:GRANTED:VALID", "2:SUSPENDED:SUSPENDED", "3:RENEWED:VALID", "4:REVOKED:REVOKED");
    }

    @Test
    void revocationIsFinal() {
        String labelId = grantedLabel();
        decide(certA, decisionRequest("SUSPENDED", labelId, "complaint"));
        decide(anhuiAdmin, decisionRequest("REVOKED", labelId, "confirmed"));
        JsonNode revoked = label(labelId);

        for (String d : List.of("SUSPENDED", "REVOKED", "RENEWED")) {
            ChaincodeRejection r = refusedDecision(ErrorCode.CONFLICT, certA, decisionRequest(d, labelId, "try " + d));
            assertThat(r.getMessage()).contains("revoked");
        }
        for (String d : List.of("SUSPENDED", "REVOKED")) {
            ChaincodeRejection r = refusedDecision(ErrorCode.CONFLICT, anhuiAdmin, decisionRequest(d, labelId, "try " + d));
            assertThat(r.getMessage()).contains("revoked");
        }
        // Who may act is decided before the label's state: an admin may never renew.
        refusedDecision(ErrorCode.ACCESS_DENIED, anhuiAdmin, decisionRequest("RENEWED", labelId, "try RENEWED"));
        refusedDecision(ErrorCode.ALREADY_EXISTS, certA, grantRequest(footprintId, labelId));
        assertThat(label(labelId)).isEqualTo(revoked);
        assertThat(revoked.get("version").asInt()).isEqualTo(3);
    }

    @Test
    void aValidLabelMayBeRenewedToExtendIt() {
        String labelId = grantedLabel();
        ObjectNode renewal = decisionRequest("RENEWED", labelId, "annual surveillance passed");
        JsonNode renewed = decide(certA, renewal);
        assertThat(renewed.get("version").asInt()).isEqualTo(2);
        assertThat(renewed.get("validUntil").asText()).isEqualTo(renewal.get("validUntil").asText());

        ObjectNode pastRenewal = decisionRequest("RENEWED", labelId, "backdated");
        pastRenewal.put("validUntil", "2020-01-01T00:00:00Z");
        assertThat(refusedDecision(ErrorCode.INVALID_ARGUMENT, certA, pastRenewal).getMessage()).isEqualTo("validUntil must be after now");
    }

    @Test
    void changesNeedAReason() {
        String labelId = grantedLabel();
        ObjectNode noReason = decisionRequest("SUSPENDED", labelId, "x");
        noReason.remove("reason");
        assertThat(refusedDecision(ErrorCode.INVALID_ARGUMENT, certA, noReason).getMessage()).startsWith("reason is required");
        assertThat(label(labelId).get("status").asText()).isEqualTo("VALID");
    }

    // ---- who may decide ----------------------------------------------------------------------

    @Test
    void onlyTheGrantingCertifierOrItsRegistryAdminMaySuspendOrRevoke() {
        String labelId = grantedLabel();
        LedgerIdentity gansuCertifier = certifier(GANSU, "cert-a");
        accredit(gansuAdmin, gansuCertifier, List.of("lithium-battery"), List.of("CN"));
        for (String d : List.of("SUSPENDED", "REVOKED")) {
            for (LedgerIdentity who : List.of(certB, gansuAdmin, gansuCertifier, acme, bank(GREEN_BANK, "teller"))) {
                ChaincodeRejection r = refusedDecision(ErrorCode.ACCESS_DENIED, who, decisionRequest(d, labelId, "not mine"));
                assertThat(r.getMessage()).contains(ledgerId(who)).contains("AnhuiMSP/cert-a");
            }
        }
        assertThat(label(labelId).get("version").asInt()).isEqualTo(1);

        JsonNode byAdmin = decide(anhuiAdmin, decisionRequest("SUSPENDED", labelId, "registry audit"));
        assertThat(byAdmin.get("decidedBy").asText()).isEqualTo("AnhuiMSP/registry-admin");
        assertThat(byAdmin.get("certifierId").asText()).as("the label still belongs to its certifier").isEqualTo("AnhuiMSP/cert-a");
        JsonNode byCertifier = decide(certA, decisionRequest("REVOKED", labelId, "confirmed"));
        assertThat(byCertifier.get("status").asText()).isEqualTo("REVOKED");
    }

    @Test
    void onlyTheGrantingCertifierMayRenew() {
        String labelId = grantedLabel();
        decide(certA, decisionRequest("SUSPENDED", labelId, "complaint"));
        ChaincodeRejection other = refusedDecision(ErrorCode.ACCESS_DENIED, certB, decisionRequest("RENEWED", labelId, "I'll renew it"));
        assertThat(other.getMessage()).contains("only the granting certifier");
        ChaincodeRejection admin = refusedDecision(ErrorCode.ACCESS_DENIED, anhuiAdmin, decisionRequest("RENEWED", labelId, "admin renew"));
        assertThat(admin.getMessage()).contains("certifier");
        assertThat(label(labelId).get("status").asText()).isEqualTo("SUSPENDED");
        assertThat(decide(certA, decisionRequest("RENEWED", labelId, "resolved")).get("status").asText()).isEqualTo("VALID");
    }

    @Test
    void aSuspendedCertifierMayStillWithdrawItsLabelsButNotRenewThem() {
        String first = grantedLabel();
        String second = grantedLabel();
        submit(anhuiAdmin, "accreditation:suspend", ledgerId(certA), "audit findings");

        refusedDecision(ErrorCode.NOT_ACCREDITED, certA, grantRequest(footprintId, newLabelId()));
        refusedDecision(ErrorCode.NOT_ACCREDITED, certA, decisionRequest("RENEWED", first, "renew"));
        assertThat(decide(certA, decisionRequest("SUSPENDED", first, "precaution")).get("status").asText()).isEqualTo("SUSPENDED");
        assertThat(decide(certA, decisionRequest("REVOKED", second, "precaution")).get("status").asText()).isEqualTo("REVOKED");
        refusedDecision(ErrorCode.NOT_ACCREDITED, certA, decisionRequest("RENEWED", first, "renew"));
    }

    // ---- addressing by footprint -------------------------------------------------------------

    private static ObjectNode byFootprint(String decision, String footprintId, String reason) {
        ObjectNode d = decisionRequest(decision, null, reason);
        d.remove("labelId");
        d.put("footprintId", footprintId);
        return d;
    }

    @Test
    void aFootprintWithExactlyOneLiveLabelAddressesIt() {
        String labelId = grantedLabel();
        JsonNode suspended = decide(certA, byFootprint("SUSPENDED", footprintId, "complaint"));
        assertThat(suspended.get("labelId").asText()).isEqualTo(labelId);
        assertThat(suspended.get("status").asText()).isEqualTo("SUSPENDED");
        assertThat(decide(certA, byFootprint("RENEWED", footprintId, "resolved")).get("labelId").asText()).isEqualTo(labelId);
    }

    @Test
    void aFootprintWithTwoLiveLabelsMustNameTheLabel() {
        String first = grantedLabel();
        String second = grant(certB, footprintId).get("labelId").asText();

        ChaincodeRejection r = refusedDecision(ErrorCode.INVALID_ARGUMENT, certA, byFootprint("SUSPENDED", footprintId, "which?"));
        assertThat(r.getMessage()).contains("2 live labels");
        assertThat(label(first).get("version").asInt()).isEqualTo(1);
        assertThat(label(second).get("version").asInt()).isEqualTo(1);

        // Once one is revoked, the other is the only live label again.
        decide(certB, decisionRequest("REVOKED", second, "withdrawn by certifier"));
        assertThat(decide(certA, byFootprint("SUSPENDED", footprintId, "complaint")).get("labelId").asText()).isEqualTo(first);
        decide(certA, byFootprint("REVOKED", footprintId, "confirmed"));
        ChaincodeRejection none = refusedDecision(ErrorCode.NOT_FOUND, certA, byFootprint("SUSPENDED", footprintId, "nothing left"));
        assertThat(none.getMessage()).contains("no live label");
    }

    @Test
    void aLabelAndAFootprintThatDoNotMatchAreRefused() {
        String labelId = grantedLabel();
        String other = record(acme, footprint()).get("id").asText();
        ObjectNode mismatched = decisionRequest("SUSPENDED", labelId, "wrong pairing");
        mismatched.put("footprintId", other);
        ChaincodeRejection r = refusedDecision(ErrorCode.INVALID_ARGUMENT, certA, mismatched);
        assertThat(r.getMessage()).contains(labelId).contains(footprintId).contains(other);

        ObjectNode neither = decisionRequest("SUSPENDED", null, "no address");
        neither.remove("labelId");
        assertThat(refusedDecision(ErrorCode.INVALID_ARGUMENT, certA, neither).getMessage()).contains("labelId or footprintId");
        refusedDecision(ErrorCode.NOT_FOUND, certA, decisionRequest("SUSPENDED", newLabelId(), "unknown label"));
        assertThat(label(labelId).get("version").asInt()).isEqualTo(1);
    }

    @Test
    void labelsOfFootprintListsItsLabelsWithTheirCurrentStatus() {
        String first = grantedLabel();
        String second = grant(certB, footprintId).get("labelId").asText();
        String elsewhere = grant(certA, record(acme, footprint()).get("id").asText()).get("labelId").asText();
        decide(certB, decisionRequest("REVOKED", second, "withdrawn"));

        JsonNode labels = evaluate(bank(GREEN_BANK, "analyst"), "certification:labelsOfFootprint", footprintId);
        List<String> statuses = java.util.stream.StreamSupport.stream(labels.spliterator(), false)
                .map(l -> l.get("labelId").asText() + "=" + l.get("status").asText()).toList();
        assertThat(statuses).containsExactlyInAnyOrder(first + "=VALID", second + "=REVOKED");
        assertThat(statuses).noneMatch(s -> s.startsWith(elsewhere));

        assertThat(evaluate(acme, "certification:labelsOfFootprint", UUID.randomUUID().toString()).size()).isZero();
        refusedQuery(ErrorCode.INVALID_ARGUMENT, acme, "certification:labelsOfFootprint", "not-a-uuid");
    }

    @Test
    void labelQueriesReportUnknownAndMalformedIds() {
        refusedQuery(ErrorCode.NOT_FOUND, acme, "certification:getLabel", newLabelId());
        refusedQuery(ErrorCode.NOT_FOUND, acme, "certification:history", newLabelId());
        assertThat(refusedQuery(ErrorCode.INVALID_ARGUMENT, acme, "certification:getLabel", "lower-case").getMessage())
                .startsWith("labelId");
    }
}
