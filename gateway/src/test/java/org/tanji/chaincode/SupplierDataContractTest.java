package org.tanji.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.tanji.chaincode.supplychain.SupplierDataContract;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.chaincode.support.ErrorCode;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.Submitted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code supplierdata:*}: a company anchors only a salted hash and the store id of its encrypted copy;
 * only the owner discloses it, once per counterparty; any member may read the anchor. The data itself
 * comes as transient data and is kept as private data of the organisations it is disclosed to.
 */
class SupplierDataContractTest extends ContractTestSupport {

    /** The data as the gateway sends it: the envelope as transient data, its salted hash as argument. */
    private record Data(byte[] content, byte[] envelope, String saltedHash) {
        static Data of(String text) {
            byte[] content = text.getBytes(StandardCharsets.UTF_8);
            byte[] salt = new byte[32];
            new java.security.SecureRandom().nextBytes(salt);
            byte[] envelope = CanonicalJson.bytes(new SupplierDataContract.Envelope(Base64.getEncoder().encodeToString(salt),
                    "text/csv", Base64.getEncoder().encodeToString(content)));
            return new Data(content, envelope, SupplierDataContract.saltedHash(salt, content));
        }

        Map<String, byte[]> transientData() {
            return Map.of(SupplierDataContract.TRANSIENT, envelope);
        }
    }

    private Submitted anchorData(LedgerIdentity owner, String id, Data data) {
        return submitTransient(owner, data.transientData(), "supplierdata:anchor",
                json(anchoring(id, data.saltedHash(), documentHash())));
    }

    // The embedded ledger's files (LedgerFiles): the hash-chained blocks, and the private values beside them.
    private Path blocksLog() {
        return dir.resolve("ledger").resolve("blocks.log");
    }

    private Path privateLog() {
        return dir.resolve("ledger").resolve("private.log");
    }

    private static boolean contains(Path file, byte[] needle) throws Exception {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                .contains(new String(needle, StandardCharsets.ISO_8859_1));
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

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
        Data data = Data.of("meter,kWh\nline-1,42\n");
        String salted = data.saltedHash();
        String stored = documentHash();
        Submitted tx = submitTransient(supplier, data.transientData(), "supplierdata:anchor", json(anchoring(id, salted, stored)));
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
        anchorData(supplier, id, Data.of("x"));
        refused(ErrorCode.ALREADY_EXISTS, company(ANHUI, "other"), "supplierdata:anchor", json(anchoring(id, documentHash(), documentHash())));
    }

    @Test
    void onlyTheOwnerDisclosesOncePerCounterparty() {
        LedgerIdentity supplier = company(GANSU, "meter-owner3");
        LedgerIdentity leader = company(ANHUI, "leader");
        String id = UUID.randomUUID().toString();
        anchorData(supplier, id, Data.of("x"));

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

    @Test
    void anchoringKeepsTheDataInTheOwnersOrganisationCollectionAndOnlyItsHashInTheBlock() throws Exception {
        LedgerIdentity supplier = company(GANSU, "private-owner");
        String id = UUID.randomUUID().toString();
        String marker = "PDC-MARKER-" + UUID.randomUUID();
        Data data = Data.of("meter,kWh\nline-3," + marker + ",18234.5\n");
        anchorData(supplier, id, data);

        assertThat(SupplierDataContract.collectionOf(GANSU)).isEqualTo("_implicit_org_GansuMSP");
        assertThat(contains(privateLog(), data.envelope())).as("the envelope in private.log").isTrue();
        assertThat(contains(privateLog(), SupplierDataContract.collectionOf(GANSU).getBytes(StandardCharsets.UTF_8)))
                .as("kept in the owner's implicit collection").isTrue();
        assertThat(contains(privateLog(), SupplierDataContract.collectionOf(ANHUI).getBytes(StandardCharsets.UTF_8)))
                .as("no other organisation's collection").isFalse();
        assertThat(contains(blocksLog(), sha256(data.envelope()))).as("the envelope's hash in the block").isTrue();
        assertThat(contains(blocksLog(), data.envelope())).as("the envelope in the block").isFalse();
        assertThat(contains(blocksLog(), marker.getBytes(StandardCharsets.UTF_8))).as("the data in the block").isFalse();
        assertThat(contains(blocksLog(), Base64.getEncoder().encodeToString(data.content()).getBytes(StandardCharsets.UTF_8)))
                .as("the data, base64, in the block").isFalse();
        JsonNode anchor = evaluate(supplier, "supplierdata:get", id);
        assertThat(anchor.toString()).doesNotContain(marker).doesNotContain("content").doesNotContain("salt\"");

        JsonNode read = evaluate(supplier, "supplierdata:read", id);
        assertThat(Base64.getDecoder().decode(read.get("content").asText())).isEqualTo(data.content());
        assertThat(read.get("mediaType").asText()).isEqualTo("text/csv");
        assertThat(SupplierDataContract.saltedHash(Base64.getDecoder().decode(read.get("salt").asText()), data.content()))
                .isEqualTo(anchor.get("saltedHash").asText());
    }

    @Test
    void aPrivateCopyThatNoLongerMatchesItsAnchorIsAnIntegrityFailureNotTheCallersError() throws Exception {
        LedgerIdentity supplier = company(GANSU, "tampered-owner");
        String id = UUID.randomUUID().toString();
        Data data = Data.of("meter,kWh\nline-5,200\n");
        anchorData(supplier, id, data);
        // Another chaincode on the same peer overwrites the copy, as a misbehaving peer could.
        Data forged = Data.of("meter,kWh\nline-5,2\n");
        submitTransient(supplier, Map.of("value", forged.envelope()), "embeddedkvtest:putPrivate",
                SupplierDataContract.collectionOf(GANSU), id);

        ChaincodeRejection e = refusedQuery(ErrorCode.INTEGRITY, supplier, "supplierdata:read", id);
        assertThat(e.getMessage()).contains("does not match the anchored salted hash " + data.saltedHash());
    }

    @Test
    void anchoringIsRefusedWithoutTheDataOrWithDataThatDoesNotMatchTheHash() throws Exception {
        LedgerIdentity supplier = company(GANSU, "careless-owner");
        String id = UUID.randomUUID().toString();
        Data data = Data.of("meter,kWh\nline-4,100\n");
        Data other = Data.of("meter,kWh\nline-4,999\n");

        refused(ErrorCode.INVALID_ARGUMENT, supplier, "supplierdata:anchor", json(anchoring(id, data.saltedHash(), documentHash())));
        ChaincodeRejection mismatch = refusedTransient(ErrorCode.INVALID_ARGUMENT, supplier, other.transientData(),
                "supplierdata:anchor", json(anchoring(id, data.saltedHash(), documentHash())));
        assertThat(mismatch.getMessage()).startsWith("saltedHash does not match");
        refusedTransient(ErrorCode.INVALID_ARGUMENT, supplier,
                Map.of(SupplierDataContract.TRANSIENT, "not json".getBytes(StandardCharsets.UTF_8)),
                "supplierdata:anchor", json(anchoring(id, data.saltedHash(), documentHash())));

        refusedQuery(ErrorCode.NOT_FOUND, supplier, "supplierdata:get", id);
        refusedQuery(ErrorCode.NOT_FOUND, supplier, "supplierdata:read", id);
        assertThat(contains(privateLog(), other.envelope())).as("nothing refused reaches private.log").isFalse();
        assertThat(contains(privateLog(), id.getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void disclosureCopiesTheDataToTheCounterpartysOrganisationAndOnlyThoseDisclosedToReadIt() throws Exception {
        LedgerIdentity supplier = company(GANSU, "sharing-owner");
        LedgerIdentity colleague = company(GANSU, "colleague");
        LedgerIdentity leader = company(ANHUI, "chain-leader");
        LedgerIdentity stranger = company(ANHUI, "stranger");
        String id = UUID.randomUUID().toString();
        Data data = Data.of("meter,kWh\nline-5,7\n");
        anchorData(supplier, id, data);

        refusedQuery(ErrorCode.NOT_FOUND, leader, "supplierdata:read", id);
        assertThat(contains(privateLog(), SupplierDataContract.collectionOf(ANHUI).getBytes(StandardCharsets.UTF_8))).isFalse();
        submit(supplier, "supplierdata:disclose", id, ledgerId(leader));
        assertThat(contains(privateLog(), SupplierDataContract.collectionOf(ANHUI).getBytes(StandardCharsets.UTF_8)))
                .as("copied into the counterparty's implicit collection").isTrue();
        assertThat(contains(blocksLog(), data.envelope())).isFalse();

        // The leader's read is served from Anhui's collection, the owner's from Gansu's.
        assertThat(Base64.getDecoder().decode(evaluate(leader, "supplierdata:read", id).get("content").asText()))
                .isEqualTo(data.content());
        assertThat(Base64.getDecoder().decode(evaluate(supplier, "supplierdata:read", id).get("content").asText()))
                .isEqualTo(data.content());
        ChaincodeRejection refusal = refusedQuery(ErrorCode.NOT_FOUND, stranger, "supplierdata:read", id);
        assertThat(refusal.getMessage()).doesNotContain("line-5");
        refusedQuery(ErrorCode.NOT_FOUND, colleague, "supplierdata:read", id);

        // A colleague in the owner's organisation reads the owner's collection; nothing is copied.
        submit(supplier, "supplierdata:disclose", id, ledgerId(colleague));
        assertThat(Base64.getDecoder().decode(evaluate(colleague, "supplierdata:read", id).get("content").asText()))
                .isEqualTo(data.content());
        refusedQuery(ErrorCode.NOT_FOUND, stranger, "supplierdata:read", id);
        refusedQuery(ErrorCode.NOT_FOUND, leader, "supplierdata:read", UUID.randomUUID().toString());
    }
}
