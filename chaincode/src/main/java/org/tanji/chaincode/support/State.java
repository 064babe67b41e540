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
    private static final char DELIMITER = '\u0000';
    private final ChaincodeStub stub;

    public State(ChaincodeStub stub) {
        this.stub = stub;
    }

    public ChaincodeStub stub() {
        return stub;
    }

    /**
     * The composite key Fabric's {@code createCompositeKey(type, attributes).toString()} gives,
     * built without the shim's per-segment {@code Pattern.compile}: that regex was about a tenth
     * of the CPU of recording a footprint. The format and the refused characters are the same:
     * {@code U+0000 type U+0000 (attribute U+0000)*}, and no segment may hold U+0000 or U+10FFFF.
     *
     * @throws IllegalArgumentException if a segment holds a character Fabric refuses
     */
    public String key(String type, String... attributes) {
        return compositeKey(type, attributes);
    }

    /** {@link #key} for code that has no {@code State}. */
    public static String compositeKey(String type, String... attributes) {
        int length = type.length() + 2;
        for (String attribute : attributes) {
            length += attribute.length() + 1;
        }
        StringBuilder key = new StringBuilder(length).append(DELIMITER);
        appendSegment(key, type);
        for (String attribute : attributes) {
            appendSegment(key, attribute);
        }
        return key.toString();
    }

    private static void appendSegment(StringBuilder key, String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            // U+10FFFF is the surrogate pair DBFF DFFF.
            if (c == DELIMITER || (c == '\uDBFF' && i + 1 < segment.length() && segment.charAt(i + 1) == '\uDFFF')) {
                throw new IllegalArgumentException("composite key segment " + printable(segment)
                        + " holds the reserved character U+" + (c == DELIMITER ? "0000" : "10FFFF") + " at index " + i);
            }
        }
        key.append(segment).append(DELIMITER);
    }

    private static String printable(String segment) {
        return '"' + segment.replace("\u0000", "\\u0000").replace("\uDBFF\uDFFF", "\\U0010FFFF") + '"';
    }

    /** The last attribute of a composite key, read without the shim's validating parser. */
    static String lastAttribute(String compositeKey) {
        int end = compositeKey.length() - 1;
        if (end < 1 || compositeKey.charAt(0) != DELIMITER || compositeKey.charAt(end) != DELIMITER) {
            throw new IllegalArgumentException("not a composite key: " + printable(compositeKey));
        }
        int start = compositeKey.lastIndexOf(DELIMITER, end - 1);
        if (start <= 0) {
            throw new IllegalArgumentException("composite key without attributes: " + printable(compositeKey));
        }
        return compositeKey.substring(start + 1, end);
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
                ids.add(lastAttribute(kv.getKey()));
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

    /**
     * Sets the transaction's event from name-value pairs; a pair whose value is null is left out.
     * The payload is canonical JSON, so its fields come out sorted by name.
     *
     * <pre>{@code state.emitFields("LabelDecided", "labelId", id, "status", status);}</pre>
     */
    public void emitFields(String name, Object... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("event fields come in name-value pairs");
        }
        Map<String, Object> event = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                event.put((String) pairs[i], pairs[i + 1]);
            }
        }
        emit(name, event);
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
