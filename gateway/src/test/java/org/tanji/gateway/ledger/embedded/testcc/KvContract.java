package org.tanji.gateway.ledger.embedded.testcc;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * A key-value contract that exercises the stub the way real contracts do. Its name is unusual on
 * purpose: the router scans the whole classpath, so the production contracts share the namespace.
 */
@Contract(name = KvContract.NAME, info = @Info(title = "embedded ledger test contract", version = "1"))
public final class KvContract implements ContractInterface {
    public static final String NAME = "embeddedkvtest";

    public static String fn(String function) {
        return NAME + ":" + function;
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String put(Context ctx, String key, String value) {
        ctx.getStub().putStringState(key, value);
        return value;
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String get(Context ctx, String key) {
        byte[] v = ctx.getStub().getState(key);
        if (v == null || v.length == 0) {
            throw new ChaincodeException("no value for key " + key, "NOT_FOUND");
        }
        return new String(v, UTF_8);
    }

    /** Writes, then reads the same key back: on Fabric the read sees the committed value, not the write. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String putThenRead(Context ctx, String key, String value) {
        ctx.getStub().putStringState(key, value);
        return "read:" + ctx.getStub().getStringState(key);
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String increment(Context ctx, String key) {
        String current = ctx.getStub().getStringState(key);
        int next = (current.isEmpty() ? 0 : Integer.parseInt(current)) + 1;
        ctx.getStub().putStringState(key, Integer.toString(next));
        return Integer.toString(next);
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String incrementWithEvent(Context ctx, String key, String event) {
        String next = increment(ctx, key);
        ctx.getStub().setEvent("ignored-first", new byte[] {1});
        ctx.getStub().setEvent(event, (key + "=" + next).getBytes(UTF_8));
        return next;
    }

    /** Counts the keys in a range and records the count: a phantom in the range must invalidate it. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String countRange(Context ctx, String start, String end, String target) {
        int n = 0;
        try (QueryResultsIterator<KeyValue> it = ctx.getStub().getStateByRange(start, end)) {
            for (KeyValue kv : it) {
                n++;
            }
        }
        ctx.getStub().putStringState(target, Integer.toString(n));
        return Integer.toString(n);
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String putIndexed(Context ctx, String type, String first, String second, String value) {
        ChaincodeStub stub = ctx.getStub();
        stub.putStringState(stub.createCompositeKey(type, first, second).toString(), value);
        return value;
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String listIndexed(Context ctx, String type, String first) {
        ChaincodeStub stub = ctx.getStub();
        List<String> out = new ArrayList<>();
        CompositeKey partial = first.isEmpty() ? stub.createCompositeKey(type) : stub.createCompositeKey(type, first);
        try (QueryResultsIterator<KeyValue> it = stub.getStateByPartialCompositeKey(partial)) {
            for (KeyValue kv : it) {
                CompositeKey k = stub.splitCompositeKey(kv.getKey());
                out.add(k.getObjectType() + ":" + String.join("/", k.getAttributes()) + "=" + kv.getStringValue());
            }
        }
        return String.join(",", out);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String listPlain(Context ctx) {
        List<String> out = new ArrayList<>();
        try (QueryResultsIterator<KeyValue> it = ctx.getStub().getStateByRange("", "")) {
            for (KeyValue kv : it) {
                out.add(kv.getKey());
            }
        }
        return String.join(",", out);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String page(Context ctx, String start, String end, int pageSize, String bookmark) {
        List<String> out = new ArrayList<>();
        String next;
        try (QueryResultsIteratorWithMetadata<KeyValue> it =
                ctx.getStub().getStateByRangeWithPagination(start, end, pageSize, bookmark)) {
            for (KeyValue kv : it) {
                out.add(kv.getKey());
            }
            next = it.getMetadata().getBookmark() + "#" + it.getMetadata().getFetchedRecordsCount();
        }
        return String.join(",", out) + "|" + next;
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String pageThenWrite(Context ctx) {
        page(ctx, "", "", 1, "");
        ctx.getStub().putStringState("after-page", "x");
        return "wrote";
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String history(Context ctx, String key) {
        List<String> out = new ArrayList<>();
        try (QueryResultsIterator<KeyModification> it = ctx.getStub().getHistoryForKey(key)) {
            for (KeyModification m : it) {
                out.add(m.getTxId() + "|" + m.getTimestamp() + "|" + m.isDeleted() + "|" + m.getStringValue());
            }
        }
        return String.join("\n", out);
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public void remove(Context ctx, String key) {
        ctx.getStub().delState(key);
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String putPrivate(Context ctx, String collection, String key) {
        byte[] value = ctx.getStub().getTransient().get("value");
        if (value == null) {
            throw new ChaincodeException("transient field 'value' is required", "INVALID_ARGUMENT");
        }
        ctx.getStub().putPrivateData(collection, key, value);
        return "stored";
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getPrivate(Context ctx, String collection, String key) {
        return new String(ctx.getStub().getPrivateData(collection, key), UTF_8);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String privateHash(Context ctx, String collection, String key) {
        return HexFormat.of().formatHex(ctx.getStub().getPrivateDataHash(collection, key));
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String purgePrivate(Context ctx, String collection, String key) {
        ctx.getStub().purgePrivateData(collection, key);
        return "purged";
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String putWithEvent(Context ctx, String key, String value, String event) {
        ctx.getStub().putStringState(key, value);
        ctx.getStub().setEvent(event, value.getBytes(UTF_8));
        return value;
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String whoami(Context ctx) {
        ClientIdentity id = ctx.getClientIdentity();
        String role = id.getAttributeValue("tanji.role");
        return id.getMSPID() + "|" + id.getId() + "|" + (role == null ? "" : role) + "|" + ctx.getStub().getMspId();
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String txInfo(Context ctx) {
        ChaincodeStub stub = ctx.getStub();
        return stub.getTxId() + "|" + stub.getTxTimestamp() + "|" + stub.getChannelId() + "|" + stub.getFunction()
                + "|" + String.join(",", stub.getParameters()) + "|" + (stub.getSignedProposal() != null);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String fail(Context ctx, String code, String message) {
        throw new ChaincodeException(message, code);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String crash(Context ctx) {
        throw new IllegalStateException("a bug in the contract");
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String richQuery(Context ctx) {
        ctx.getStub().getQueryResult("{\"selector\":{}}");
        return "unreachable";
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String setParam(Context ctx, String key, String param) {
        ctx.getStub().setStateValidationParameter(key, param.getBytes(UTF_8));
        return "ok";
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getParam(Context ctx, String key) {
        byte[] p = ctx.getStub().getStateValidationParameter(key);
        return p == null ? "" : new String(p, UTF_8);
    }
}
