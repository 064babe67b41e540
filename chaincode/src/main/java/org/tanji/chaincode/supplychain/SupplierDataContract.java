package org.tanji.chaincode.supplychain;

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
 */
@Contract(name = "supplierdata", info = @Info(title = "Tanji supplier data anchors", version = "1"))
public final class SupplierDataContract implements ContractInterface {
    public static final String TYPE = "tanji.supplierdata";
    public static final String EVENT = "tanji.supplierdata";
    static final String BY_STORED = "tanji.supplierdata~stored";

    /** What a supplier sends to anchor data: never the data, only its salted hash. */
    public record Anchoring(String id, String saltedHash, String storedHash, String kind) {
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
        state.put(key, anchor);
        state.index(BY_STORED, anchor.storedHash(), id);
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
        emit(state, next);
        return CanonicalJson.string(next);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String get(Context ctx, String id) {
        return CanonicalJson.string(find(new State(ctx.getStub()), id));
    }

    /**
     * The ids of the anchors whose encrypted copy is the stored document with this hash, for the store's
     * orphan sweep. It reveals no more than the store id, which is the hash of ciphertext.
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String byStored(Context ctx, String storedHash) {
        return CanonicalJson.string(new State(ctx.getStub()).lookup(BY_STORED, Check.documentHash("storedHash", storedHash)));
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
