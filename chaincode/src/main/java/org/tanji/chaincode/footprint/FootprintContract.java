package org.tanji.chaincode.footprint;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.tanji.chaincode.accreditation.AccreditationContract;
import org.tanji.chaincode.greencert.GreenCertificateContract;
import org.tanji.chaincode.support.Caller;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.chaincode.support.Check;
import org.tanji.chaincode.support.ErrorCode;
import org.tanji.chaincode.support.State;
import org.tanji.chaincode.support.TanjiException;

/**
 * Records product footprints. Companies record their own; certifiers record verified results,
 * but only within their accreditation's scope. A replacement deprecates the footprints it names.
 */
@Contract(name = "footprint", info = @Info(title = "Tanji footprints", version = "1"))
public final class FootprintContract implements ContractInterface {
    public static final String TYPE = "tanji.footprint";
    static final String BY_PRODUCT = "tanji.footprint~product";
    static final String BY_SUBMITTER = "tanji.footprint~submitter";
    static final String BY_DOCUMENT = "tanji.footprint~document";
    public static final String EVENT = "tanji.footprint";

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String record(Context ctx, String submissionJson) {
        Caller caller = Caller.of(ctx);
        FootprintSubmission s = CanonicalJson.parse(submissionJson, FootprintSubmission.class);
        State state = new State(ctx.getStub());

        String id = Check.uuid("id", s.id());
        Check.documentHash("documentHash", s.documentHash());
        String category = Check.token("productCategory", s.productCategory());
        String geography = Check.token("geography", s.geography());
        Check.required("productName", s.productName());
        Check.required("companyName", s.companyName());
        List<String> productIds = Check.identifiers("productIds", s.productIds(), true);
        List<String> companyIds = Check.identifiers("companyIds", s.companyIds(), false);
        Check.required("declaredUnit", s.declaredUnit());
        Check.positive("declaredUnitAmount", s.declaredUnitAmount());
        BigDecimal value = Check.decimal("value", s.value());
        if (s.valueIncludingBiogenic() != null) {
            Check.decimal("valueIncludingBiogenic", s.valueIncludingBiogenic());
        }
        Instant start = Check.instant("referencePeriodStart", s.referencePeriodStart());
        Instant end = Check.instant("referencePeriodEnd", s.referencePeriodEnd());
        Check.ordered("referencePeriodStart", start, "referencePeriodEnd", end);
        List<String> standards = Check.identifiers("standards", s.standards(), true);
        Map<String, String> stages = stages(s.stages(), value);
        String consumedMwh = s.consumedMwh() == null ? null : Check.nonNegative("consumedMwh", s.consumedMwh()).toPlainString();
        if (consumedMwh == null && s.certificates() != null && !s.certificates().isEmpty()) {
            throw TanjiException.invalid("consumedMwh is required with certificates: it is the cap on what they may claim");
        }

        if (caller.is(Caller.CERTIFIER)) {
            AccreditationContract.require(ctx, caller, category, geography);
        } else if (!caller.is(Caller.COMPANY)) {
            throw TanjiException.denied("recording a footprint requires role company or certifier; caller " + caller.id()
                    + " has role '" + caller.role() + "'");
        }

        String key = state.key(TYPE, id);
        if (state.exists(key)) {
            throw new TanjiException(ErrorCode.ALREADY_EXISTS, "footprint " + id + " already exists; a change is a new id with precedingPfIds");
        }
        List<String> preceding = precedingFootprints(state, caller, s.precedingPfIds(), id);
        List<FootprintRecord> replaced = new ArrayList<>();
        for (String oldId : preceding) {
            String oldKey = state.key(TYPE, oldId);
            FootprintRecord old = state.get(oldKey, FootprintRecord.class);
            replaced.add(old);
            state.put(oldKey, old.deprecatedBy(id, state.now(), state.txId()));
        }
        Reduction reduction = Boolean.TRUE.equals(s.claimReduction())
                ? reduction(replaced, category, s.declaredUnit(), value) : null;

        FootprintRecord record = new FootprintRecord(id, 1, FootprintRecord.ACTIVE, s.documentHash(), category,
                s.productName(), s.companyName(), productIds, companyIds, s.declaredUnit(), s.declaredUnitAmount(),
                s.value(), s.valueIncludingBiogenic(), FootprintRecord.UNIT, s.referencePeriodStart(),
                s.referencePeriodEnd(), geography, standards, preceding, null, stages, caller.id(), caller.mspId(),
                caller.role(), state.now(), state.now(), state.txId(), reduction, consumedMwh);
        state.put(key, record);
        if (s.certificates() != null && !s.certificates().isEmpty()) {
            // Certificates a market-based calculation counted go on the ledger with the footprint,
            // in the same transaction: either both are recorded or neither.
            GreenCertificateContract.claimFor(state, caller, id, s.certificates(),
                    new GreenCertificateContract.Period(s.referencePeriodStart(), s.referencePeriodEnd()),
                    consumedMwh, BigDecimal.ZERO);
        }
        for (String productId : productIds) {
            state.index(BY_PRODUCT, productId, id);
        }
        state.index(BY_SUBMITTER, caller.id(), id);
        state.index(BY_DOCUMENT, s.documentHash(), id);
        state.emitFields(EVENT, "id", id, "deprecated", preceding, "documentHash", s.documentHash());
        return CanonicalJson.string(record);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String get(Context ctx, String id) {
        return CanonicalJson.string(find(ctx, id));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String history(Context ctx, String id) {
        State state = new State(ctx.getStub());
        String key = state.key(TYPE, Check.uuid("id", id));
        if (!state.exists(key)) {
            throw TanjiException.notFound("footprint " + id + " does not exist");
        }
        return CanonicalJson.string(state.history(key));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String byProduct(Context ctx, String productId) {
        State state = new State(ctx.getStub());
        return CanonicalJson.string(state.indexed(BY_PRODUCT, TYPE, FootprintRecord.class,
                Check.identifier("productId", productId)));
    }

    /** Ids of the footprints whose full document has this hash; the off-chain store's sweep asks before deleting. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String byDocument(Context ctx, String documentHash) {
        return CanonicalJson.string(new State(ctx.getStub()).lookup(BY_DOCUMENT, Check.documentHash("documentHash", documentHash)));
    }

    /** The current version of a footprint, or NOT_FOUND. Used by other contracts in their transactions. */
    public static FootprintRecord find(Context ctx, String id) {
        State state = new State(ctx.getStub());
        FootprintRecord record = state.get(state.key(TYPE, Check.uuid("footprintId", id)), FootprintRecord.class);
        if (record == null) {
            throw TanjiException.notFound("footprint " + id + " does not exist");
        }
        return record;
    }

    private static Map<String, String> stages(Map<String, String> stages, BigDecimal total) {
        if (stages == null || stages.isEmpty()) {
            return Map.of();
        }
        BigDecimal sum = BigDecimal.ZERO;
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> e : stages.entrySet()) {
            if (!LifecycleStage.wireNames().contains(e.getKey())) {
                throw TanjiException.invalid("stages: unknown lifecycle stage '" + e.getKey() + "'; expected one of "
                        + LifecycleStage.wireNames());
            }
            sum = sum.add(Check.decimal("stages." + e.getKey(), e.getValue()));
            sorted.put(e.getKey(), e.getValue());
        }
        if (sum.compareTo(total) != 0) {
            throw TanjiException.invalid("stages: the lifecycle stages add up to " + sum.toPlainString()
                    + " but the footprint value is " + total.toPlainString());
        }
        return sorted;
    }

    /**
     * The reduction a footprint claims against the version it replaces: only against exactly one
     * footprint of the same category and declared unit, and only when its value is lower.
     */
    private static Reduction reduction(List<FootprintRecord> replaced, String category, String declaredUnit, BigDecimal value) {
        if (replaced.size() != 1) {
            throw TanjiException.invalid("claimReduction: a reduction is claimed against exactly one preceding footprint;"
                    + " precedingPfIds names " + replaced.size());
        }
        FootprintRecord old = replaced.get(0);
        if (!old.productCategory().equals(category) || !old.declaredUnit().equals(declaredUnit)) {
            throw TanjiException.invalid("claimReduction: footprint " + old.id() + " is a " + old.productCategory() + " per "
                    + old.declaredUnit() + ", this one a " + category + " per " + declaredUnit
                    + "; a reduction compares the same category and declared unit");
        }
        BigDecimal before = new BigDecimal(old.value());
        if (before.signum() <= 0 || value.compareTo(before) >= 0) {
            throw TanjiException.invalid("claimReduction: the value " + value.toPlainString() + " is not lower than the "
                    + before.toPlainString() + " of footprint " + old.id() + "; there is no reduction to claim");
        }
        BigDecimal reduced = before.subtract(value);
        BigDecimal percent = reduced.multiply(BigDecimal.valueOf(100)).divide(before, 2, RoundingMode.HALF_EVEN);
        return new Reduction(old.id(), before.toPlainString(), value.toPlainString(), reduced.toPlainString(),
                percent.toPlainString());
    }

    private static List<String> precedingFootprints(State state, Caller caller, List<String> ids, String newId) {
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        List<String> checked = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String oldId = Check.uuid("precedingPfIds[" + i + "]", ids.get(i));
            if (oldId.equals(newId) || checked.contains(oldId)) {
                throw TanjiException.invalid("precedingPfIds[" + i + "] repeats " + oldId);
            }
            FootprintRecord old = state.get(state.key(TYPE, oldId), FootprintRecord.class);
            if (old == null) {
                throw TanjiException.notFound("precedingPfIds[" + i + "]: footprint " + oldId + " does not exist");
            }
            if (!old.submitterMsp().equals(caller.mspId())) {
                throw TanjiException.denied("footprint " + oldId + " belongs to " + old.submitterMsp()
                        + "; only its own organisation may supersede it");
            }
            if (!FootprintRecord.ACTIVE.equals(old.status())) {
                throw TanjiException.conflict("footprint " + oldId + " is already " + old.status() + " (superseded by "
                        + old.supersededBy() + ")");
            }
            checked.add(oldId);
        }
        return checked;
    }
}
