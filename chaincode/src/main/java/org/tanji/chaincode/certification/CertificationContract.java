package org.tanji.chaincode.certification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.tanji.chaincode.accreditation.Accreditation;
import org.tanji.chaincode.accreditation.AccreditationContract;
import org.tanji.chaincode.benchmark.BenchmarkContract;
import org.tanji.chaincode.benchmark.BenchmarkRecord;
import org.tanji.chaincode.factor.Validity;
import org.tanji.chaincode.footprint.FootprintContract;
import org.tanji.chaincode.footprint.FootprintRecord;
import org.tanji.chaincode.signing.SigningKeyContract;
import org.tanji.chaincode.support.Caller;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.chaincode.support.Check;
import org.tanji.chaincode.support.ErrorCode;
import org.tanji.chaincode.support.State;
import org.tanji.chaincode.support.TanjiException;

/**
 * Certification decisions and the labels they issue. Only an accredited certifier may grant or
 * renew within its scope; the granting certifier, or a registry admin of its organisation, may
 * suspend or revoke. A revocation is final. A grant or renewal takes its grade from the benchmark
 * valid on the decision's day, or is refused when none applies.
 */
@Contract(name = "certification", info = @Info(title = "Tanji certifications and labels", version = "1"))
public final class CertificationContract implements ContractInterface {
    public static final String TYPE = "tanji.label";
    static final String BY_FOOTPRINT = "tanji.label~footprint";
    public static final String EVENT = "tanji.label";

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String decide(Context ctx, String requestJson) {
        Caller caller = Caller.of(ctx);
        DecisionRequest request = CanonicalJson.parse(requestJson, DecisionRequest.class);
        Decision decision = decision(request.decision());
        State state = new State(ctx.getStub());
        LabelRecord label = switch (decision) {
            case GRANTED -> grant(ctx, state, caller, request);
            case SUSPENDED, REVOKED, RENEWED -> change(ctx, state, caller, request, decision);
        };
        state.put(state.key(TYPE, label.labelId()), label);
        state.emitFields(EVENT,
                "labelId", label.labelId(), "footprintId", label.footprintId(), "decision", label.decision(),
                "status", label.status(), "version", label.version());
        return CanonicalJson.string(label);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getLabel(Context ctx, String labelId) {
        return CanonicalJson.string(find(new State(ctx.getStub()), labelId));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String history(Context ctx, String labelId) {
        State state = new State(ctx.getStub());
        find(state, labelId);
        return CanonicalJson.string(state.history(state.key(TYPE, labelId)));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String labelsOfFootprint(Context ctx, String footprintId) {
        State state = new State(ctx.getStub());
        return CanonicalJson.string(state.indexed(BY_FOOTPRINT, TYPE, LabelRecord.class,
                Check.uuid("footprintId", footprintId)));
    }

    private LabelRecord grant(Context ctx, State state, Caller caller, DecisionRequest r) {
        caller.require(Caller.CERTIFIER, "granting a certification");
        String labelId = Check.labelId("labelId", r.labelId());
        FootprintRecord footprint = FootprintContract.find(ctx, r.footprintId());
        if (!FootprintRecord.ACTIVE.equals(footprint.status())) {
            throw TanjiException.conflict("footprint " + footprint.id() + " is " + footprint.status()
                    + "; certify its successor " + footprint.supersededBy());
        }
        Accreditation accreditation = AccreditationContract.require(ctx, caller, footprint.productCategory(), footprint.geography());
        String grade = grade(ctx, footprint, r.grade());
        Instant until = Check.instant("validUntil", r.validUntil());
        Check.ordered("now", ctx.getStub().getTxTimestamp(), "validUntil", until);
        if (state.exists(state.key(TYPE, labelId))) {
            throw new TanjiException(ErrorCode.ALREADY_EXISTS, "label " + labelId + " already exists");
        }
        String gtin = Check.gtin("gtin", r.gtin());
        String signingKeyId = SigningKeyContract.requireActive(ctx, caller);
        state.index(BY_FOOTPRINT, footprint.id(), labelId);
        return new LabelRecord(labelId, footprint.id(), 1, Decision.GRANTED.name(), LabelRecord.VALID, grade, state.now(),
                until.toString(), Check.optional("reason", r.reason()), gtin, caller.id(), caller.mspId(),
                accreditation.name(), footprint.productName(), footprint.productCategory(), footprint.geography(),
                footprint.value(), footprint.unit(), footprint.declaredUnit(), footprint.declaredUnitAmount(),
                footprint.documentHash(), state.now(), state.now(), caller.id(), state.txId(), signingKeyId);
    }

    /**
     * The grade from the benchmark valid on the decision's day, for a grant and for a renewal
     * alike: NO_BENCHMARK when none applies, CONFLICT when the value is above grade 5's bound. A
     * grade the certifier names must be the benchmark's; a different one is refused, never quietly
     * replaced, so a certifier learns that its own figure did not stand.
     */
    private static String grade(Context ctx, FootprintRecord footprint, String requested) {
        java.time.LocalDate day = Validity.dayOf(ctx.getStub().getTxTimestamp());
        BenchmarkRecord benchmark = BenchmarkContract.validOn(ctx, footprint.productCategory(), footprint.declaredUnit(), day);
        String graded = benchmark.grade(new java.math.BigDecimal(footprint.value()));
        if (graded == null) {
            throw TanjiException.conflict("footprint " + footprint.id() + " (" + footprint.value() + " kgCO2e per "
                    + footprint.declaredUnit() + ") exceeds the bound of grade 5 (" + benchmark.thresholds().get(4)
                    + ") of benchmark " + footprint.productCategory() + " v" + benchmark.version() + "; it cannot be graded");
        }
        if (requested != null && !requested.equals(graded)) {
            throw TanjiException.invalid("grade " + requested + " differs from grade " + graded + " that benchmark "
                    + footprint.productCategory() + " v" + benchmark.version() + " assigns to " + footprint.value()
                    + " kgCO2e per " + footprint.declaredUnit() + " on " + day + "; omit grade to take the benchmark's");
        }
        return graded;
    }

    private LabelRecord change(Context ctx, State state, Caller caller, DecisionRequest r, Decision d) {
        LabelRecord current = r.labelId() != null ? find(state, r.labelId()) : liveLabelOf(state, r.footprintId());
        if (r.footprintId() != null && !current.footprintId().equals(r.footprintId())) {
            throw TanjiException.invalid("label " + current.labelId() + " certifies footprint " + current.footprintId()
                    + ", not " + r.footprintId());
        }
        String reason = Check.required("reason", r.reason());
        if (d == Decision.RENEWED) {
            authoriseRenewal(caller, current);
        } else {
            authoriseWithdrawal(caller, current);
        }
        if (LabelRecord.REVOKED.equals(current.status())) {
            throw TanjiException.conflict("label " + current.labelId() + " is revoked; revocation is final");
        }
        return switch (d) {
            case SUSPENDED -> {
                if (!LabelRecord.VALID.equals(current.status())) {
                    throw TanjiException.conflict("label " + current.labelId() + " is " + current.status() + ", not VALID");
                }
                yield current.next(d, LabelRecord.SUSPENDED, current.grade(), current.validUntil(), reason, caller.id(), state.now(),
                        state.txId());
            }
            case REVOKED -> {
                yield current.next(d, LabelRecord.REVOKED, current.grade(), current.validUntil(), reason, caller.id(), state.now(),
                        state.txId());
            }
            case RENEWED -> {
                FootprintRecord footprint = FootprintContract.find(ctx, current.footprintId());
                if (!FootprintRecord.ACTIVE.equals(footprint.status())) {
                    throw TanjiException.conflict("footprint " + footprint.id() + " is " + footprint.status()
                            + "; certify its successor " + footprint.supersededBy() + " instead of renewing");
                }
                AccreditationContract.require(ctx, caller, current.productCategory(), current.geography());
                // A renewal grades again, against the benchmark valid today, which may have changed since the grant.
                String grade = grade(ctx, footprint, r.grade());
                Instant until = Check.instant("validUntil", r.validUntil());
                Check.ordered("now", ctx.getStub().getTxTimestamp(), "validUntil", until);
                yield current.next(d, LabelRecord.VALID, grade, until.toString(), reason, caller.id(), state.now(), state.txId());
            }
            case GRANTED -> throw new IllegalStateException("unreachable");
        };
    }

    private static void authoriseRenewal(Caller caller, LabelRecord label) {
        caller.require(Caller.CERTIFIER, "renewing a certification");
        if (!caller.id().equals(label.certifierId())) {
            throw TanjiException.denied("only the granting certifier " + label.certifierId() + " may renew label "
                    + label.labelId());
        }
    }

    /** Suspension and revocation protect consumers, so they stay possible even if the certifier was since suspended. */
    private static void authoriseWithdrawal(Caller caller, LabelRecord label) {
        boolean grantingCertifier = caller.is(Caller.CERTIFIER) && caller.id().equals(label.certifierId());
        boolean registryOfCertifier = caller.is(Caller.REGISTRY_ADMIN) && caller.mspId().equals(label.certifierMsp());
        if (!grantingCertifier && !registryOfCertifier) {
            throw TanjiException.denied(caller.id() + " may not change label " + label.labelId() + "; only its certifier "
                    + label.certifierId() + " or a registry admin of " + label.certifierMsp() + " may");
        }
    }

    private static LabelRecord liveLabelOf(State state, String footprintId) {
        if (footprintId == null) {
            throw TanjiException.invalid("labelId or footprintId is required");
        }
        List<LabelRecord> live = new ArrayList<>();
        for (LabelRecord l : state.indexed(BY_FOOTPRINT, TYPE, LabelRecord.class, Check.uuid("footprintId", footprintId))) {
            if (!LabelRecord.REVOKED.equals(l.status())) {
                live.add(l);
            }
        }
        if (live.isEmpty()) {
            throw TanjiException.notFound("footprint " + footprintId + " has no live label");
        }
        if (live.size() > 1) {
            throw TanjiException.invalid("footprint " + footprintId + " has " + live.size() + " live labels; name the labelId");
        }
        return live.get(0);
    }

    private static LabelRecord find(State state, String labelId) {
        LabelRecord label = state.get(state.key(TYPE, Check.labelId("labelId", labelId)), LabelRecord.class);
        if (label == null) {
            throw TanjiException.notFound("label " + labelId + " does not exist");
        }
        return label;
    }

    private static Decision decision(String value) {
        Check.required("decision", value);
        try {
            return Decision.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw TanjiException.invalid("decision must be one of GRANTED, SUSPENDED, REVOKED, RENEWED; got \"" + value + "\"");
        }
    }
}
