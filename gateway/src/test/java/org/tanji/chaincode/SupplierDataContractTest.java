package org.tanji.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.tanji.chaincode.support.ErrorCode;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.Submitted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code supplierdata:*}: a company anchors only a salted hash and the store id of its encrypted copy;
 * only the owner discloses it, once per counterparty; any member may read the anchor.
 */
class SupplierDataContractTest extends ContractTestSupport {

    private static ObjectNode anchoring(String id, String saltedHash, String storedHash) {
        ObjectNode a = JSON.createObjectNode();
        a.put("id", id);
        a.put("saltedHash", saltedHash);
        a.put("storedHash", storedHash);
        a.put("kind", "meter-readings");
        return a;
    }

    @Test
    void anAnchorHoldsHashesOnlyAndIsFoundByItsStoredCopy() throws Exception {
        LedgerIdentity supplier = company(GANSU, "meter-owner");
        String id = UUID.randomUUID().toString();
        String salted = documentHash();
        String stored = documentHash();
        Submitted tx = submitRaw(supplier, "supplierdata:anchor", json(anchoring(id, salted, stored)));
        JsonNode anchor = parse(tx.payload());
        assertThat(anchor.get("ownerId").asText()).isEqualTo(ledgerId(supplier));
        assertThat(anchor.get("saltedHash").asText()).isEqualTo(salted);
        assertThat(anchor.get("storedHash").asText()).isEqualTo(stored);
        assertThat(anchor.get("kind").asText()).isEqualTo("meter-readings");
        assertThat(anchor.get("disclosedTo")).isEmpty();
        assertThat(anchor.get("anchorTxId").asText()).isEqualTo(tx.txId());
        assertThat(awaitEventOf(tx.txId()).name()).isEqualTo("tanji.supplierdata");
        assertKeysSorted(anchor, "$");

        assertThat(evaluate(bank(GREEN_BANK, "reader"), "supplierdata:get", id).get("saltedHash").asText()).isEqualTo(salted);
        assertThat(texts(evaluate(supplier, "supplierdata:byStored", stored))).containsExactly(id);
        assertThat(evaluate(supplier, "supplierdata:byStored", salted)).as("indexed by the stored copy only").isEmpty();
        refusedQuery(ErrorCode.NOT_FOUND, supplier, "supplierdata:get", UUID.randomUUID().toString());
        refusedQuery(ErrorCode.INVALID_ARGUMENT, supplier, "supplierdata:byStored", "not-a-hash");
    }

    @Test
    void refusals() {
        LedgerIdentity supplier = company(GANSU, "meter-owner2");
        String id = UUID.randomUUID().toString();
        refused(ErrorCode.ACCESS_DENIED, bank(GREEN_BANK, "bank"), "supplierdata:anchor", json(anchoring(id, documentHash(), documentHash())));
        refused(ErrorCode.ACCESS_DENIED, certifier(GANSU, "cb"), "supplierdata:anchor", json(anchoring(id, documentHash(), documentHash())));
        refused(ErrorCode.INVALID_ARGUMENT, supplier, "supplierdata:anchor", json(anchoring(id, "the data itself", documentHash())));
        refused(ErrorCode.INVALID_ARGUMENT, supplier, "supplierdata:anchor", json(anchoring(id, documentHash(), "plain")));
        refused(ErrorCode.INVALID_ARGUMENT, supplier, "supplierdata:anchor", json(anchoring("not-a-uuid", documentHash(), documentHash())));
        ObjectNode noKind = anchoring(id, documentHash(), documentHash());
        noKind.remove("kind");
        refused(ErrorCode.INVALID_ARGUMENT, supplier, "supplierdata:anchor", json(noKind));
        submit(supplier, "supplierdata:anchor", json(anchoring(id, documentHash(), documentHash())));
        refused(ErrorCode.ALREADY_EXISTS, company(ANHUI, "other"), "supplierdata:anchor", json(anchoring(id, documentHash(), documentHash())));
    }

    @Test
    void onlyTheOwnerDisclosesOncePerCounterparty() {
        LedgerIdentity supplier = company(GANSU, "meter-owner3");
        LedgerIdentity leader = company(ANHUI, "leader");
        String id = UUID.randomUUID().toString();
        submit(supplier, "supplierdata:anchor", json(anchoring(id, documentHash(), documentHash())));

        refused(ErrorCode.ACCESS_DENIED, leader, "supplierdata:disclose", id, ledgerId(leader));
        refused(ErrorCode.INVALID_ARGUMENT, supplier, "supplierdata:disclose", id, "leader");
        refused(ErrorCode.NOT_FOUND, supplier, "supplierdata:disclose", UUID.randomUUID().toString(), ledgerId(leader));

        JsonNode disclosed = submit(supplier, "supplierdata:disclose", id, ledgerId(leader));
        assertThat(texts(disclosed.get("disclosedTo"))).containsExactly(ledgerId(leader));
        assertThat(disclosed.get("version").asInt()).isEqualTo(2);
        JsonNode again = submit(supplier, "supplierdata:disclose", id, ledgerId(leader));
        assertThat(again.get("version").asInt()).as("a second disclosure to the same party changes nothing").isEqualTo(2);
        JsonNode self = submit(supplier, "supplierdata:disclose", id, ledgerId(supplier));
        assertThat(texts(self.get("disclosedTo"))).containsExactly(ledgerId(leader));

        LedgerIdentity bank = bank(GREEN_BANK, "lender");
        JsonNode two = submit(supplier, "supplierdata:disclose", id, ledgerId(bank));
        assertThat(texts(two.get("disclosedTo"))).containsExactly(ledgerId(leader), ledgerId(bank));
        assertThat(evaluate(leader, "supplierdata:get", id).get("version").asInt()).isEqualTo(3);
    }
}
