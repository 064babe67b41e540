package org.tanji.chaincode.factor;


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
 * Anchors emission-factor sets. Only a registry admin publishes; a name and version is anchored
 * once, so a calculation that names it can always be reproduced against the same bytes.
 */
@Contract(name = "factorset", info = @Info(title = "Tanji emission-factor sets", version = "1"))
public final class FactorSetContract implements ContractInterface {
    static final String TYPE = "tanji.factorset";
    static final String BY_REGION = "tanji.factorset~region";
    /** Region attribute of sets that apply anywhere; not a valid region token, so it cannot collide. */
    static final String ANY_REGION = "*";
    public static final String EVENT = "tanji.factorset";

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String anchor(Context ctx, String anchorJson) {
        Caller caller = Caller.of(ctx);
        caller.require(Caller.REGISTRY_ADMIN, "publishing an emission-factor set");
        FactorSetAnchor a = CanonicalJson.parse(anchorJson, FactorSetAnchor.class);
        String name = Check.token("name", a.name());
        String version = Check.token("version", a.version());
        Check.required("publisher", a.publisher());
        Check.required("source", a.source());
        String region = a.region() == null ? null : Check.token("region", a.region());
        Validity validity = Validity.of(a.validFrom(), a.validTo());
        Check.documentHash("documentHash", a.documentHash());
        if (a.factorCount() == null || a.factorCount() < 1) {
            throw TanjiException.invalid("factorCount must be at least 1");
        }
        State state = new State(ctx.getStub());
        String key = state.key(TYPE, name, version);
        if (state.exists(key)) {
            throw new TanjiException(ErrorCode.ALREADY_EXISTS, "factor set " + name + " version " + version
                    + " is already anchored; versions are immutable, publish a correction as a new version");
        }
        FactorSetRecord record = new FactorSetRecord(name, version, a.publisher(), a.source(), region,
                validity.from().toString(), validity.to() == null ? null : validity.to().toString(), a.documentHash(),
                a.factorCount(), caller.id(), caller.mspId(), state.now(), state.txId());
        state.put(key, record);
        state.index(BY_REGION, region == null ? ANY_REGION : region, name, version);
        state.emitFields(EVENT, "name", name, "version", version, "documentHash", a.documentHash());
        return CanonicalJson.string(record);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String get(Context ctx, String name, String version) {
        return CanonicalJson.string(find(ctx, name, version));
    }

    /** Every anchored version of one set, in key order. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String versions(Context ctx, String name) {
        return CanonicalJson.string(new State(ctx.getStub()).values(TYPE, FactorSetRecord.class, Check.token("name", name)));
    }

    /** Every anchored set version; the gateway rebuilds its lookup index from this on start. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String list(Context ctx) {
        return CanonicalJson.string(new State(ctx.getStub()).values(TYPE, FactorSetRecord.class));
    }

    /** The set versions published for a region ({@code "*"}: those that apply anywhere). */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String byRegion(Context ctx, String region) {
        State state = new State(ctx.getStub());
        String wanted = ANY_REGION.equals(region) ? region : Check.token("region", region);
        java.util.List<FactorSetRecord> found = new java.util.ArrayList<>();
        try (var it = ctx.getStub().getStateByPartialCompositeKey(ctx.getStub().createCompositeKey(BY_REGION, wanted))) {
            for (var kv : it) {
                java.util.List<String> attrs = ctx.getStub().splitCompositeKey(kv.getKey()).getAttributes();
                found.add(state.get(state.key(TYPE, attrs.get(1), attrs.get(2)), FactorSetRecord.class));
            }
        } catch (Exception e) {
            throw new IllegalStateException("index scan " + BY_REGION + " failed", e);
        }
        return CanonicalJson.string(found);
    }

    /** An anchored set version, or NOT_FOUND. Used by other contracts in their transactions. */
    public static FactorSetRecord find(Context ctx, String name, String version) {
        State state = new State(ctx.getStub());
        FactorSetRecord record = state.get(state.key(TYPE, Check.token("name", name), Check.token("version", version)),
                FactorSetRecord.class);
        if (record == null) {
            throw TanjiException.notFound("factor set " + name + " version " + version + " is not anchored");
        }
        return record;
    }
}
