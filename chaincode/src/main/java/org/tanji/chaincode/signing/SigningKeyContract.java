package org.tanji.chaincode.signing;

import java.time.Instant;
import java.util.Base64;
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
 * Certifiers' label-signing keys. A certifier registers its own public keys; registering one
 * retires its previous active key (rotation), so it has at most one active key, which a grant
 * records on the label. The owner, or a registry admin of the owner's organisation, revokes a key
 * from the time it was compromised: labels signed from then on are void, earlier ones stay valid.
 */
@Contract(name = "signingkey", info = @Info(title = "Tanji certifier signing keys", version = "1"))
public final class SigningKeyContract implements ContractInterface {
    static final String TYPE = "tanji.signingkey";
    static final String BY_OWNER = "tanji.signingkey~owner";
    static final String ACTIVE = "tanji.signingkey.active";
    public static final String EVENT = "tanji.signingkey";
    /** In the CONFLICT refusal of a grant by a certifier without an active key, for gateways to recognise. */
    public static final String NO_ACTIVE_KEY = "has no active signing key";

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String register(Context ctx, String requestJson) {
        Caller caller = Caller.of(ctx);
        caller.require(Caller.CERTIFIER, "registering a signing key");
        KeyRegistration request = CanonicalJson.parse(requestJson, KeyRegistration.class);
        String alg = PublicKeys.alg(request.alg());
        byte[] der = PublicKeys.checked(alg, request.publicKey());
        String kid = PublicKeys.kid(der);
        State state = new State(ctx.getStub());
        SigningKey existing = state.get(state.key(TYPE, kid), SigningKey.class);
        if (existing != null) {
            throw new TanjiException(ErrorCode.ALREADY_EXISTS, "signing key " + kid + " is already registered"
                    + (existing.ownerId().equals(caller.id()) ? "" : " by another certifier") + "; a key is registered once");
        }
        String activeKey = state.key(ACTIVE, caller.id());
        String retiredKid = null;
        SigningKey previous = active(ctx, state, caller.id());
        if (previous != null) {
            state.put(state.key(TYPE, previous.kid()), previous.retired(state.now(), state.txId()));
            retiredKid = previous.kid();
        }
        SigningKey key = new SigningKey(kid, caller.id(), caller.mspId(), alg, Base64.getEncoder().encodeToString(der),
                SigningKey.ACTIVE, state.now(), null, null, null, null, null, 1, state.txId());
        state.put(state.key(TYPE, kid), key);
        state.index(BY_OWNER, caller.id(), kid);
        ctx.getStub().putState(activeKey, kid.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        state.emitFields(EVENT, "kid", kid, "ownerId", key.ownerId(), "status", key.status(), "retiredKid", retiredKid);
        return CanonicalJson.string(key);
    }

    /**
     * Revokes a key. {@code compromisedSince} (RFC 3339, may be empty) is when the key stopped
     * being trustworthy; it defaults to now and may be neither in the future nor before the key
     * was registered.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String revoke(Context ctx, String kid, String reason, String compromisedSince) {
        Caller caller = Caller.of(ctx);
        State state = new State(ctx.getStub());
        SigningKey key = find(state, kid);
        boolean owner = caller.is(Caller.CERTIFIER) && caller.id().equals(key.ownerId());
        boolean registry = caller.is(Caller.REGISTRY_ADMIN) && caller.mspId().equals(key.mspId());
        if (!owner && !registry) {
            throw TanjiException.denied(caller.id() + " may not revoke signing key " + kid + "; only its owner "
                    + key.ownerId() + " or a registry admin of " + key.mspId() + " may");
        }
        String why = Check.required("reason", reason);
        if (SigningKey.REVOKED.equals(key.status())) {
            throw TanjiException.conflict("signing key " + kid + " is already revoked");
        }
        Instant now = Instant.parse(state.now());
        Instant since = now;
        if (compromisedSince != null && !compromisedSince.isEmpty()) {
            since = Check.instant("compromisedSince", compromisedSince);
            if (since.isAfter(now)) {
                throw TanjiException.invalid("compromisedSince must not be in the future (now is " + now + ")");
            }
            if (since.isBefore(Instant.parse(key.createdAt()))) {
                throw TanjiException.invalid("compromisedSince must not be before the key was registered at " + key.createdAt());
            }
        }
        SigningKey revoked = key.revoked(state.now(), since.toString(), why, caller.id(), state.txId());
        state.put(state.key(TYPE, kid), revoked);
        String activeKey = state.key(ACTIVE, key.ownerId());
        if (SigningKey.ACTIVE.equals(key.status())) {
            ctx.getStub().delState(activeKey);
        }
        state.emitFields(EVENT,
                "kid", kid, "ownerId", key.ownerId(), "status", revoked.status(),
                "compromisedSince", revoked.compromisedSince());
        return CanonicalJson.string(revoked);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String get(Context ctx, String kid) {
        return CanonicalJson.string(find(new State(ctx.getStub()), kid));
    }

    /** Oldest registration first; key id breaks ties. */
    private static final java.util.Comparator<SigningKey> ORDER =
            java.util.Comparator.comparing((SigningKey k) -> Instant.parse(k.createdAt())).thenComparing(SigningKey::kid);

    /** Every key ever registered, oldest first: what the public key set (JWKS) is made of. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String list(Context ctx) {
        State state = new State(ctx.getStub());
        List<SigningKey> all = state.indexed(TYPE, TYPE, SigningKey.class);
        all.sort(ORDER);
        return CanonicalJson.string(all);
    }

    /** Every key of one certifier ({@code <mspId>/<CN>}), oldest registration first. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String listOf(Context ctx, String ownerId) {
        State state = new State(ctx.getStub());
        List<SigningKey> keys = state.indexed(BY_OWNER, TYPE, SigningKey.class, Check.identifier("ownerId", ownerId));
        keys.sort(ORDER);
        return CanonicalJson.string(keys);
    }

    /** The owner's active key; NOT_FOUND if it has none. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String activeOf(Context ctx, String ownerId) {
        SigningKey key = active(ctx, new State(ctx.getStub()), Check.identifier("ownerId", ownerId));
        if (key == null) {
            throw TanjiException.notFound(ownerId + " has no active signing key");
        }
        return CanonicalJson.string(key);
    }

    /**
     * The key id of the caller's active key, for a grant to record. Read inside the grant's
     * transaction, so a concurrent rotation or revocation invalidates the grant at commit.
     */
    public static String requireActive(Context ctx, Caller caller) {
        SigningKey key = active(ctx, new State(ctx.getStub()), caller.id());
        if (key == null) {
            throw TanjiException.conflict(caller.id() + " " + NO_ACTIVE_KEY + "; register one (signingkey:register, "
                    + "POST /api/v1/signing-keys) before granting");
        }
        return key.kid();
    }

    private static SigningKey active(Context ctx, State state, String ownerId) {
        byte[] kid = ctx.getStub().getState(state.key(ACTIVE, ownerId));
        return kid == null || kid.length == 0 ? null : state.get(state.key(TYPE, State.utf8(kid)), SigningKey.class);
    }

    private static SigningKey find(State state, String kid) {
        Check.required("kid", kid);
        if (!PublicKeys.isKid(kid)) {
            throw TanjiException.notFound("no signing key " + kid);
        }
        SigningKey key = state.get(state.key(TYPE, kid), SigningKey.class);
        if (key == null) {
            throw TanjiException.notFound("no signing key " + kid);
        }
        return key;
    }
}
