package org.tanji.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.tanji.chaincode.support.ErrorCode;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.Submitted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code supplychain:*}: a leader requests a footprint from a supplier; only the supplier answers, once;
 * the delivery anchors the exact document's hash with the certification the ledger holds at that moment;
 * a leader attaches what it received to its own footprints, and a replaced input is flagged.
 */
class SupplyChainContractTest extends ContractTestSupport {

    private static ObjectNode opening(String id, LedgerIdentity supplier, String productId) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id);
        o.put("supplierId", ledgerId(supplier));
        o.put("productId", productId);
        o.put("comment", "for our 2026 pack");
        return o;
    }

    private static String delivery(String footprintId, String deliveredHash) {
        ObjectNode d = JSON.createObjectNode();
        d.put("footprintId", footprintId);
        d.put("deliveredHash", deliveredHash);
        return json(d);
    }

    private String request(LedgerIdentity leader, LedgerIdentity supplier) {
        String id = UUID.randomUUID().toString();
        submit(leader, "supplychain:request", json(opening(id, supplier, "urn:gtin:06901234567892")));
        return id;
    }

    private String footprintOf(LedgerIdentity company, String geography) {
        ObjectNode f = footprint("lithium-battery", geography);
        record(company, f);
        return f.get("id").asText();
    }

    @Test
    void aFulfilmentAnchorsTheDeliveredHashAndTheCertificationTheLedgerHolds() throws Exception {
        LedgerIdentity leader = company(ANHUI, "leader");
        LedgerIdentity supplier = company(GANSU, "supplier");
        ObjectNode f = footprint("lithium-battery", "CN-GS");
        record(supplier, f);
        String footprintId = f.get("id").asText();
        LedgerIdentity cb = certifier(GANSU, "cb-gansu");
        accredit(admin(GANSU), cb, List.of("lithium-battery"), List.of("CN-GS"));
        publishFixtureBenchmark();
        String labelId = newLabelId();
        decide(cb, grantRequest(footprintId, labelId));

        String id = UUID.randomUUID().toString();
        Submitted opened = submitRaw(leader, "supplychain:request", json(opening(id, supplier, "urn:gtin:06901234567892")));
        JsonNode open = parse(opened.payload());
        assertThat(open.get("status").asText()).isEqualTo("OPEN");
        assertThat(open.get("requesterId").asText()).isEqualTo(ledgerId(leader));
        assertThat(awaitEventOf(opened.txId()).name()).isEqualTo("tanji.request");
        JsonNode inbox = evaluate(supplier, "supplychain:inbox");
        assertThat(inbox).hasSize(1);
        assertThat(inbox.get(0).get("id").asText()).isEqualTo(id);
        assertThat(evaluate(leader, "supplychain:sent").get(0).get("id").asText()).isEqualTo(id);
        assertThat(evaluate(leader, "supplychain:inbox")).isEmpty();

        String delivered = documentHash();
        JsonNode done = submit(supplier, "supplychain:fulfil", id, delivery(footprintId, delivered));
        assertThat(done.get("status").asText()).isEqualTo("FULFILLED");
        assertThat(done.get("version").asInt()).isEqualTo(2);
        assertThat(done.get("footprintId").asText()).isEqualTo(footprintId);
        assertThat(done.get("footprintDocumentHash").asText()).isEqualTo(f.get("documentHash").asText());
        assertThat(done.get("deliveredHash").asText()).isEqualTo(delivered);
        assertThat(done.get("certified").asBoolean()).isTrue();
        assertThat(done.get("certifiedBy").asText()).startsWith(ledgerId(cb));
        assertThat(done.get("labelId").asText()).isEqualTo(labelId);
        assertThat(texts(evaluate(company(ANHUI, "anyone"), "supplychain:byDelivery", delivered))).containsExactly(id);
        assertThat(evaluate(leader, "supplychain:byDelivery", documentHash())).isEmpty();

        // Answered once; read by its two parties only.
        refused(ErrorCode.CONFLICT, supplier, "supplychain:fulfil", id, delivery(footprintId, documentHash()));
        refused(ErrorCode.CONFLICT, supplier, "supplychain:reject", id, "too late");
        assertThat(evaluate(leader, "supplychain:get", id).get("deliveredHash").asText()).isEqualTo(delivered);
        refusedQuery(ErrorCode.ACCESS_DENIED, company(ANHUI, "nosy"), "supplychain:get", id);
        refusedQuery(ErrorCode.NOT_FOUND, leader, "supplychain:get", UUID.randomUUID().toString());
    }

    @Test
    void anUncertifiedDeliveryIsAnchoredAsUncertifiedAndARejectionKeepsItsReason() {
        LedgerIdentity leader = company(ANHUI, "leader2");
        LedgerIdentity supplier = company(GANSU, "supplier2");
        String footprintId = footprintOf(supplier, "CN-GS");
        String first = request(leader, supplier);
        JsonNode done = submit(supplier, "supplychain:fulfil", first, delivery(footprintId, documentHash()));
        assertThat(done.get("certified").asBoolean()).isFalse();
        assertThat(done.has("certifiedBy") && !done.get("certifiedBy").isNull()).isFalse();

        String second = request(leader, supplier);
        refused(ErrorCode.INVALID_ARGUMENT, supplier, "supplychain:reject", second, "");
        JsonNode rejected = submit(supplier, "supplychain:reject", second, "product discontinued");
        assertThat(rejected.get("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.get("reason").asText()).isEqualTo("product discontinued");
        refused(ErrorCode.CONFLICT, supplier, "supplychain:fulfil", second, delivery(footprintId, documentHash()));
    }

    @Test
    void refusals() {
        LedgerIdentity leader = company(ANHUI, "leader3");
        LedgerIdentity supplier = company(GANSU, "supplier3");
        refused(ErrorCode.ACCESS_DENIED, bank(GREEN_BANK, "bank"), "supplychain:request",
                json(opening(UUID.randomUUID().toString(), supplier, "urn:x:y")));
        refused(ErrorCode.INVALID_ARGUMENT, leader, "supplychain:request",
                json(opening(UUID.randomUUID().toString(), leader, "urn:x:y")));
        ObjectNode badSupplier = opening(UUID.randomUUID().toString(), supplier, "urn:x:y");
        badSupplier.put("supplierId", "not a ledger id");
        refused(ErrorCode.INVALID_ARGUMENT, leader, "supplychain:request", json(badSupplier));
        refused(ErrorCode.INVALID_ARGUMENT, leader, "supplychain:request", json(opening("not-a-uuid", supplier, "urn:x:y")));
        String id = request(leader, supplier);
        refused(ErrorCode.ALREADY_EXISTS, leader, "supplychain:request", json(opening(id, supplier, "urn:x:y")));

        String theirs = footprintOf(company(ANHUI, "elsewhere"), "CN-AH");
        String own = footprintOf(supplier, "CN-GS");
        refused(ErrorCode.ACCESS_DENIED, leader, "supplychain:fulfil", id, delivery(own, documentHash()));
        refused(ErrorCode.ACCESS_DENIED, supplier, "supplychain:fulfil", id, delivery(theirs, documentHash()));
        refused(ErrorCode.INVALID_ARGUMENT, supplier, "supplychain:fulfil", id, delivery(own, "md5:abc"));
        refused(ErrorCode.NOT_FOUND, supplier, "supplychain:fulfil", id, delivery(UUID.randomUUID().toString(), documentHash()));
        refused(ErrorCode.ACCESS_DENIED, leader, "supplychain:reject", id, "not mine to reject");
        assertThat(evaluate(supplier, "supplychain:get", id).get("status").asText()).as("nothing half-done").isEqualTo("OPEN");
    }

    @Test
    void attachedInputsAreFlaggedOnceTheSupplierReplacesItsFootprint() {
        LedgerIdentity leader = company(ANHUI, "leader4");
        LedgerIdentity supplier = company(GANSU, "supplier4");
        ObjectNode cell = footprint("lithium-battery", "CN-GS");
        record(supplier, cell);
        String cellId = cell.get("id").asText();
        String pack = footprintOf(leader, "CN-AH");
        String id = request(leader, supplier);
        String delivered = documentHash();

        refused(ErrorCode.CONFLICT, leader, "supplychain:attach", pack, id);
        submit(supplier, "supplychain:fulfil", id, delivery(cellId, delivered));
        refused(ErrorCode.ACCESS_DENIED, company(ANHUI, "stranger"), "supplychain:attach", pack, id);
        refused(ErrorCode.ACCESS_DENIED, leader, "supplychain:attach", cellId, id);
        JsonNode link = submit(leader, "supplychain:attach", pack, id);
        assertThat(link.get("footprintId").asText()).isEqualTo(pack);
        assertThat(link.get("supplierFootprintId").asText()).isEqualTo(cellId);
        assertThat(link.get("deliveredHash").asText()).isEqualTo(delivered);
        assertThat(link.get("attachedBy").asText()).isEqualTo(ledgerId(leader));
        refused(ErrorCode.ALREADY_EXISTS, leader, "supplychain:attach", pack, id);

        JsonNode before = evaluate(leader, "supplychain:inputs", pack);
        assertThat(before).hasSize(1);
        assertThat(before.get(0).get("flagged").asBoolean()).isFalse();
        assertThat(texts(evaluate(supplier, "supplychain:downstream", cellId))).containsExactly(pack);

        ObjectNode successor = footprint("lithium-battery", "CN-GS");
        successor.putArray("precedingPfIds").add(cellId);
        record(supplier, successor);
        JsonNode after = evaluate(leader, "supplychain:inputs", pack).get(0);
        assertThat(after.get("flagged").asBoolean()).isTrue();
        assertThat(after.get("supplierStatus").asText()).isEqualTo("Deprecated");
        assertThat(after.get("supersededBy").asText()).isEqualTo(successor.get("id").asText());
        assertThat(after.get("link").get("requestId").asText()).isEqualTo(id);
    }

    @Test
    void aFulfilmentWithAFootprintOfAnotherProductIsRefusedAndRecordsNothing() {
        LedgerIdentity leader = company(ANHUI, "leader5");
        LedgerIdentity supplier = company(GANSU, "supplier5");
        ObjectNode other = footprint("lithium-battery", "CN-GS");
        other.putArray("productIds").add("urn:gtin:04012345000015");
        record(supplier, other);
        String matching = footprintOf(supplier, "CN-GS");
        String id = request(leader, supplier);
        long height = ledger.height();

        ChaincodeRejection refusal = refused(ErrorCode.INVALID_ARGUMENT, supplier, "supplychain:fulfil", id,
                delivery(other.get("id").asText(), documentHash()));
        assertThat(refusal.getMessage()).startsWith("footprintId:").contains("urn:gtin:04012345000015")
                .contains("urn:gtin:06901234567892");
        assertThat(ledger.height()).as("no block for the refusal").isEqualTo(height);
        assertThat(evaluate(leader, "supplychain:get", id).get("status").asText()).isEqualTo("OPEN");
        assertThat(evaluate(leader, "supplychain:byDelivery", documentHash())).isEmpty();

        // The product id compares case-insensitively, as PACT's filters do.
        ObjectNode upper = opening(UUID.randomUUID().toString(), supplier, "URN:GTIN:06901234567892");
        submit(leader, "supplychain:request", json(upper));
        assertThat(submit(supplier, "supplychain:fulfil", upper.get("id").asText(), delivery(matching, documentHash()))
                .get("status").asText()).isEqualTo("FULFILLED");
    }

    @Test
    void inputsAndDownstreamAreShownOnlyToTheOrganisationsInvolved() {
        LedgerIdentity supplier = company(GANSU, "supplier6");
        LedgerIdentity otherSupplier = company(GREEN_BANK, "supplier6b");
        LedgerIdentity leader = company(ANHUI, "leader6");
        ObjectNode cell = footprint("lithium-battery", "CN-GS");
        record(supplier, cell);
        ObjectNode anode = footprint("lithium-battery", "CN-GS");
        record(otherSupplier, anode);
        String pack = footprintOf(leader, "CN-AH");
        for (ObjectNode input : List.of(cell, anode)) {
            LedgerIdentity from = input == cell ? supplier : otherSupplier;
            String id = request(leader, from);
            submit(from, "supplychain:fulfil", id, delivery(input.get("id").asText(), documentHash()));
            submit(leader, "supplychain:attach", pack, id);
        }
        String cellId = cell.get("id").asText();
        String anodeId = anode.get("id").asText();

        // The leader's organisation sees every input, whoever of it asks (a registry admin too).
        for (LedgerIdentity reader : List.of(leader, company(ANHUI, "colleague6"), admin(ANHUI))) {
            assertThat(evaluate(reader, "supplychain:inputs", pack).findValuesAsText("supplierFootprintId"))
                    .containsExactlyInAnyOrder(cellId, anodeId);
        }
        // A supplier's organisation sees only the link to its own footprint, not who else supplies the leader.
        JsonNode seenBySupplier = evaluate(supplier, "supplychain:inputs", pack);
        assertThat(seenBySupplier.findValuesAsText("supplierFootprintId")).containsExactly(cellId);
        assertThat(evaluate(admin(GANSU), "supplychain:inputs", pack).findValuesAsText("supplierFootprintId"))
                .containsExactly(cellId);
        assertThat(texts(evaluate(supplier, "supplychain:downstream", cellId))).containsExactly(pack);
        assertThat(texts(evaluate(leader, "supplychain:downstream", cellId))).containsExactly(pack);

        // Anyone else learns nothing of who supplies whom.
        LedgerIdentity stranger = bank(GREEN_BANK, "bank6");
        refusedQuery(ErrorCode.ACCESS_DENIED, stranger, "supplychain:downstream", cellId);
        refusedQuery(ErrorCode.ACCESS_DENIED, otherSupplier, "supplychain:downstream", cellId);
        assertThat(evaluate(stranger, "supplychain:inputs", pack).findValuesAsText("supplierFootprintId"))
                .as("the bank's organisation supplied the anode, so it sees that link only").containsExactly(anodeId);
        String unrelated = footprintOf(company(GANSU, "unrelated6"), "CN-GS");
        refusedQuery(ErrorCode.ACCESS_DENIED, stranger, "supplychain:inputs", unrelated);
        refusedQuery(ErrorCode.ACCESS_DENIED, leader, "supplychain:downstream", unrelated);
    }

    private static ObjectNode group(String id, String pactEventId, Object... suppliersAndIds) {
        ObjectNode g = JSON.createObjectNode();
        g.put("id", id);
        g.put("pactEventId", pactEventId);
        g.put("comment", "annual survey");
        var members = g.putArray("requests");
        for (int i = 0; i < suppliersAndIds.length; i += 2) {
            ObjectNode m = members.addObject();
            m.put("id", (String) suppliersAndIds[i + 1]);
            m.put("supplierId", ledgerId((LedgerIdentity) suppliersAndIds[i]));
            m.put("productId", "urn:gtin:06901234567892");
        }
        return g;
    }

    @Test
    void aRequestGroupOpensOneRequestPerSupplierAtOnceAndOnlyOnce() {
        LedgerIdentity partner = company(ANHUI, "partner7");
        LedgerIdentity first = company(GANSU, "supplier7a");
        LedgerIdentity second = company(ANHUI, "supplier7b");
        String groupId = UUID.randomUUID().toString();
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();

        long height = ledger.height();
        refused(ErrorCode.INVALID_ARGUMENT, partner, "supplychain:requestGroup",
                json(group(groupId, "evt-7", first, a, first, b)));
        refused(ErrorCode.INVALID_ARGUMENT, partner, "supplychain:requestGroup",
                json(group(groupId, "evt-7", first, a, partner, b)));
        refused(ErrorCode.INVALID_ARGUMENT, partner, "supplychain:requestGroup", json(group(groupId, "evt-7")));
        refused(ErrorCode.ACCESS_DENIED, bank(GREEN_BANK, "bank7"), "supplychain:requestGroup",
                json(group(groupId, "evt-7", first, a)));
        assertThat(ledger.height()).as("nothing half-opened").isEqualTo(height);
        refusedQuery(ErrorCode.NOT_FOUND, first, "supplychain:get", a);

        JsonNode opened = submit(partner, "supplychain:requestGroup", json(group(groupId, "evt-7", first, a, second, b)));
        assertThat(texts(opened.get("requestIds"))).containsExactly(a, b);
        assertThat(opened.get("requesterId").asText()).isEqualTo(ledgerId(partner));
        assertThat(evaluate(first, "supplychain:inbox").get(0).get("groupId").asText()).isEqualTo(groupId);
        assertThat(evaluate(second, "supplychain:inbox").get(0).get("pactEventId").asText()).isEqualTo("evt-7");
        assertThat(evaluate(partner, "supplychain:sent")).hasSize(2);
        refused(ErrorCode.ALREADY_EXISTS, partner, "supplychain:requestGroup",
                json(group(groupId, "evt-7", first, UUID.randomUUID().toString())));
        refused(ErrorCode.ALREADY_EXISTS, partner, "supplychain:requestGroup",
                json(group(UUID.randomUUID().toString(), "evt-7", first, a)));

        submit(first, "supplychain:reject", a, "not our product");
        JsonNode status = evaluate(partner, "supplychain:group", groupId);
        assertThat(status.get("requests").findValuesAsText("status")).containsExactly("REJECTED", "OPEN");
        refusedQuery(ErrorCode.ACCESS_DENIED, first, "supplychain:group", groupId);
        refusedQuery(ErrorCode.NOT_FOUND, partner, "supplychain:group", UUID.randomUUID().toString());
    }

    private static String receipt(String answerEventId, String status, String deliveredHash, String footprintId, String reason) {
        ObjectNode r = JSON.createObjectNode();
        r.put("answerEventId", answerEventId);
        r.put("status", status);
        r.put("deliveredHash", deliveredHash);
        r.put("reason", reason);
        if (footprintId != null) {
            ObjectNode one = r.putArray("received").addObject();
            one.put("footprintId", footprintId);
            one.put("documentHash", documentHash());
        }
        return json(r);
    }

    @Test
    void onlyThePartnerARequestWentToRecordsItsAnswerOnce() {
        LedgerIdentity leader = company(ANHUI, "leader8");
        LedgerIdentity partner = company(GANSU, "partner8");
        String id = UUID.randomUUID().toString();
        ObjectNode o = opening(id, partner, "urn:gtin:06901234567892");
        o.put("external", true);
        JsonNode open = submit(leader, "supplychain:request", json(o));
        assertThat(open.get("external").asBoolean()).isTrue();
        assertThat(open.get("pactEventId").asText()).as("asked with an event of the request's id").isEqualTo(id);

        String own = footprintOf(partner, "CN-GS");
        refused(ErrorCode.CONFLICT, partner, "supplychain:fulfil", id, delivery(own, documentHash()));
        refused(ErrorCode.CONFLICT, partner, "supplychain:reject", id, "not this way");
        refused(ErrorCode.ACCESS_DENIED, company(GANSU, "impostor8"), "supplychain:receive", id,
                receipt("evt-8", "FULFILLED", documentHash(), "pf-1", null));
        refused(ErrorCode.ACCESS_DENIED, leader, "supplychain:receive", id,
                receipt("evt-8", "FULFILLED", documentHash(), "pf-1", null));
        refused(ErrorCode.INVALID_ARGUMENT, partner, "supplychain:receive", id, receipt("evt-8", "FULFILLED", documentHash(), null, null));
        refused(ErrorCode.INVALID_ARGUMENT, partner, "supplychain:receive", id, receipt("evt-8", "REJECTED", null, null, null));
        refused(ErrorCode.INVALID_ARGUMENT, partner, "supplychain:receive", id, receipt("evt-8", "MAYBE", null, null, "x"));
        refused(ErrorCode.NOT_FOUND, partner, "supplychain:receive", UUID.randomUUID().toString(),
                receipt("evt-8", "REJECTED", null, null, "x"));

        String delivered = documentHash();
        String answer = receipt("evt-8", "FULFILLED", delivered, "pf-1", null);
        JsonNode done = submit(partner, "supplychain:receive", id, answer);
        assertThat(done.get("status").asText()).isEqualTo("FULFILLED");
        assertThat(done.get("deliveredHash").asText()).isEqualTo(delivered);
        assertThat(done.get("received").get(0).get("footprintId").asText()).isEqualTo("pf-1");
        assertThat(done.get("answerEventId").asText()).isEqualTo("evt-8");
        assertThat(texts(evaluate(leader, "supplychain:byDelivery", delivered))).containsExactly(id);
        assertThat(evaluate(leader, "supplychain:get", id).get("version").asInt()).isEqualTo(2);

        // The same answer again (a retried intake) changes nothing; another answer is refused.
        assertThat(submit(partner, "supplychain:receive", id, answer).get("version").asInt()).isEqualTo(2);
        refused(ErrorCode.CONFLICT, partner, "supplychain:receive", id, receipt("evt-9", "REJECTED", null, null, "NotFound: gone"));

        // A request a supplier here answers takes no partner's answer.
        String local = request(leader, partner);
        refused(ErrorCode.CONFLICT, partner, "supplychain:receive", local, receipt("evt-10", "REJECTED", null, null, "x"));
    }
}
