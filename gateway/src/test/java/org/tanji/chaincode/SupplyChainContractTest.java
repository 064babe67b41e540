package org.tanji.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.tanji.chaincode.support.ErrorCode;
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
}
