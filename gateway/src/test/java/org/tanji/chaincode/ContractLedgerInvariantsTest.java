package org.tanji.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.tanji.chaincode.support.ErrorCode;
import org.tanji.gateway.ledger.ChaincodeEvent;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.Submitted;
import org.tanji.gateway.signing.SignatureAlg;
import org.tanji.gateway.ledger.TransactionProof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Properties every contract shares: one event per transaction, refusals leave no trace, canonical bytes. */
class ContractLedgerInvariantsTest extends ContractTestSupport {

    private record Expected(Submitted tx, String eventName) {
    }

    @Test
    void everySubmitEmitsExactlyOneEventNamedForItsContract() throws Exception {
        LedgerIdentity admin = admin(ANHUI);
        LedgerIdentity certA = certifier(ANHUI, "cert-a");
        LedgerIdentity acme = company(ANHUI, "acme");
        String certId = ledgerId(certA);
        List<Expected> expected = new ArrayList<>();

        expected.add(new Expected(submitRaw(admin, "accreditation:accredit",
                json(accreditationRequest(certId, List.of("lithium-battery"), List.of("CN")))), ACCREDITATION_EVENT));
        expected.add(new Expected(submitRaw(admin, "accreditation:suspend", certId, "audit"), ACCREDITATION_EVENT));
        expected.add(new Expected(submitRaw(admin, "accreditation:accredit",
                json(accreditationRequest(certId, List.of("lithium-battery"), List.of("CN")))), ACCREDITATION_EVENT));
        expected.add(new Expected(submitRaw(certA, "signingkey:register", json(keyRegistration(SignatureAlg.ES256))),
                SIGNING_KEY_EVENT));
        ObjectNode first = footprint();
        expected.add(new Expected(submitRaw(acme, "footprint:record", json(first)), FOOTPRINT_EVENT));
        ObjectNode second = footprint();
        second.putArray("precedingPfIds").add(first.get("id").asText());
        expected.add(new Expected(submitRaw(acme, "footprint:record", json(second)), FOOTPRINT_EVENT));
        expected.add(new Expected(submitRaw(admin, "benchmark:publish", json(fixtureBenchmark())), BENCHMARK_EVENT));
        String labelId = newLabelId();
        expected.add(new Expected(submitRaw(certA, "certification:decide",
                json(grantRequest(second.get("id").asText(), labelId))), LABEL_EVENT));
        expected.add(new Expected(submitRaw(certA, "certification:decide",
                json(decisionRequest("SUSPENDED", labelId, "complaint"))), LABEL_EVENT));
        expected.add(new Expected(submitRaw(admin, "accreditation:withdraw", certId, "closed"), ACCREDITATION_EVENT));

        awaitEvents(expected.size());
        Thread.sleep(100); // would let a stray second event arrive
        Map<String, List<ChaincodeEvent>> byTx = events.stream().collect(Collectors.groupingBy(ChaincodeEvent::txId));
        assertThat(events).hasSize(expected.size());
        for (Expected e : expected) {
            List<ChaincodeEvent> ofTx = byTx.get(e.tx().txId());
            assertThat(ofTx).as("events of %s", e.tx().txId()).hasSize(1);
            ChaincodeEvent event = ofTx.get(0);
            assertThat(event.name()).isEqualTo(e.eventName());
            assertThat(event.blockNumber()).isEqualTo(e.tx().blockNumber());
            JsonNode payload = parse(event.payload());
            assertKeysSorted(payload, "event");
            assertThat(JSON.writeValueAsBytes(payload)).as("compact event payload").isEqualTo(event.payload());
        }
        assertThat(events).extracting(ChaincodeEvent::txId).as("events in commit order")
                .containsExactlyElementsOf(expected.stream().map(e -> e.tx().txId()).toList());

        JsonNode accredited = parse(events.get(0).payload());
        assertThat(accredited.get("certifierId").asText()).isEqualTo(certId);
        assertThat(accredited.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(accredited.get("version").asInt()).isEqualTo(1);
        JsonNode suspended = parse(events.get(1).payload());
        assertThat(suspended.get("status").asText()).isEqualTo("SUSPENDED");
        assertThat(suspended.get("version").asInt()).isEqualTo(2);
        JsonNode keyRegistered = parse(events.get(3).payload());
        assertThat(keyRegistered.get("ownerId").asText()).isEqualTo(certId);
        assertThat(keyRegistered.get("status").asText()).isEqualTo("ACTIVE");
        JsonNode recorded = parse(events.get(4).payload());
        assertThat(recorded.get("id").asText()).isEqualTo(first.get("id").asText());
        assertThat(recorded.get("documentHash").asText()).isEqualTo(first.get("documentHash").asText());
        assertThat(recorded.get("deprecated").size()).isZero();
        JsonNode replaced = parse(events.get(5).payload());
        assertThat(texts(replaced.get("deprecated"))).containsExactly(first.get("id").asText());
        JsonNode benchmark = parse(events.get(6).payload());
        assertThat(benchmark.get("productCategory").asText()).isEqualTo("lithium-battery");
        assertThat(benchmark.get("version").asInt()).isEqualTo(1);
        JsonNode granted = parse(events.get(7).payload());
        assertThat(granted.get("labelId").asText()).isEqualTo(labelId);
        assertThat(granted.get("footprintId").asText()).isEqualTo(second.get("id").asText());
        assertThat(granted.get("decision").asText()).isEqualTo("GRANTED");
        assertThat(granted.get("status").asText()).isEqualTo("VALID");
        assertThat(granted.get("version").asInt()).isEqualTo(1);
        JsonNode labelSuspended = parse(events.get(8).payload());
        assertThat(labelSuspended.get("status").asText()).isEqualTo("SUSPENDED");
        assertThat(labelSuspended.get("version").asInt()).isEqualTo(2);
        assertThat(parse(events.get(9).payload()).get("status").asText()).isEqualTo("WITHDRAWN");
    }

    @Test
    void refusedTransactionsChangeNothing() throws InterruptedException {
        LedgerIdentity admin = admin(ANHUI);
        LedgerIdentity certA = certifier(ANHUI, "cert-a");
        LedgerIdentity acme = company(ANHUI, "acme");
        accredit(admin, certA, List.of("lithium-battery"), List.of("CN-AH"));
        publishFixtureBenchmark();
        String fpId = record(acme, footprint()).get("id").asText();
        String labelId = decide(certA, grantRequest(fpId, newLabelId())).get("labelId").asText();
        JsonNode accreditationBefore = evaluate(admin, "accreditation:get", ledgerId(certA));
        JsonNode footprintBefore = evaluate(acme, "footprint:get", fpId);
        JsonNode labelBefore = evaluate(acme, "certification:getLabel", labelId);
        awaitEvents(5);
        long height = ledger.height();
        int eventCount = events.size();

        ObjectNode badFootprint = footprint();
        badFootprint.put("value", "1e5");
        refused(ErrorCode.INVALID_ARGUMENT, acme, "footprint:record", json(badFootprint));
        ObjectNode byBank = footprint();
        refused(ErrorCode.ACCESS_DENIED, bank(GREEN_BANK, "teller"), "footprint:record", json(byBank));
        ObjectNode outOfScope = footprint("cement", "CN-AH");
        refused(ErrorCode.NOT_ACCREDITED, certA, "footprint:record", json(outOfScope));
        ObjectNode replacingMissing = footprint();
        replacingMissing.putArray("precedingPfIds").add(fpId).add(UUID.randomUUID().toString());
        refused(ErrorCode.NOT_FOUND, acme, "footprint:record", json(replacingMissing));
        ObjectNode replacingForeign = footprint();
        replacingForeign.putArray("precedingPfIds").add(fpId);
        refused(ErrorCode.ACCESS_DENIED, company(GANSU, "rival"), "footprint:record", json(replacingForeign));

        String otherCertifier = "AnhuiMSP/cert-z";
        refused(ErrorCode.ACCESS_DENIED, acme, "accreditation:accredit",
                json(accreditationRequest(otherCertifier, List.of("lithium-battery"), List.of("CN"))));
        refused(ErrorCode.ACCESS_DENIED, admin(GANSU), "accreditation:suspend", ledgerId(certA), "not yours");

        ObjectNode secondGrant = grantRequest(fpId, newLabelId());
        refused(ErrorCode.NOT_ACCREDITED, certifier(ANHUI, "cert-z"), "certification:decide", json(secondGrant));
        ObjectNode badGtin = grantRequest(fpId, newLabelId());
        badGtin.put("gtin", "6901234567893");
        refused(ErrorCode.INVALID_ARGUMENT, certA, "certification:decide", json(badGtin));
        refused(ErrorCode.ACCESS_DENIED, certifier(ANHUI, "cert-z"), "certification:decide",
                json(decisionRequest("REVOKED", labelId, "not mine")));

        assertThat(ledger.height()).as("no block was cut for refused transactions").isEqualTo(height);
        for (ObjectNode f : List.of(badFootprint, byBank, outOfScope, replacingMissing, replacingForeign)) {
            refusedQuery(ErrorCode.NOT_FOUND, acme, "footprint:get", f.get("id").asText());
        }
        refusedQuery(ErrorCode.NOT_FOUND, admin, "accreditation:get", otherCertifier);
        refusedQuery(ErrorCode.NOT_FOUND, acme, "certification:getLabel", secondGrant.get("labelId").asText());
        refusedQuery(ErrorCode.NOT_FOUND, acme, "certification:getLabel", badGtin.get("labelId").asText());
        assertThat(evaluate(admin, "accreditation:get", ledgerId(certA))).isEqualTo(accreditationBefore);
        assertThat(evaluate(acme, "footprint:get", fpId)).isEqualTo(footprintBefore);
        assertThat(evaluate(acme, "certification:getLabel", labelId)).isEqualTo(labelBefore);
        assertThat(evaluate(acme, "footprint:byProduct", "urn:gtin:06901234567892").size()).isEqualTo(1);
        assertThat(evaluate(acme, "certification:labelsOfFootprint", fpId).size()).isEqualTo(1);
        Thread.sleep(100);
        assertThat(events).as("refusals publish no event").hasSize(eventCount);
    }

    @Test
    void queriesWriteNothing() {
        LedgerIdentity acme = company(ANHUI, "acme");
        String fpId = record(acme, footprint()).get("id").asText();
        long height = ledger.height();
        evaluate(acme, "footprint:get", fpId);
        evaluate(acme, "footprint:history", fpId);
        evaluate(acme, "accreditation:list");
        assertThat(ledger.height()).isEqualTo(height);
    }

    @Test
    void recordBytesReturnedBySubmitAreTheBytesALaterGetReturns() throws Exception {
        LedgerIdentity admin = admin(ANHUI);
        LedgerIdentity certA = certifier(ANHUI, "cert-a");
        LedgerIdentity acme = company(ANHUI, "acme");
        LedgerIdentity reader = bank(GREEN_BANK, "analyst");

        Submitted accredited = submitRaw(admin, "accreditation:accredit",
                json(accreditationRequest(ledgerId(certA), List.of("steel", "lithium-battery"), List.of("CN"))));
        assertCanonical(accredited.payload());
        assertThat(evaluateRaw(reader, "accreditation:get", ledgerId(certA))).isEqualTo(accredited.payload());

        ObjectNode f = footprint();
        f.putArray("standards").add("PACT").add("ISO14067").add("GHGP-Product");
        Submitted recorded = submitRaw(acme, "footprint:record", json(f));
        assertCanonical(recorded.payload());
        assertThat(texts(parse(recorded.payload()).get("standards"))).as("lists keep their order")
                .containsExactly("PACT", "ISO14067", "GHGP-Product");
        assertThat(evaluateRaw(reader, "footprint:get", f.get("id").asText())).isEqualTo(recorded.payload());

        publishFixtureBenchmark();
        ObjectNode grant = grantRequest(f.get("id").asText(), newLabelId());
        grant.put("gtin", "6901234567892");
        Submitted granted = submitRaw(certA, "certification:decide", json(grant));
        assertCanonical(granted.payload());
        assertThat(evaluateRaw(reader, "certification:getLabel", grant.get("labelId").asText())).isEqualTo(granted.payload());

        Submitted suspended = submitRaw(certA, "certification:decide",
                json(decisionRequest("SUSPENDED", grant.get("labelId").asText(), "complaint")));
        assertThat(evaluateRaw(reader, "certification:getLabel", grant.get("labelId").asText())).isEqualTo(suspended.payload());

        // Queries answer canonically too, and the same query answers the same bytes.
        for (String[] q : List.of(new String[] {"accreditation:list"}, new String[] {"accreditation:history", ledgerId(certA)},
                new String[] {"footprint:history", f.get("id").asText()},
                new String[] {"footprint:byProduct", "urn:gtin:06901234567892"},
                new String[] {"certification:history", grant.get("labelId").asText()},
                new String[] {"certification:labelsOfFootprint", f.get("id").asText()})) {
            byte[] once = evaluateRaw(reader, q[0], Arrays.copyOfRange(q, 1, q.length));
            assertCanonical(once);
            assertThat(evaluateRaw(acme, q[0], Arrays.copyOfRange(q, 1, q.length))).as(q[0]).isEqualTo(once);
        }
        // A history entry holds the record exactly as it was committed.
        JsonNode history = evaluate(reader, "certification:history", grant.get("labelId").asText());
        assertThat(JSON.writeValueAsBytes(history.get(0).get("record"))).isEqualTo(granted.payload());
        assertThat(JSON.writeValueAsBytes(history.get(1).get("record"))).isEqualTo(suspended.payload());
    }

    @Test
    void recordKeysAreSortedEvenWhenTheRequestIsNot() throws Exception {
        LedgerIdentity acme = company(ANHUI, "acme");
        ObjectNode f = footprint();
        ObjectNode stages = f.putObject("stages");
        stages.put("use", "10");
        stages.put("end-of-life", "2.5");
        stages.put("production", "50");
        Submitted s = submitRaw(acme, "footprint:record", json(f));
        String text = new String(s.payload(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).contains("\"stages\":{\"end-of-life\":\"2.5\",\"production\":\"50\",\"use\":\"10\"}");
        assertThat(text).startsWith("{\"companyIds\":");
        assertCanonical(s.payload());
    }

    @Test
    void committedTransactionsHaveAValidProof() {
        Submitted s = submitRaw(company(ANHUI, "acme"), "footprint:record", json(footprint()));
        TransactionProof proof = ledger.proof(s.txId()).block(TIMEOUT);
        assertThat(proof.validationCode()).isEqualTo("VALID");
        assertThat(proof.blockNumber()).isEqualTo(s.blockNumber());
        assertThat(parse(s.payload()).get("txId").asText()).isEqualTo(s.txId());
    }

    @Test
    void aSuspensionCommittedBetweenTwoGrantsRefusesTheSecond() {
        LedgerIdentity admin = admin(ANHUI);
        LedgerIdentity certA = certifier(ANHUI, "cert-a");
        LedgerIdentity acme = company(ANHUI, "acme");
        accredit(admin, certA, List.of("lithium-battery"), List.of("CN"));
        publishFixtureBenchmark();
        String fpId = record(acme, footprint()).get("id").asText();

        String first = decide(certA, grantRequest(fpId, newLabelId())).get("labelId").asText();
        submit(admin, "accreditation:suspend", ledgerId(certA), "audit findings");
        ObjectNode second = grantRequest(fpId, newLabelId());
        refused(ErrorCode.NOT_ACCREDITED, certA, "certification:decide", json(second));

        JsonNode labels = evaluate(acme, "certification:labelsOfFootprint", fpId);
        assertThat(labels.size()).isEqualTo(1);
        assertThat(labels.get(0).get("labelId").asText()).isEqualTo(first);
        assertThat(labels.get(0).get("status").asText()).as("earlier labels are not touched").isEqualTo("VALID");

        accredit(admin, certA, List.of("lithium-battery"), List.of("CN"));
        assertThat(decide(certA, second).get("labelId").asText()).isEqualTo(second.get("labelId").asText());
    }

    /**
     * A NUL or U+10FFFF in an id that becomes a composite-key attribute makes the shim's
     * {@code CompositeKey} throw; the contracts do not check for it, so the caller gets the router's
     * generic {@code CHAINCODE_ERROR} ("Error during contract method execution", HTTP 422, logged as a
     * contract fault) instead of {@code INVALID_ARGUMENT}.
     */
    @Test
    void charactersAKeyCannotHoldAreInvalidArguments() {
        LedgerIdentity admin = admin(ANHUI);
        refused(ErrorCode.INVALID_ARGUMENT, admin, "accreditation:accredit",
                json(accreditationRequest("AnhuiMSP/a\u0000b", List.of("steel"), List.of("CN"))));
        refusedQuery(ErrorCode.INVALID_ARGUMENT, admin, "accreditation:get", "AnhuiMSP/a\u0000b");
        refusedQuery(ErrorCode.INVALID_ARGUMENT, admin, "accreditation:history", "AnhuiMSP/a\udbff\udfffb");
        refusedQuery(ErrorCode.INVALID_ARGUMENT, admin, "footprint:byProduct", "urn:x\u0000y");
    }

    /** Sorted keys at every depth, no insignificant whitespace. */
    private static void assertCanonical(byte[] bytes) throws Exception {
        JsonNode tree = parse(bytes);
        assertKeysSorted(tree, "$");
        assertThat(JSON.writeValueAsBytes(tree)).as("compact re-serialisation").isEqualTo(bytes);
    }
}
