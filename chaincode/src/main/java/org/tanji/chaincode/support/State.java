package org.tanji.chaincode.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;

/**
 * Typed access to world state through composite keys. Fabric's LevelDB has no rich queries, so
 * every lookup a user needs is an index key written in the same transaction as its record.
 */
public final class State {
    private static final byte[] INDEX_VALUE = {0};
    private final ChaincodeStub stub;

    public State(ChaincodeStub stub) {
        this.stub = stub;
    }

    public ChaincodeStub stub() {
        return stub;
    }

    public String key(String type, String... attributes) {
        return stub.createCompositeKey(type, attributes).toString();
    }

    public <T> T get(String key, Class<T> type) {
        byte[] bytes = stub.getState(key);
        return bytes == null || bytes.length == 0 ? null : CanonicalJson.read(bytes, type);
    }

    public boolean exists(String key) {
        byte[] bytes = stub.getState(key);
        return bytes != null && bytes.length > 0;
    }

    public void put(String key, Object record) {
        stub.putState(key, CanonicalJson.bytes(record));
    }

    public void index(String indexType, String... attributes) {
        stub.putState(key(indexType, attributes), INDEX_VALUE);
    }

    /** The last attribute of every index key under the given leading attributes. */
    public List<String> lookup(String indexType, String... leading) {
        List<String> ids = new ArrayList<>();
        try (QueryResultsIterator<KeyValue> it = stub.getStateByPartialCompositeKey(stub.createCompositeKey(indexType, leading))) {
            for (KeyValue kv : it) {
                List<String> attrs = stub.splitCompositeKey(kv.getKey()).getAttributes();
                ids.add(attrs.get(attrs.size() - 1));
            }
        } catch (Exception e) {
            throw new IllegalStateException("index scan " + indexType + " failed", e);
        }
        return ids;
    }

    /**
     * The records an index points at: for each id under the index's leading attributes, the record
     * at {@code key(recordType, id)}, in index order.
     */
    public <T> List<T> indexed(String indexType, String recordType, Class<T> type, String... leading) {
        List<T> records = new ArrayList<>();
        for (String id : lookup(indexType, leading)) {
            records.add(get(key(recordType, id), type));
        }
        return records;
    }

    /** Every record stored under a composite key of {@code type} with the given leading attributes, in key order. */
    public <T> List<T> values(String type, Class<T> recordType, String... leading) {
        List<T> values = new ArrayList<>();
        try (QueryResultsIterator<KeyValue> it = stub.getStateByPartialCompositeKey(stub.createCompositeKey(type, leading))) {
            for (KeyValue kv : it) {
                values.add(CanonicalJson.read(kv.getValue(), recordType));
            }
        } catch (Exception e) {
            throw new IllegalStateException("scan of " + type + " failed", e);
        }
        return values;
    }

    /** Every committed version of a record, oldest first, as the peer's history database holds them. */
    public List<Map<String, Object>> history(String key) {
        List<Map<String, Object>> versions = new ArrayList<>();
        try (QueryResultsIterator<KeyModification> it = stub.getHistoryForKey(key)) {
            for (KeyModification m : it) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("txId", m.getTxId());
                entry.put("timestamp", m.getTimestamp().toString());
                entry.put("deleted", m.isDeleted());
                if (!m.isDeleted()) {
                    entry.put("record", CanonicalJson.mapper().readTree(m.getValue()));
                }
                versions.add(entry);
            }
        } catch (Exception e) {
            throw new IllegalStateException("history of " + key + " is unreadable", e);
        }
        // Peers differ in the order they return history; users want oldest first.
        versions.sort(java.util.Comparator
                .comparing((Map<String, Object> v) -> java.time.Instant.parse((String) v.get("timestamp")))
                .thenComparingInt(State::recordVersion));
        return versions;
    }

    private static int recordVersion(Map<String, Object> entry) {
        Object record = entry.get("record");
        if (record instanceof com.fasterxml.jackson.databind.JsonNode node && node.has("version")) {
            return node.get("version").asInt();
        }
        return 0;
    }

    /** Sets the transaction's single chaincode event (Fabric keeps one per transaction). */
    public void emit(String name, Object payload) {
        stub.setEvent(name, CanonicalJson.bytes(payload));
    }

    public String now() {
        return stub.getTxTimestamp().toString();
    }

    public String txId() {
        return stub.getTxId();
    }

    public static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
