package org.tanji.chaincode.certification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;
import org.tanji.chaincode.support.Caller;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.chaincode.support.Check;
import org.tanji.chaincode.support.State;
import org.tanji.chaincode.support.TanjiException;

/**
 * Units of serialized labels: the serial numbers (GS1 AI 21), optionally within a lot (AI 10),
 * that a certification covers. Only the label's granting certifier issues them, only while the
 * label is VALID, unexpired and names a GTIN, many per transaction. A (label, serial) pair is
 * issued once: issuing it again is skipped and reported, never rewritten, so a replayed batch is
 * harmless.
 */
@Contract(name = "labelunit", info = @Info(title = "Tanji units of serialized labels", version = "1"))
public final class LabelUnitContract implements ContractInterface {
    public static final String TYPE = "tanji.unit";
    public static final String EVENT = "tanji.unit";
    /** Most serials in one transaction; larger batches are split by the client. */
    public static final int MAX_PER_TRANSACTION = 2_000;
    public static final int MAX_PAGE = 1_000;
    /** GS1 AI(10) and AI(21): 1 to 20 characters of the GS1 AI encodable character set 82. */
    private static final Pattern GS1_CSET82 = Pattern.compile("^[A-Za-z0-9!\"%&'()*+,\\-./:;<=>?_]{1,20}$");
    private static final Pattern BATCH_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,64}$");

    /** Whether a value is a valid GS1 serial (AI 21) or lot (AI 10). */
    public static boolean isGs1Value(String value) {
        return value != null && GS1_CSET82.matcher(value).matches();
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String issue(Context ctx, String requestJson) {
        Caller caller = Caller.of(ctx);
        caller.require(Caller.CERTIFIER, "issuing label units");
        UnitBatch request = CanonicalJson.parse(requestJson, UnitBatch.class);
        State state = new State(ctx.getStub());
        String labelId = Check.labelId("labelId", request.labelId());
        String lot = request.lot() == null ? null : gs1("lot", request.lot());
        String batchId = request.batchId() == null ? null : batchId(request.batchId());
        List<String> serials = serials(request.serials());
        LabelRecord label = issuable(ctx, state, caller, labelId);

        UnitBatchResult result = new UnitBatchResult(labelId, label.gtin(), lot, state.now(), state.txId(), batchId,
                new ArrayList<>(), new ArrayList<>());
        for (String serial : serials) {
            String key = state.key(TYPE, labelId, serial);
            UnitRecord existing = state.get(key, UnitRecord.class);
            if (existing != null) {
                result.skipped().add(existing);
            } else {
                state.put(key, result.issuedUnit(serial));
                result.issued().add(serial);
            }
        }
        state.emitFields(EVENT,
                "labelId", labelId, "lot", lot, "batchId", batchId, "issued", result.issued().size(),
                "skipped", result.skipped().size());
        return CanonicalJson.string(result);
    }

    /** The unit, or NOT_FOUND; a serial or label id that cannot exist is simply not found. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String get(Context ctx, String labelId, String serial) {
        State state = new State(ctx.getStub());
        UnitRecord unit = null;
        if (labelId != null && labelId.matches("^[A-Z2-7]{26,64}$") && isGs1Value(serial)) {
            unit = state.get(state.key(TYPE, labelId, serial), UnitRecord.class);
        }
        if (unit == null) {
            throw TanjiException.notFound("label " + labelId + " has no unit with serial " + serial);
        }
        return CanonicalJson.string(unit);
    }

    /**
     * One page of a label's units in serial order, for its certifier (or a registry admin of the
     * certifier's organisation): {@code {units, bookmark}}, the bookmark empty on the last page.
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String list(Context ctx, String labelId, String pageSize, String bookmark) {
        Caller caller = Caller.of(ctx);
        State state = new State(ctx.getStub());
        LabelRecord label = label(state, Check.labelId("labelId", labelId));
        boolean certifier = caller.is(Caller.CERTIFIER) && caller.id().equals(label.certifierId());
        boolean registry = caller.is(Caller.REGISTRY_ADMIN) && caller.mspId().equals(label.certifierMsp());
        if (!certifier && !registry) {
            throw TanjiException.denied("only the certifier " + label.certifierId() + " or a registry admin of "
                    + label.certifierMsp() + " may list the units of label " + labelId);
        }
        int size = pageSize(pageSize);
        String prefix = state.key(TYPE, labelId);
        String from = bookmark == null ? "" : bookmark;
        if (!from.isEmpty() && !from.startsWith(prefix)) {
            throw TanjiException.invalid("bookmark does not belong to the units of label " + labelId);
        }
        // One more than the page: its key is the next page's bookmark (where the next read starts).
        List<UnitRecord> units = new ArrayList<>(size);
        String next = "";
        try (QueryResultsIteratorWithMetadata<KeyValue> page = ctx.getStub().getStateByPartialCompositeKeyWithPagination(
                ctx.getStub().createCompositeKey(TYPE, labelId), size + 1, from)) {
            for (KeyValue kv : page) {
                if (units.size() == size) {
                    next = kv.getKey();
                    break;
                }
                units.add(CanonicalJson.read(kv.getValue(), UnitRecord.class));
            }
        } catch (Exception e) {
            throw new IllegalStateException("listing the units of " + labelId + " failed", e);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("units", units);
        answer.put("bookmark", next);
        return CanonicalJson.string(answer);
    }

    /** The label if the caller may issue units of it now. */
    private static LabelRecord issuable(Context ctx, State state, Caller caller, String labelId) {
        LabelRecord label = label(state, labelId);
        if (!caller.id().equals(label.certifierId())) {
            throw TanjiException.denied("only the granting certifier " + label.certifierId() + " may issue units of label "
                    + labelId);
        }
        if (!LabelRecord.VALID.equals(label.status())) {
            throw TanjiException.conflict("label " + labelId + " is " + label.status() + "; units are issued only for a VALID label");
        }
        if (!Instant.parse(label.validUntil()).isAfter(ctx.getStub().getTxTimestamp())) {
            throw TanjiException.conflict("label " + labelId + " expired at " + label.validUntil() + "; renew it first");
        }
        if (label.gtin() == null) {
            throw TanjiException.conflict("label " + labelId + " names no GTIN; serialized units need one");
        }
        return label;
    }

    private static LabelRecord label(State state, String labelId) {
        LabelRecord label = state.get(state.key(CertificationContract.TYPE, labelId), LabelRecord.class);
        if (label == null) {
            throw TanjiException.notFound("label " + labelId + " does not exist");
        }
        return label;
    }

    private static List<String> serials(List<String> serials) {
        if (serials == null || serials.isEmpty()) {
            throw TanjiException.invalid("serials must list at least one serial");
        }
        if (serials.size() > MAX_PER_TRANSACTION) {
            throw TanjiException.invalid("serials: at most " + MAX_PER_TRANSACTION + " per transaction, got " + serials.size());
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < serials.size(); i++) {
            String serial = gs1("serials[" + i + "]", serials.get(i));
            if (!seen.add(serial)) {
                throw TanjiException.invalid("serials[" + i + "] repeats serial " + serial);
            }
        }
        return serials;
    }

    private static String gs1(String field, String value) {
        if (!isGs1Value(value)) {
            throw TanjiException.invalid(field + " must be 1 to 20 characters of the GS1 character set"
                    + " (A-Z a-z 0-9 ! \" % & ' ( ) * + , - . / : ; < = > ? _), got "
                    + (value == null ? "nothing" : "\"" + value + "\""));
        }
        return value;
    }

    private static String batchId(String value) {
        if (!BATCH_ID.matcher(value).matches()) {
            throw TanjiException.invalid("batchId must be 1 to 64 of A-Z a-z 0-9 . _ : -");
        }
        return value;
    }

    private static int pageSize(String value) {
        int size;
        try {
            size = Integer.parseInt(Check.required("pageSize", value));
        } catch (NumberFormatException e) {
            throw TanjiException.invalid("pageSize must be a whole number, got \"" + value + "\"");
        }
        if (size < 1 || size > MAX_PAGE) {
            throw TanjiException.invalid("pageSize must be between 1 and " + MAX_PAGE + ", got " + size);
        }
        return size;
    }
}
