package org.tanji.chaincode.accreditation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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
 * Registry operators accredit certification bodies of their own organisation, suspend them and
 * withdraw them. Other contracts ask {@link #require} before accepting a certifier's write.
 */
@Contract(name = "accreditation", info = @Info(title = "Tanji accreditations", version = "1"))
public final class AccreditationContract implements ContractInterface {
    static final String TYPE = "tanji.accreditation";
    public static final String EVENT = "tanji.accreditation";

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String accredit(Context ctx, String requestJson) {
        Caller caller = Caller.of(ctx);
        caller.require(Caller.REGISTRY_ADMIN, "accrediting a certification body");
        AccreditationRequest request = CanonicalJson.parse(requestJson, AccreditationRequest.class);
        String certifierId = certifierId(request.certifierId());
        requireSameOrganisation(caller, certifierId);
        Check.required("name", request.name());
        List<String> categories = Check.scope("productCategories", request.productCategories());
        List<String> regions = Check.scope("regions", request.regions());
        State state = new State(ctx.getStub());
        String validUntil = null;
        if (request.validUntil() != null) {
            Instant until = Check.instant("validUntil", request.validUntil());
            Check.ordered("now", Instant.parse(state.now()), "validUntil", until);
            validUntil = until.toString();
        }
        String key = state.key(TYPE, certifierId);
        Accreditation previous = state.get(key, Accreditation.class);
        if (previous != null && Accreditation.WITHDRAWN.equals(previous.status())) {
            throw TanjiException.conflict("accreditation of " + certifierId + " was withdrawn; withdrawal is final");
        }
        Accreditation next = new Accreditation(certifierId, Caller.mspOf(certifierId), request.name(), categories, regions,
                Accreditation.ACTIVE, validUntil, Check.optional("reason", request.reason()),
                previous == null ? 1 : previous.version() + 1, caller.id(), state.now(), state.txId());
        state.put(key, next);
        state.emit(EVENT, Map.of("certifierId", certifierId, "status", next.status(), "version", next.version()));
        return CanonicalJson.string(next);
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String suspend(Context ctx, String certifierId, String reason) {
        return change(ctx, certifierId, reason, Accreditation.SUSPENDED);
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String withdraw(Context ctx, String certifierId, String reason) {
        return change(ctx, certifierId, reason, Accreditation.WITHDRAWN);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String get(Context ctx, String certifierId) {
        State state = new State(ctx.getStub());
        Accreditation a = state.get(state.key(TYPE, certifierId(certifierId)), Accreditation.class);
        if (a == null) {
            throw TanjiException.notFound("no accreditation for " + certifierId);
        }
        return CanonicalJson.string(a);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String history(Context ctx, String certifierId) {
        State state = new State(ctx.getStub());
        String key = state.key(TYPE, certifierId(certifierId));
        if (!state.exists(key)) {
            throw TanjiException.notFound("no accreditation for " + certifierId);
        }
        return CanonicalJson.string(state.history(key));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String list(Context ctx) {
        State state = new State(ctx.getStub());
        return CanonicalJson.string(state.indexed(TYPE, TYPE, Accreditation.class));
    }

    /**
     * Refuses unless {@code caller} holds an active accreditation covering the category and
     * geography at the transaction's time. Called inside other contracts' transactions, so the
     * accreditation read is part of their read set and a concurrent suspension invalidates them.
     */
    public static Accreditation require(Context ctx, Caller caller, String productCategory, String geography) {
        State state = new State(ctx.getStub());
        Accreditation a = state.get(state.key(TYPE, caller.id()), Accreditation.class);
        Instant at = ctx.getStub().getTxTimestamp();
        if (a == null) {
            throw new TanjiException(ErrorCode.NOT_ACCREDITED, caller.id() + " is not an accredited certification body");
        }
        if (!a.covers(productCategory, geography, at)) {
            throw new TanjiException(ErrorCode.NOT_ACCREDITED, caller.id() + " (accreditation " + a.status()
                    + ") is not accredited for category '" + productCategory + "' in '" + geography + "'");
        }
        return a;
    }

    private String change(Context ctx, String certifierId, String reason, String status) {
        Caller caller = Caller.of(ctx);
        caller.require(Caller.REGISTRY_ADMIN, "changing an accreditation");
        String id = certifierId(certifierId);
        requireSameOrganisation(caller, id);
        Check.required("reason", reason);
        State state = new State(ctx.getStub());
        String key = state.key(TYPE, id);
        Accreditation current = state.get(key, Accreditation.class);
        if (current == null) {
            throw TanjiException.notFound("no accreditation for " + id);
        }
        if (Accreditation.WITHDRAWN.equals(current.status())) {
            throw TanjiException.conflict("accreditation of " + id + " is already withdrawn");
        }
        if (status.equals(current.status())) {
            throw TanjiException.conflict("accreditation of " + id + " is already " + status);
        }
        Accreditation next = current.withStatus(status, reason, caller.id(), state.now(), state.txId());
        state.put(key, next);
        state.emit(EVENT, Map.of("certifierId", id, "status", status, "version", next.version()));
        return CanonicalJson.string(next);
    }

    private static String certifierId(String value) {
        Check.identifier("certifierId", value);
        if (!value.matches("^[A-Za-z0-9.-]{1,64}/[^/]{1,128}$")) {
            throw TanjiException.invalid("certifierId must be <mspId>/<certificate CN>, got \"" + value + "\"");
        }
        return value;
    }

    private static void requireSameOrganisation(Caller admin, String certifierId) {
        if (!admin.mspId().equals(Caller.mspOf(certifierId))) {
            throw TanjiException.denied("a registry of " + admin.mspId() + " may only accredit its own certification bodies, not "
                    + certifierId);
        }
    }
}
