package org.tanji.gateway.supplierdata;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.tanji.chaincode.supplychain.SupplierDataAnchor;
import org.tanji.chaincode.supplychain.SupplierDataContract;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.LedgerJson;
import org.tanji.gateway.problem.ApiException;
import org.tanji.gateway.store.DocumentStore;

import com.fasterxml.jackson.databind.JsonNode;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Anchoring, disclosing and checking suppliers' confidential data. The order keeps the two stores
 * consistent as elsewhere: the encrypted copy is stored first, under its hash, then the ledger
 * anchors the salted hash and names that copy, then the copy is marked anchored.
 *
 * <p>The data is kept twice, never on the channel: encrypted in the store with the owner's key, and
 * as Fabric private data of the owner's organisation (and of each organisation it is disclosed to),
 * which the chaincode receives as transient data. Reads come from the private data; the store's copy
 * is the backup, and the only copy of data anchored before the ledger kept private data.
 *
 * <p>The salt is what makes the hash safe to publish: without it, a small document (a meter
 * reading) could be found by hashing guesses. It travels only with the data, to the counterparties
 * the data is disclosed to.
 */
@Service
public class SupplierDataService {
    static final String KIND = "supplier-data";
    private final Ledger ledger;
    private final DocumentStore documents;
    private final SupplierKeys keys;
    private final SecureRandom random = new SecureRandom();

    public SupplierDataService(Ledger ledger, DocumentStore documents, SupplierKeys keys) {
        this.ledger = ledger;
        this.documents = documents;
        this.keys = keys;
    }

    /** What the owner learns once its data is anchored. */
    public record Anchored(String id, String saltedHash, String txId, long blockNumber) {
    }

    /** The data as the owner or a disclosed counterparty reads it; {@code content} and {@code salt} in base64. */
    public record Disclosed(String id, String ownerId, String kind, String mediaType, String content, String salt,
                            String saltedHash, String anchorTxId) {
    }

    /** The answer of a check. */
    public record Check(boolean matches, String saltedHash, String txId, Long blockNumber, String anchoredAt, String message) {
    }

    public Mono<Anchored> anchor(LedgerIdentity owner, String ownerId, String kind, String mediaType, byte[] content) {
        if (content == null || content.length == 0) {
            return Mono.error(ApiException.badRequest("body", "is empty; send the data as the request body"));
        }
        String id = UUID.randomUUID().toString();
        byte[] salt = new byte[32];
        random.nextBytes(salt);
        String saltedHash = SupplierDataContract.saltedHash(salt, content);
        return Mono.fromCallable(() -> CanonicalJson.bytes(new SupplierDataContract.Envelope(
                        Base64.getEncoder().encodeToString(salt), mediaType, Base64.getEncoder().encodeToString(content))))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(plain -> documents.put(KIND, sealed(ownerId, id, plain), "application/json")
                        // The plain envelope goes as transient data: the chaincode keeps it as private data of
                        // the owner's organisation, and arguments would be written into the block.
                        .flatMap(stored -> ledger.submit(owner, "supplierdata:anchor", List.of(CanonicalJson.string(
                                        new SupplierDataContract.Anchoring(id, saltedHash, stored.id(), kind))),
                                        Map.of(SupplierDataContract.TRANSIENT, plain))
                                .onErrorResume(ChaincodeRejection.class, e -> documents.deleteIfUnanchored(stored.id()).then(Mono.error(e)))
                                .flatMap(tx -> documents.markAnchored(stored.id(), tx.txId()).thenReturn(tx))))
                .map(tx -> new Anchored(id, saltedHash, tx.txId(), tx.blockNumber()));
    }

    public Mono<SupplierDataAnchor> disclose(LedgerIdentity owner, String id, String counterpartyId) {
        return ledger.submit(owner, "supplierdata:disclose", List.of(id, counterpartyId == null ? "" : counterpartyId))
                .map(tx -> LedgerJson.read(tx.payload(), SupplierDataAnchor.class));
    }

    /**
     * The data for its owner or a counterparty it was disclosed to; 404 for anyone else. It comes from
     * the private data of the reader's organisation; data anchored before the ledger kept private
     * data has no private copy there, and is decrypted from the store instead.
     */
    public Mono<Disclosed> read(LedgerIdentity reader, String readerId, String id) {
        return anchorOf(reader, id).flatMap(anchor -> {
            if (!readerId.equals(anchor.ownerId()) && !anchor.disclosedTo().contains(readerId)) {
                // Not "forbidden": whether undisclosed data exists is itself not the caller's business.
                return Mono.error(ApiException.notFound("no supplier data " + id + " disclosed to you"));
            }
            return ledger.evaluate(reader, "supplierdata:read", List.of(id))
                    .onErrorResume(e -> e instanceof ChaincodeRejection r && "NOT_FOUND".equals(r.code()), e -> storedCopy(anchor))
                    .map(plain -> {
                        JsonNode p = LedgerJson.tree(plain);
                        return new Disclosed(id, anchor.ownerId(), anchor.kind(), p.get("mediaType").asText(),
                                p.get("content").asText(), p.get("salt").asText(), anchor.saltedHash(), anchor.anchorTxId());
                    });
        });
    }

    /** The plain envelope decrypted from the store's copy. */
    private Mono<byte[]> storedCopy(SupplierDataAnchor anchor) {
        return documents.get(anchor.storedHash())
                .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.INTERNAL_SERVER_ERROR,
                        "the encrypted copy of supplier data " + anchor.id() + " is missing from the store")))
                .publishOn(Schedulers.boundedElastic())
                .map(doc -> opened(anchor, doc.content()));
    }

    /** Whether {@code content} with {@code salt} is what was anchored, and where. */
    public Mono<Check> check(LedgerIdentity reader, String id, byte[] content, byte[] salt) {
        return anchorOf(reader, id).flatMap(anchor -> {
            if (!SupplierDataContract.saltedHash(salt, content).equals(anchor.saltedHash())) {
                return Mono.just(new Check(false, anchor.saltedHash(), null, null, null, "does not match"));
            }
            return ledger.proof(anchor.anchorTxId()).map(p -> new Check(true, anchor.saltedHash(), anchor.anchorTxId(),
                    p.blockNumber(), anchor.anchoredAt(), "matches, anchored at tx " + anchor.anchorTxId() + " block "
                            + p.blockNumber()));
        });
    }

    private Mono<SupplierDataAnchor> anchorOf(LedgerIdentity reader, String id) {
        return ledger.evaluate(reader, "supplierdata:get", List.of(id))
                .map(payload -> LedgerJson.read(payload, SupplierDataAnchor.class));
    }

    /** The store's copy: the plain envelope sealed with the owner's key. */
    private byte[] sealed(String ownerId, String id, byte[] plain) {
        SupplierKeys.Sealed sealed = keys.seal(ownerId, id, plain);
        Map<String, String> envelope = new LinkedHashMap<>();
        envelope.put("alg", "A256GCM");
        envelope.put("id", id);
        envelope.put("nonce", Base64.getEncoder().encodeToString(sealed.nonce()));
        envelope.put("ciphertext", Base64.getEncoder().encodeToString(sealed.ciphertext()));
        return CanonicalJson.bytes(envelope);
    }

    private byte[] opened(SupplierDataAnchor anchor, byte[] envelope) {
        JsonNode e = LedgerJson.tree(envelope);
        return keys.open(anchor.ownerId(), anchor.id(), new SupplierKeys.Sealed(
                Base64.getDecoder().decode(e.get("nonce").asText()), Base64.getDecoder().decode(e.get("ciphertext").asText())));
    }
}
