package org.tanji.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tanji.chaincode.support.ErrorCode;
import org.tanji.gateway.ledger.ChaincodeEvent;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.Submitted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code labelunit:*}: who may issue units, on which labels, serial rules, idempotency, the per-transaction cap, get and list. */
class LabelUnitContractTest extends ContractTestSupport {
    static final String GTIN = "6901234567892";
    LedgerIdentity anhuiAdmin;
    LedgerIdentity certA;
    LedgerIdentity certB;
    LedgerIdentity acme;
    String footprintId;
    String labelId;

    @BeforeEach
    void world() {
        anhuiAdmin = admin(ANHUI);
        certA = certifier(ANHUI, "cert-a");
        certB = certifier(ANHUI, "cert-b");
        acme = company(ANHUI, "acme");
        accredit(anhuiAdmin, certA, List.of("lithium-battery"), List.of("CN"));
        accredit(anhuiAdmin, certB, List.of("lithium-battery"), List.of("CN"));
        publishFixtureBenchmark();
        footprintId = record(acme, footprint()).get("id").asText();
        labelId = grant(certA, GTIN);
    }

    private String grant(LedgerIdentity who, String gtin) {
        ObjectNode request = grantRequest(footprintId, newLabelId());
        if (gtin != null) {
            request.put("gtin", gtin);
        }
        return decide(who, request).get("labelId").asText();
    }

    static String batch(String labelId, String lot, List<String> serials) {
        ObjectNode b = JSON.createObjectNode();
        b.put("labelId", labelId);
        if (lot != null) {
            b.put("lot", lot);
        }
        ArrayNode s = b.putArray("serials");
        serials.forEach(s::add);
        return json(b);
    }

    static List<String> serials(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    JsonNode issue(LedgerIdentity who, String lot, List<String> serials) {
        return submit(who, "labelunit:issue", batch(labelId, lot, serials));
    }

    ChaincodeRejection refusedIssue(ErrorCode code, LedgerIdentity who, String label, List<String> serials) {
        return refused(code, who, "labelunit:issue", batch(label, null, serials));
    }

    @Test
    void theGrantingCertifierIssuesManyUnitsInOneTransactionEachUnderItsOwnKey() throws InterruptedException {
        Submitted tx = submitRaw(certA, "labelunit:issue", batch(labelId, "L2025-07", List.of("SN001", "SN002", "SN003")));
        JsonNode result = parse(tx.payload());
        assertThat(texts(result.get("issued"))).containsExactly("SN001", "SN002", "SN003");
        assertThat(result.get("skipped")).isEmpty();
        assertThat(result.get("gtin").asText()).isEqualTo("0" + GTIN);
        assertThat(result.get("txId").asText()).isEqualTo(tx.txId());
        assertKeysSorted(result, "$");

        JsonNode unit = evaluate(acme, "labelunit:get", labelId, "SN002");
        assertThat(unit.get("labelId").asText()).isEqualTo(labelId);
        assertThat(unit.get("serial").asText()).isEqualTo("SN002");
        assertThat(unit.get("lot").asText()).isEqualTo("L2025-07");
        assertThat(unit.get("gtin").asText()).isEqualTo("0" + GTIN);
        assertThat(unit.get("txId").asText()).isEqualTo(tx.txId());
        assertThat(unit.get("issuedAt").asText()).isEqualTo(result.get("issuedAt").asText());

        ChaincodeEvent event = awaitEventOf(tx.txId());
        assertThat(event.name()).isEqualTo("tanji.unit");
        JsonNode payload = parse(event.payload());
        assertThat(payload.get("issued").asInt()).isEqualTo(3);
        assertThat(payload.get("skipped").asInt()).isZero();
        assertThat(payload.has("serials")).isFalse();
    }

    @Test
    void issuingAgainSkipsAndReportsWithoutRewriting() {
        JsonNode first = issue(certA, "LOT1", List.of("A1", "A2"));
        JsonNode second = issue(certA, "LOT2", List.of("A2", "A3"));
        assertThat(texts(second.get("issued"))).containsExactly("A3");
        assertThat(second.get("skipped")).hasSize(1);
        JsonNode skipped = second.get("skipped").get(0);
        assertThat(skipped.get("serial").asText()).isEqualTo("A2");
        assertThat(skipped.get("lot").asText()).isEqualTo("LOT1");
        assertThat(skipped.get("txId").asText()).isEqualTo(first.get("txId").asText());
        JsonNode a2 = evaluate(acme, "labelunit:get", labelId, "A2");
        assertThat(a2.get("lot").asText()).isEqualTo("LOT1");
        assertThat(a2.get("txId").asText()).isEqualTo(first.get("txId").asText());

        JsonNode third = issue(certA, null, List.of("A1", "A2", "A3"));
        assertThat(third.get("issued")).isEmpty();
        assertThat(third.get("skipped")).hasSize(3);
    }

    @Test
    void eachUnitRecordsTheBatchThatIssuedItSoAReplayedBatchKnowsItsOwnUnits() {
        ObjectNode request = (ObjectNode) parse(batch(labelId, null, List.of("B1", "B2")).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        request.put("batchId", "job-1");
        JsonNode first = submit(certA, "labelunit:issue", json(request));
        assertThat(evaluate(acme, "labelunit:get", labelId, "B1").get("batchId").asText()).isEqualTo("job-1");

        JsonNode replay = submit(certA, "labelunit:issue", json(request));
        assertThat(replay.get("issued")).isEmpty();
        assertThat(replay.get("skipped")).hasSize(2).allSatisfy(u -> {
            assertThat(u.get("batchId").asText()).isEqualTo("job-1");
            assertThat(u.get("txId").asText()).isEqualTo(first.get("txId").asText());
        });
        request.put("batchId", "job 2");
        refused(ErrorCode.INVALID_ARGUMENT, certA, "labelunit:issue", json(request));
    }

    @Test
    void onlyTheGrantingCertifierMayIssue() {
        for (LedgerIdentity who : List.of(certB, acme, anhuiAdmin, certifier(GANSU, "cert-a"))) {
            ChaincodeRejection r = refusedIssue(ErrorCode.ACCESS_DENIED, who, labelId, List.of("X1"));
            assertThat(r.getMessage()).contains(ledgerId(who).equals(ledgerId(certB)) || ledgerId(who).startsWith(GANSU)
                    ? ledgerId(certA) : "certifier");
        }
        refusedQuery(ErrorCode.NOT_FOUND, acme, "labelunit:get", labelId, "X1");
    }

    @Test
    void theLabelMustExistBeValidAndNameAGtin() {
        refusedIssue(ErrorCode.NOT_FOUND, certA, newLabelId(), List.of("X1"));

        String noGtin = grant(certA, null);
        assertThat(refusedIssue(ErrorCode.CONFLICT, certA, noGtin, List.of("X1")).getMessage()).contains("GTIN");

        decide(certA, decisionRequest("SUSPENDED", labelId, "audit pending"));
        assertThat(refusedIssue(ErrorCode.CONFLICT, certA, labelId, List.of("X1")).getMessage()).contains("SUSPENDED");
        decide(certA, decisionRequest("REVOKED", labelId, "audit failed"));
        assertThat(refusedIssue(ErrorCode.CONFLICT, certA, labelId, List.of("X1")).getMessage()).contains("REVOKED");
        refusedQuery(ErrorCode.NOT_FOUND, acme, "labelunit:get", labelId, "X1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "123456789012345678901", "SN 1", "SN#1", "SN\u00e91", "SN[1]", "SN\\1", "SN\u00001"})
    void serialsMustBeGs1Serials(String bad) {
        ChaincodeRejection r = refusedIssue(ErrorCode.INVALID_ARGUMENT, certA, labelId, List.of("OK1", bad));
        assertThat(r.getMessage()).startsWith("serials[1]").contains("GS1");
        refusedQuery(ErrorCode.NOT_FOUND, acme, "labelunit:get", labelId, "OK1");
    }

    @Test
    void everyGs1CharacterIsAcceptedAndLotsAreChecked() {
        List<String> odd = List.of("!\"%&'()*+,-./", ":;<=>?_azAZ09", "12345678901234567890");
        assertThat(texts(issue(certA, "L-1/2", odd).get("issued"))).containsExactlyElementsOf(odd);
        assertThat(evaluate(acme, "labelunit:get", labelId, "!\"%&'()*+,-./").get("serial").asText()).isEqualTo("!\"%&'()*+,-./");
        refused(ErrorCode.INVALID_ARGUMENT, certA, "labelunit:issue", batch(labelId, "LOT 1", List.of("Z1")));
        refused(ErrorCode.INVALID_ARGUMENT, certA, "labelunit:issue", batch(labelId, "L".repeat(21), List.of("Z1")));
    }

    @Test
    void aBatchIsEmptyFreeDuplicateFreeAndCappedPerTransaction() {
        refusedIssue(ErrorCode.INVALID_ARGUMENT, certA, labelId, List.of());
        assertThat(refusedIssue(ErrorCode.INVALID_ARGUMENT, certA, labelId, List.of("D1", "D2", "D1")).getMessage())
                .contains("serials[2]").contains("D1");
        List<String> tooMany = serials("C", 2_001);
        assertThat(refusedIssue(ErrorCode.INVALID_ARGUMENT, certA, labelId, tooMany).getMessage()).contains("2000");
        refusedQuery(ErrorCode.NOT_FOUND, acme, "labelunit:get", labelId, "C0");

        JsonNode full = issue(certA, null, serials("C", 2_000));
        assertThat(full.get("issued")).hasSize(2_000);
        assertThat(evaluate(acme, "labelunit:get", labelId, "C1999").get("serial").asText()).isEqualTo("C1999");
    }

    @Test
    void getAnswersNotFoundForAnythingNotIssued() {
        issue(certA, null, List.of("G1"));
        refusedQuery(ErrorCode.NOT_FOUND, acme, "labelunit:get", labelId, "G2");
        refusedQuery(ErrorCode.NOT_FOUND, acme, "labelunit:get", newLabelId(), "G1");
        refusedQuery(ErrorCode.NOT_FOUND, acme, "labelunit:get", "not-a-label", "G1");
        refusedQuery(ErrorCode.NOT_FOUND, acme, "labelunit:get", labelId, "G 1");
    }

    @Test
    void theCertifierPagesThroughTheUnitsOfItsLabelOnly() {
        issue(certA, null, serials("P", 25));
        String other = grant(certA, GTIN);
        submit(certA, "labelunit:issue", batch(other, null, List.of("P0", "Q1")));

        List<String> seen = new ArrayList<>();
        String bookmark = "";
        for (int pages = 0; pages < 10; pages++) {
            JsonNode page = evaluate(certA, "labelunit:list", labelId, "10", bookmark);
            page.get("units").forEach(u -> {
                assertThat(u.get("labelId").asText()).isEqualTo(labelId);
                seen.add(u.get("serial").asText());
            });
            bookmark = page.get("bookmark").asText();
            if (bookmark.isEmpty()) {
                break;
            }
        }
        assertThat(seen).hasSize(25).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(serials("P", 25));
        assertThat(evaluate(anhuiAdmin, "labelunit:list", labelId, "100", "").get("units")).hasSize(25);

        refusedQuery(ErrorCode.ACCESS_DENIED, certB, "labelunit:list", labelId, "10", "");
        refusedQuery(ErrorCode.ACCESS_DENIED, acme, "labelunit:list", labelId, "10", "");
        refusedQuery(ErrorCode.ACCESS_DENIED, admin(GANSU), "labelunit:list", labelId, "10", "");
        refusedQuery(ErrorCode.INVALID_ARGUMENT, certA, "labelunit:list", labelId, "0", "");
        refusedQuery(ErrorCode.INVALID_ARGUMENT, certA, "labelunit:list", labelId, "1001", "");
        String otherBookmark = evaluate(certA, "labelunit:list", other, "1", "").get("bookmark").asText();
        refusedQuery(ErrorCode.INVALID_ARGUMENT, certA, "labelunit:list", labelId, "10", otherBookmark);
    }
}
