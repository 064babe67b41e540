package org.tanji.chaincode.supplychain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.tanji.chaincode.support.Caller;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.chaincode.support.Check;
import org.tanji.chaincode.support.ErrorCode;
import org.tanji.chaincode.support.State;
import org.tanji.chaincode.support.TanjiException;

/**
 * Anchors of suppliers' confidential data: only a salted hash goes on the channel, and the list of
 * counterparties the supplier disclosed the data to. Any member may read an anchor, since it reveals
 * nothing; only its owner may disclose it.
 *
 * <p>The data itself (with its salt) is kept as Fabric private data in the implicit collection of
 * the owner's organisation, and copied into a counterparty's organisation's collection when it is
 * disclosed to it. It reaches the chaincode only as transient data, which Fabric keeps out of the
 * block; the block carries the hash of each private value, never the value.
 */
@Contract(name = "supplierdata", info = @Info(title = "Tanji supplier data anchors", version = "1"))
public final class SupplierDataContract implements ContractInterface {
    public static final String TYPE = "tanji.supplierdata";
    public static final String EVENT = "tanji.supplierdata";
    static final String BY_STORED = "tanji.supplierdata~stored";

    /** The transient entry of {@link #anchor} that holds the {@link Envelope}. */
    public static final String TRANSIENT = "supplierdata";
    private static final String IMPLICIT_COLLECTION_PREFIX = "_implicit_org_";

    /** What a supplier sends to anchor data: never the data, only its salted hash. */
    public record Anchoring(String id, String saltedHash, String storedHash, String kind) {
    }

    /**
     * The data as the private collections keep it: the salt and the exact bytes, both base64, and
     * the media type. It is never an argument (arguments are written into the block), only
     * transient data and private data.
     */
    public record Envelope(String salt, String mediaType, String content) {
    }

    /**
     * The implicit private data collection of an organisation. Fabric defines one per organisation
     * on every channel ({@code _implicit_org_<mspId>}), disseminated to that organisation's peers
     * only, so it needs no collection-config file in the chaincode definition; its endorsement
     * policy is that organisation's peers.
     */
    public static String collectionOf(String mspId) {
        return IMPLICIT_COLLECTION_PREFIX + mspId;
    }

    /** {@code sha256:<hex>} of the salt followed by the exact bytes of the data: what is anchored. */
    public static String saltedHash(byte[] salt, byte[] content) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return "sha256:" + HexFormat.of().formatHex(sha.digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String anchor(Context ctx, String anchoringJson) {
        Caller caller = Caller.of(ctx);
        caller.require(Caller.COMPANY, "anchoring supplier data");
        Anchoring a = CanonicalJson.parse(anchoringJson, Anchoring.class);
        State state = new State(ctx.getStub());
        String id = Check.uuid("id", a.id());
        String key = state.key(TYPE, id);
        if (state.exists(key)) {
            throw new TanjiException(ErrorCode.ALREADY_EXISTS, "supplier data " + id + " is already anchored");
        }
        SupplierDataAnchor anchor = new SupplierDataAnchor(id, 1, caller.id(), caller.mspId(),
                Check.documentHash("saltedHash", a.saltedHash()), Check.documentHash("storedHash", a.storedHash()),
                Check.token("kind", a.kind()), List.of(), state.now(), state.txId(), state.now(), state.txId());
        byte[] envelope = transientEnvelope(ctx, anchor.saltedHash());
        state.put(key, anchor);
        state.index(BY_STORED, anchor.storedHash(), id);
        ctx.getStub().putPrivateData(collectionOf(caller.mspId()), id, envelope);
        emit(state, anchor);
        return CanonicalJson.string(anchor);
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String disclose(Context ctx, String id, String counterpartyId) {
        Caller caller = Caller.of(ctx);
        State state = new State(ctx.getStub());
        SupplierDataAnchor anchor = find(state, id);
        if (!caller.id().equals(anchor.ownerId())) {
            throw TanjiException.denied("only " + anchor.ownerId() + " may disclose supplier data " + id);
        }
        String to = SupplyChainContract.ledgerId("counterpartyId", counterpartyId);
        if (anchor.disclosedTo().contains(to) || to.equals(anchor.ownerId())) {
            return CanonicalJson.string(anchor);
        }
        SupplierDataAnchor next = anchor.disclosedTo(to, state.now(), state.txId());
        state.put(state.key(TYPE, id), next);
        String toMsp = Caller.mspOf(to);
        if (!toMsp.equals(caller.mspId())) {
            // On Fabric this write needs an endorsement by a peer of the counterparty's organisation
            // too (an implicit collection's endorsement policy is its organisation's peers), so the
            // Fabric adapter (issue 3) must send the proposal to a peer of each of the two. Data
            // anchored before private data was kept has no copy to pass on: it is read from the store.
            byte[] envelope = ctx.getStub().getPrivateData(collectionOf(caller.mspId()), id);
            if (envelope != null && envelope.length > 0) {
                ctx.getStub().putPrivateData(collectionOf(toMsp), id, envelope);
            }
        }
        emit(state, next);
        return CanonicalJson.string(next);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String get(Context ctx, String id) {
        return CanonicalJson.string(find(new State(ctx.getStub()), id));
    }

    /**
     * The {@link Envelope} of the data, for its owner or a counterparty it was disclosed to, from the
     * caller's own organisation's collection (the one its peer holds). Anyone else is told it is not
     * found, as the gateway tells them: whether undisclosed data exists is not their business.
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String read(Context ctx, String id) {
        Caller caller = Caller.of(ctx);
        SupplierDataAnchor anchor = find(new State(ctx.getStub()), id);
        if (!caller.id().equals(anchor.ownerId()) && !anchor.disclosedTo().contains(caller.id())) {
            throw TanjiException.notFound("no supplier data " + id + " disclosed to " + caller.id());
        }
        String collection = collectionOf(caller.mspId());
        byte[] envelope = ctx.getStub().getPrivateData(collection, id);
        if (envelope == null || envelope.length == 0) {
            throw TanjiException.notFound("supplier data " + id + " has no private copy in " + collection);
        }
        Envelope e = CanonicalJson.read(envelope, Envelope.class);
        if (!saltedHash(e).equals(anchor.saltedHash())) {
            // Not the caller's fault: the copy this peer holds is not what was anchored.
            throw new TanjiException(ErrorCode.INTEGRITY, "the private copy of supplier data " + id + " in " + collection
                    + " does not match the anchored salted hash " + anchor.saltedHash());
        }
        return new String(envelope, StandardCharsets.UTF_8);
    }

    /**
     * The ids of the anchors whose encrypted copy is the stored document with this hash, for the store's
     * orphan sweep. It reveals no more than the store id, which is the hash of ciphertext.
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String byStored(Context ctx, String storedHash) {
        return CanonicalJson.string(new State(ctx.getStub()).lookup(BY_STORED, Check.documentHash("storedHash", storedHash)));
    }

    /**
     * The envelope of the {@link #TRANSIENT} entry, checked against the salted hash to be anchored and
     * in canonical form, so what the collection keeps is exactly what the hash was computed over.
     */
    private static byte[] transientEnvelope(Context ctx, String saltedHash) {
        byte[] bytes = ctx.getStub().getTransient().get(TRANSIENT);
        if (bytes == null || bytes.length == 0) {
            throw TanjiException.invalid(TRANSIENT + ": the data must come as transient entry '" + TRANSIENT
                    + "' (salt, mediaType, content), never as an argument");
        }
        Envelope e = CanonicalJson.parse(new String(bytes, StandardCharsets.UTF_8), Envelope.class);
        Check.required(TRANSIENT + ".mediaType", e.mediaType());
        if (!saltedHash(e).equals(saltedHash)) {
            throw TanjiException.invalid("saltedHash does not match the salt and content of transient entry '" + TRANSIENT + "'");
        }
        return CanonicalJson.bytes(e);
    }

    private static String saltedHash(Envelope e) {
        return saltedHash(base64(TRANSIENT + ".salt", e.salt()), base64(TRANSIENT + ".content", e.content()));
    }

    private static byte[] base64(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw TanjiException.invalid(field + " is required");
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw TanjiException.invalid(field + " is not base64");
        }
    }

    private static SupplierDataAnchor find(State state, String id) {
        SupplierDataAnchor anchor = state.get(state.key(TYPE, Check.uuid("id", id)), SupplierDataAnchor.class);
        if (anchor == null) {
            throw TanjiException.notFound("supplier data " + id + " is not anchored");
        }
        return anchor;
    }

    private static void emit(State state, SupplierDataAnchor anchor) {
        state.emitFields(EVENT, "id", anchor.id(), "ownerId", anchor.ownerId(), "version", anchor.version());
    }
}
