package org.tanji.chaincode.benchmark;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.tanji.chaincode.factor.Validity;
import org.tanji.chaincode.support.Caller;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.chaincode.support.Check;
import org.tanji.chaincode.support.ErrorCode;
import org.tanji.chaincode.support.State;
import org.tanji.chaincode.support.TanjiException;

/**
 * Publishes grading benchmarks. Only a registry admin publishes; each publication for a (category,
 * unit) is the next version. Certifications read {@link #validOn} inside their own transaction, so
 * the benchmark they graded against is part of their read set.
 */
@Contract(name = "benchmark", info = @Info(title = "Tanji grading benchmarks", version = "1"))
public final class BenchmarkContract implements ContractInterface {
    static final String TYPE = "tanji.benchmark";
    public static final String EVENT = "tanji.benchmark";
    static final int GRADES = 5;

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String publish(Context ctx, String requestJson) {
        Caller caller = Caller.of(ctx);
        caller.require(Caller.REGISTRY_ADMIN, "publishing a benchmark");
        BenchmarkRequest r = CanonicalJson.parse(requestJson, BenchmarkRequest.class);
        String category = Check.token("productCategory", r.productCategory());
        String unit = Check.identifier("unit", r.unit());
        List<String> thresholds = thresholds(r.thresholds());
        Validity validity = Validity.of(r.validFrom(), r.validTo());
        State state = new State(ctx.getStub());
        int version = state.lookup(TYPE, category, unit).size() + 1;
        BenchmarkRecord record = new BenchmarkRecord(category, unit, version, thresholds, validity.from().toString(),
                validity.to() == null ? null : validity.to().toString(), Check.optional("source", r.source()),
                caller.id(), state.now(), state.txId());
        // Zero-padded so key order is version order.
        state.put(state.key(TYPE, category, unit, String.format("%06d", version)), record);
        state.emitFields(EVENT, "productCategory", category, "unit", unit, "version", version);
        return CanonicalJson.string(record);
    }

    /** Every version for a category and unit, oldest first. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String versions(Context ctx, String productCategory, String unit) {
        return CanonicalJson.string(new State(ctx.getStub()).values(TYPE, BenchmarkRecord.class,
                Check.token("productCategory", productCategory), Check.identifier("unit", unit)));
    }

    /** The benchmark that applies on {@code day} (ISO date). */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String current(Context ctx, String productCategory, String unit, String day) {
        return CanonicalJson.string(validOn(ctx, productCategory, unit, Validity.date("day", day)));
    }

    /**
     * The newest version valid on {@code day}, or a NO_BENCHMARK refusal that says what is missing.
     * A later version that starts later does not displace an earlier one before its start.
     */
    public static BenchmarkRecord validOn(Context ctx, String productCategory, String unit, LocalDate day) {
        List<BenchmarkRecord> versions = new State(ctx.getStub()).values(TYPE, BenchmarkRecord.class, productCategory, unit);
        BenchmarkRecord found = null;
        for (BenchmarkRecord b : versions) {
            if (Validity.of(b.validFrom(), b.validTo()).contains(day)) {
                found = b;
            }
        }
        if (found == null) {
            throw new TanjiException(ErrorCode.NO_BENCHMARK, "no benchmark for product category '" + productCategory
                    + "' per '" + unit + "' is valid on " + day + (versions.isEmpty() ? " (none was ever published)"
                    : " (" + versions.size() + " version(s) published, none covering that day)"));
        }
        return found;
    }

    private static List<String> thresholds(List<String> values) {
        if (values == null || values.size() != GRADES) {
            throw TanjiException.invalid("thresholds must list exactly " + GRADES
                    + " upper bounds, for grades 1 to 5");
        }
        List<String> out = new ArrayList<>();
        BigDecimal previous = null;
        for (int i = 0; i < GRADES; i++) {
            BigDecimal bound = Check.positive("thresholds[" + i + "]", values.get(i));
            if (previous != null && bound.compareTo(previous) <= 0) {
                throw TanjiException.invalid("thresholds[" + i + "] (" + values.get(i)
                        + ") must be greater than the bound of the grade before it (" + previous.toPlainString() + ")");
            }
            previous = bound;
            out.add(values.get(i));
        }
        return out;
    }
}
