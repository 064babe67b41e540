package org.tanji.chaincode.greencert;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.tanji.chaincode.footprint.FootprintContract;
import org.tanji.chaincode.footprint.FootprintRecord;
import org.tanji.chaincode.support.Caller;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.chaincode.support.Check;
import org.tanji.chaincode.support.ErrorCode;
import org.tanji.chaincode.support.State;
import org.tanji.chaincode.support.TanjiException;

/**
 * Claims of green-electricity certificates against footprints. Any overlap of a claimed serial
 * range with an earlier claim, by anyone, is refused with {@link ErrorCode#ALREADY_CLAIMED}.
 *
 * <p>The overlap check costs one short range read per certificate range, however many claims
 * exist. Claimed ranges of one issuer never overlap each other (this contract refuses that), so
 * ordered by their last serial they are also ordered by their first. The one range that can
 * overlap {@code [s, e]} first is therefore the first whose last serial is {@code >= s}: it
 * overlaps exactly when its first serial is {@code <= e}. The index behind it is keyed by issuer
 * and zero-padded last serial. It uses simple keys, because Fabric allows range reads only over
 * those; the issuer is a token without {@code '|'}, so one issuer's keys form a contiguous run.
 */
@Contract(name = "greencert", info = @Info(title = "Tanji green-electricity certificate claims", version = "1"))
public final class GreenCertificateContract implements ContractInterface {
    static final String TYPE = "tanji.greencert";
    static final String BY_FOOTPRINT = "tanji.greencert~footprint";
    static final String RANGE_PREFIX = "tanji.greencert.end|";
    /** Sorts after every digit, so it closes one issuer's run of range keys. */
    private static final String RUN_END = "~";
    public static final String EVENT = "tanji.greencert";
    static final int SERIAL_DIGITS = 30;
    static final int MAX_RANGES = 1000;

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String claim(Context ctx, String requestJson) {
        Caller caller = Caller.of(ctx);
        ClaimRequest request = CanonicalJson.parse(requestJson, ClaimRequest.class);
        FootprintRecord footprint = FootprintContract.find(ctx, request.footprintId());
        if (!caller.is(Caller.COMPANY) && !caller.is(Caller.CERTIFIER)) {
            throw TanjiException.denied("claiming green certificates requires role company or certifier; caller "
                    + caller.id() + " has role '" + caller.role() + "'");
        }
        if (!caller.mspId().equals(footprint.submitterMsp())) {
            throw TanjiException.denied("footprint " + footprint.id() + " belongs to " + footprint.submitterMsp()
                    + "; only its own organisation may claim certificates against it");
        }
        if (!FootprintRecord.ACTIVE.equals(footprint.status())) {
            throw TanjiException.conflict("footprint " + footprint.id() + " is " + footprint.status()
                    + "; claim against its successor " + footprint.supersededBy());
        }
        if (footprint.consumedMwh() == null) {
            throw new TanjiException(ErrorCode.NO_CONSUMPTION, "footprintId: footprint " + footprint.id()
                    + " has no electricity consumption on the ledger (it was submitted, not recorded from a calculation),"
                    + " so no certificate can be claimed against it; record it with its calculation first");
        }
        State state = new State(ctx.getStub());
        // Every earlier claim of the footprint, read in this transaction: two concurrent claims cannot both pass the cap.
        BigDecimal earlier = BigDecimal.ZERO;
        for (ClaimRecord claim : state.indexed(BY_FOOTPRINT, TYPE, ClaimRecord.class, footprint.id())) {
            earlier = earlier.add(new BigDecimal(claim.totalMwh()));
        }
        ClaimRecord record = claimFor(state, caller, footprint.id(), request.certificates(),
                new Period(footprint.referencePeriodStart(), footprint.referencePeriodEnd()), footprint.consumedMwh(), earlier);
        state.emitFields(EVENT, "claimId", record.claimId(), "footprintId", footprint.id(), "totalMwh", record.totalMwh());
        return CanonicalJson.string(record);
    }

    /**
     * Checks certificates without claiming them: the same field checks, year check and overlap
     * check as a claim. Answers {@code {"totalMwh": "..."}}; an overlap is
     * {@link ErrorCode#ALREADY_CLAIMED}. A calculation that counts certificates asks this before it
     * answers or records anything, with its reference period.
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String check(Context ctx, String certificatesJson) {
        CertificateList request = CanonicalJson.parse(certificatesJson, CertificateList.class);
        Period period = new Period(request.referencePeriodStart(), request.referencePeriodEnd());
        return CanonicalJson.string(Map.of("totalMwh", unclaimed(ctx.getStub(), ranges(request.certificates(), period))
                .toPlainString()));
    }

    /** The body of {@link #check}: the certificates and the reference period they would count for. */
    record CertificateList(List<CertificateRange> certificates, String referencePeriodStart, String referencePeriodEnd) {
    }

    /**
     * A footprint's reference period, start inclusive and end exclusive (PACT). A certificate counts
     * only for electricity of a year the period covers: its generation year must lie between the
     * UTC year of the start and the UTC year of the period's last instant.
     */
    public record Period(String start, String end) {
    }

    /**
     * Records a claim in the current transaction, for a footprint whose ownership and state the
     * caller has checked. {@code claimedBefore} is what the footprint's earlier claims total. It
     * emits no event: a transaction has one, and a footprint recorded with certificates emits its own.
     *
     * @param period the footprint's reference period, which every certificate's year must fall in
     * @param consumedMwh the cap on all claims of the footprint together: the electricity its ledger
     *     record says it consumed ({@link FootprintRecord#consumedMwh()})
     */
    public static ClaimRecord claimFor(State state, Caller caller, String footprintId, List<CertificateRange> requested,
                                       Period period, String consumedMwh, BigDecimal claimedBefore) {
        List<Range> ranges = ranges(requested, period);
        ChaincodeStub stub = state.stub();
        String claimId = state.txId();
        BigDecimal total = unclaimed(stub, ranges);
        BigDecimal consumed = new BigDecimal(consumedMwh);
        if (claimedBefore.add(total).compareTo(consumed) > 0) {
            throw new TanjiException(ErrorCode.EXCEEDS_CONSUMPTION, "certificates claim " + total.toPlainString()
                    + " MWh; with the " + claimedBefore.toPlainString() + " MWh claimed before, footprint " + footprintId
                    + " would have " + claimedBefore.add(total).toPlainString() + " MWh of certificates for the "
                    + consumed.toPlainString() + " MWh of electricity its calculation consumed");
        }
        List<CertificateRange> certificates = new ArrayList<>();
        for (Range r : ranges) {
            stub.putState(rangeKey(r.issuer, r.end),
                    CanonicalJson.bytes(new ClaimedRange(claimId, footprintId, r.issuer, r.start, r.end)));
            certificates.add(r.source);
        }
        ClaimRecord record = new ClaimRecord(claimId, footprintId, certificates, total.toPlainString(), caller.id(),
                caller.mspId(), state.now(), state.txId());
        state.put(state.key(TYPE, claimId), record);
        state.index(BY_FOOTPRINT, footprintId, claimId);
        return record;
    }

    /** The MWh of checked ranges, none of which overlaps an earlier claim; else {@link ErrorCode#ALREADY_CLAIMED}. */
    private static BigDecimal unclaimed(ChaincodeStub stub, List<Range> ranges) {
        BigDecimal total = BigDecimal.ZERO;
        for (Range r : ranges) {
            ClaimedRange earlier = firstEndingAtOrAfter(stub, r.issuer, r.start);
            if (earlier != null && earlier.serialStart().compareTo(r.end) <= 0) {
                throw new TanjiException(ErrorCode.ALREADY_CLAIMED, "certificates[" + r.index + "]: " + r.issuer
                        + " serials " + plain(r.start) + "-" + plain(r.end) + " overlap serials " + plain(earlier.serialStart())
                        + "-" + plain(earlier.serialEnd()) + " already claimed by claim " + earlier.claimId()
                        + " for footprint " + earlier.footprintId());
            }
            total = total.add(r.mwh);
        }
        return total;
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String get(Context ctx, String claimId) {
        State state = new State(ctx.getStub());
        ClaimRecord record = state.get(state.key(TYPE, Check.token("claimId", claimId)), ClaimRecord.class);
        if (record == null) {
            throw TanjiException.notFound("green-certificate claim " + claimId + " does not exist");
        }
        return CanonicalJson.string(record);
    }

    /** The claims made against one footprint, in claim-id order. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String byFootprint(Context ctx, String footprintId) {
        State state = new State(ctx.getStub());
        return CanonicalJson.string(state.indexed(BY_FOOTPRINT, TYPE, ClaimRecord.class,
                Check.uuid("footprintId", footprintId)));
    }

    /** Which claim holds one certificate serial, or NOT_FOUND when it is unclaimed. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String holder(Context ctx, String issuer, String serial) {
        String padded = serial("serial", serial);
        ClaimedRange r = firstEndingAtOrAfter(ctx.getStub(), Check.token("issuer", issuer), padded);
        if (r == null || r.serialStart().compareTo(padded) > 0) {
            throw TanjiException.notFound(issuer + " certificate " + plain(padded) + " is not claimed");
        }
        return CanonicalJson.string(r);
    }

    private static ClaimedRange firstEndingAtOrAfter(ChaincodeStub stub, String issuer, String paddedSerial) {
        try (QueryResultsIterator<KeyValue> it = stub.getStateByRange(rangeKey(issuer, paddedSerial),
                RANGE_PREFIX + issuer + "|" + RUN_END)) {
            Iterator<KeyValue> first = it.iterator();
            return first.hasNext() ? CanonicalJson.read(first.next().getValue(), ClaimedRange.class) : null;
        } catch (TanjiException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("range read of " + issuer + " claims failed", e);
        }
    }

    static String rangeKey(String issuer, String paddedEnd) {
        return RANGE_PREFIX + issuer + "|" + paddedEnd;
    }

    /** One checked range, serials zero-padded to {@link #SERIAL_DIGITS} so string order is number order. */
    private record Range(int index, String issuer, String start, String end, BigDecimal mwh, CertificateRange source) {
    }

    private static List<Range> ranges(List<CertificateRange> certificates, Period period) {
        Instant from = Check.instant("referencePeriodStart", period.start());
        Instant to = Check.instant("referencePeriodEnd", period.end());
        Check.ordered("referencePeriodStart", from, "referencePeriodEnd", to);
        int firstYear = from.atZone(ZoneOffset.UTC).getYear();
        int lastYear = to.minusNanos(1).atZone(ZoneOffset.UTC).getYear();
        if (certificates == null || certificates.isEmpty()) {
            throw TanjiException.invalid("certificates must list at least one serial range");
        }
        if (certificates.size() > MAX_RANGES) {
            throw TanjiException.invalid("certificates lists " + certificates.size() + " ranges; at most " + MAX_RANGES
                    + " per claim");
        }
        List<Range> ranges = new ArrayList<>();
        for (int i = 0; i < certificates.size(); i++) {
            CertificateRange c = certificates.get(i);
            String field = "certificates[" + i + "]";
            if (c == null) {
                throw TanjiException.invalid(field + " is required");
            }
            String issuer = Check.token(field + ".issuer", c.issuer());
            String start = serial(field + ".serialStart", c.serialStart());
            String end = serial(field + ".serialEnd", c.serialEnd());
            if (start.compareTo(end) > 0) {
                throw TanjiException.invalid(field + ".serialEnd (" + c.serialEnd() + ") is before serialStart ("
                        + c.serialStart() + ")");
            }
            BigDecimal mwh = Check.positive(field + ".mwh", c.mwh());
            // One certificate stands for 1 MWh of green electricity (the GEC convention).
            BigInteger held = new BigInteger(end).subtract(new BigInteger(start)).add(BigInteger.ONE);
            if (mwh.compareTo(new BigDecimal(held)) > 0) {
                throw TanjiException.invalid(field + ".mwh (" + c.mwh() + ") is more than the " + held
                        + " MWh its " + held + " certificate(s) hold");
            }
            if (c.year() == null || c.year() < 2000 || c.year() > 2100) {
                throw TanjiException.invalid(field + ".year must be a generation year between 2000 and 2100");
            }
            if (c.year() < firstYear || c.year() > lastYear) {
                throw new TanjiException(ErrorCode.OUTSIDE_REFERENCE_PERIOD, field + ".year (" + c.year() + ") of " + issuer
                        + " serials " + plain(start) + "-" + plain(end) + " is outside the reference period " + period.start()
                        + " to " + period.end() + ": a certificate counts only for electricity of "
                        + (firstYear == lastYear ? "the year " + firstYear : "the years " + firstYear + " to " + lastYear));
            }
            ranges.add(new Range(i, issuer, start, end, mwh, new CertificateRange(issuer, plain(start), plain(end),
                    mwh.toPlainString(), c.year())));
        }
        // Ranges of the same request must not overlap each other either; reads in a transaction
        // do not see its own writes, so this is checked here rather than through the index.
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparing(Range::issuer).thenComparing(Range::start));
        for (int i = 1; i < sorted.size(); i++) {
            Range a = sorted.get(i - 1);
            Range b = sorted.get(i);
            if (a.issuer.equals(b.issuer) && b.start.compareTo(a.end) <= 0) {
                throw TanjiException.invalid("certificates[" + b.index + "] overlaps certificates[" + a.index
                        + "] of the same claim");
            }
        }
        return ranges;
    }

    private static String serial(String field, String value) {
        Check.required(field, value);
        if (!value.matches("^[0-9]{1," + SERIAL_DIGITS + "}$")) {
            throw TanjiException.invalid(field + " must be 1 to " + SERIAL_DIGITS + " decimal digits, got \"" + value + "\"");
        }
        return "0".repeat(SERIAL_DIGITS - value.length()) + value;
    }

    private static String plain(String padded) {
        String s = padded.replaceFirst("^0+", "");
        return s.isEmpty() ? "0" : s;
    }
}
