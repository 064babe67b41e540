package org.tanji.gateway.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.ObjectDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Storage types for the embedded store's H2 maps, in place of H2's default {@link ObjectDataType}.
 *
 * <p>mongo-java-server's H2 backend opens its maps with H2's default type, which handles neither
 * its {@link KeyValue} index keys nor its {@link Document}s natively: it writes each through a new
 * {@code ObjectOutputStream}, and it compares two index keys by serializing both. Profiled under
 * {@code POST /api/v1/footprints}, that was about a fifth of the server's CPU (page writes on every
 * commit, and every {@code _id} lookup). Here documents are stored as BSON and index keys in a small
 * tagged encoding, compared without serializing.
 *
 * <p>Documents are kept under a sequence number rather than their {@code _id}: see
 * {@link TypedH2Database.SequencedCollection}.
 *
 * <p>A store written in an earlier format is rewritten once, on open ({@link #upgrade}); the
 * format is recorded in the map {@value #FORMAT_MAP}.
 */
final class TypedH2Maps {

    private static final Logger log = LoggerFactory.getLogger(TypedH2Maps.class);

    /** Where the store records the format of its maps. */
    static final String FORMAT_MAP = "tanji.format";
    private static final String FORMAT_KEY = "maps";
    /**
     * 3: documents as BSON under a sequence number, index keys as {@link KeyValueType}. 2: the same
     * types, documents under their {@code _id}. 1 (absent): H2's default types, under {@code _id}.
     */
    static final int FORMAT = 3;

    /** mongo-java-server's map names: {@code databases.<db>.<collection>} and {@code <db>.<collection>._index_<name>}. */
    private static final String DATA_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";
    private static final String INDEX_INFIX = "._index_";
    private static final String UPGRADE_SUFFIX = ".tanji-upgrade";

    private TypedH2Maps() {
    }

    static String dataMapName(String fullCollectionName) {
        return DATA_PREFIX + fullCollectionName;
    }

    static String indexMapName(String fullCollectionName, String indexName) {
        return fullCollectionName + INDEX_INFIX + indexName;
    }

    static String metaMapName(String fullCollectionName) {
        return META_PREFIX + fullCollectionName;
    }

    /** A collection's documents, under the sequence number each got at insert (format 3). */
    static MVMap<Long, Document> openDataMap(MVStore store, String name) {
        return store.openMap(name, new MVMap.Builder<Long, Document>()
                .keyType(LongDataType.INSTANCE).valueType(DocumentType.INSTANCE));
    }

    static MVMap<KeyValue, Object> openIndexMap(MVStore store, String name) {
        return store.openMap(name, new MVMap.Builder<KeyValue, Object>().keyType(KeyValueType.INSTANCE));
    }

    /**
     * Rewrites a store of an earlier format into this one, in one MVStore commit: a crash part-way
     * leaves the old format, and the next open starts again. A new store is just marked.
     *
     * <p>Formats 1 and 2 keyed each data map by {@code _id}, and their index maps pointed at that
     * key. Format 3 gives the documents sequence numbers in their old key order and re-points every
     * index entry at the new number.
     */
    static void upgrade(MVStore store) {
        MVMap<String, Object> format = store.openMap(FORMAT_MAP);
        Object recorded = format.get(FORMAT_KEY);
        if (recorded != null && ((Number) recorded).intValue() == FORMAT) {
            return;
        }
        if (recorded != null && ((Number) recorded).intValue() > FORMAT) {
            throw new IllegalStateException("the off-chain store has map format " + recorded
                    + ", this Tanji reads format " + FORMAT);
        }
        if (store.getMapNames().stream().noneMatch(name -> name.startsWith(DATA_PREFIX) || name.contains(INDEX_INFIX))) {
            format.put(FORMAT_KEY, FORMAT);
            store.commit();
            return;
        }
        int from = recorded == null ? 1 : ((Number) recorded).intValue();
        int autoCommitDelay = store.getAutoCommitDelay();
        store.setAutoCommitDelay(0);
        try {
            long started = System.nanoTime();
            List<String> names = List.copyOf(store.getMapNames());
            for (String name : names) {
                if (name.endsWith(UPGRADE_SUFFIX)) {
                    store.removeMap(name);
                }
            }
            long documents = 0;
            List<String> indexes = new ArrayList<>(names.stream()
                    .filter(name -> name.contains(INDEX_INFIX) && !name.endsWith(UPGRADE_SUFFIX)).toList());
            for (String name : names) {
                if (!name.startsWith(DATA_PREFIX) || name.endsWith(UPGRADE_SUFFIX)) {
                    continue;
                }
                MVMap<Object, Object> old = openPrevious(store, name, from, false);
                MVMap<Long, Document> fresh = openDataMap(store, name + UPGRADE_SUFFIX);
                Map<Object, Long> positions = new HashMap<>();
                long next = 0;
                for (Map.Entry<Object, Object> entry : old.entrySet()) {
                    positions.put(entry.getKey(), next);
                    fresh.put(next++, (Document) entry.getValue());
                }
                documents += next;
                String collectionPrefix = name.substring(DATA_PREFIX.length()) + INDEX_INFIX;
                for (String index : List.copyOf(indexes)) {
                    if (index.startsWith(collectionPrefix)) {
                        repoint(store, index, openPrevious(store, index, from, true), positions);
                        indexes.remove(index);
                    }
                }
                replace(store, old, fresh, name);
            }
            for (String index : indexes) {
                // An index without its collection's data map points at nothing: keep it as it was.
                log.warn("off-chain store: index map {} has no data map; left as it is", index);
            }
            format.put(FORMAT_KEY, FORMAT);
            store.commit();
            log.info("off-chain store upgraded from map format {} to {}: {} documents renumbered in {} ms",
                    from, FORMAT, documents, (System.nanoTime() - started) / 1_000_000);
        } finally {
            store.setAutoCommitDelay(autoCommitDelay);
        }
    }

    /** A map as format 1 (H2's default types) or 2 (typed, {@code _id} keys) opened it. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static MVMap<Object, Object> openPrevious(MVStore store, String name, int from, boolean index) {
        if (from == 1) {
            return store.openMap(name);
        }
        MVMap.Builder builder = index
                ? new MVMap.Builder<KeyValue, Object>().keyType(KeyValueType.INSTANCE)
                : new MVMap.Builder<Object, Document>().valueType(DocumentType.INSTANCE);
        return (MVMap<Object, Object>) store.openMap(name, builder);
    }

    private static void repoint(MVStore store, String name, MVMap<Object, Object> old, Map<Object, Long> positions) {
        MVMap<KeyValue, Object> fresh = openIndexMap(store, name + UPGRADE_SUFFIX);
        long dangling = 0;
        for (Map.Entry<Object, Object> entry : old.entrySet()) {
            Long position = positions.get(entry.getValue());
            if (position == null) {
                dangling++;
            } else {
                fresh.put((KeyValue) entry.getKey(), position);
            }
        }
        if (dangling > 0) {
            log.warn("off-chain store: index map {} had {} entries for missing documents; dropped", name, dangling);
        }
        replace(store, old, fresh, name);
    }

    private static void replace(MVStore store, MVMap<?, ?> old, MVMap<?, ?> fresh, String name) {
        store.removeMap(old);
        store.renameMap(fresh, name);
    }

    /**
     * mongo-java-server documents as BSON (its own encoder and decoder, the ones its wire protocol
     * uses). A value BSON cannot hold, which the wire could not have brought, falls back to Java
     * serialization, so nothing is ever refused.
     */
    static final class DocumentType extends BasicDataType<Document> {
        static final DocumentType INSTANCE = new DocumentType();
        private static final byte BSON = 1;
        private static final byte SERIALIZED = 2;

        @Override
        public int getMemory(Document document) {
            return estimate(document);
        }

        @Override
        public void write(WriteBuffer buffer, Document document) {
            ByteBuf bson = Unpooled.buffer(256);
            try {
                BsonEncoder.encodeDocument(document, bson);
                buffer.put(BSON).put(bson.nioBuffer());
            } catch (RuntimeException notBson) {
                byte[] serialized = ObjectDataType.serialize(document);
                buffer.put(SERIALIZED).putVarInt(serialized.length).put(serialized);
            } finally {
                bson.release();
            }
        }

        @Override
        public Document read(ByteBuffer buffer) {
            byte tag = buffer.get();
            if (tag == BSON) {
                int length = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt();
                ByteBuffer slice = buffer.slice();
                slice.limit(length);
                buffer.position(buffer.position() + length);
                return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(slice));
            }
            if (tag == SERIALIZED) {
                byte[] serialized = new byte[DataUtils.readVarInt(buffer)];
                buffer.get(serialized);
                return (Document) ObjectDataType.deserialize(serialized);
            }
            throw new IllegalStateException("unknown document encoding " + tag + " in the off-chain store");
        }

        @Override
        public Document[] createStorage(int size) {
            return new Document[size];
        }

        private static int estimate(Object value) {
            if (value instanceof Map<?, ?> map) {
                int size = 64;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    size += 48 + 2 * String.valueOf(entry.getKey()).length() + estimate(entry.getValue());
                }
                return size;
            }
            if (value instanceof Iterable<?> values) {
                int size = 40;
                for (Object v : values) {
                    size += 8 + estimate(v);
                }
                return size;
            }
            if (value instanceof String s) {
                return 40 + s.length();
            }
            if (value instanceof de.bwaldvogel.mongo.bson.BinData data) {
                return 32 + data.getData().length;
            }
            if (value instanceof byte[] bytes) {
                return 16 + bytes.length;
            }
            return 24;
        }
    }

    /**
     * Unique-index keys: a tag and a compact encoding per value, compared value by value without
     * serializing. The order is a consistent total order (H2 needs no more: mongo-java-server only
     * looks keys up and iterates all of them); two keys are equal exactly when their values are
     * equal with the same types, as with H2's default type before.
     */
    static final class KeyValueType extends BasicDataType<KeyValue> {
        static final KeyValueType INSTANCE = new KeyValueType();

        private static final byte MISSING = 0;
        private static final byte NULL = 1;
        private static final byte STRING = 2;
        private static final byte INT = 3;
        private static final byte LONG = 4;
        private static final byte DOUBLE = 5;
        private static final byte BOOLEAN = 6;
        private static final byte OBJECT_ID = 7;
        private static final byte INSTANT = 8;
        private static final byte SERIALIZED = 9;

        @Override
        public int getMemory(KeyValue key) {
            int size = 48;
            for (Object value : key) {
                size += value instanceof String s ? 40 + s.length() : 32;
            }
            return size;
        }

        @Override
        public void write(WriteBuffer buffer, KeyValue key) {
            buffer.putVarInt(key.size());
            for (Object value : key) {
                if (value instanceof Missing) {
                    buffer.put(MISSING);
                } else if (value == null) {
                    buffer.put(NULL);
                } else if (value instanceof String s) {
                    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                    buffer.put(STRING).putVarInt(utf8.length).put(utf8);
                } else if (value instanceof Integer i) {
                    buffer.put(INT).putInt(i);
                } else if (value instanceof Long l) {
                    buffer.put(LONG).putLong(l);
                } else if (value instanceof Double d) {
                    buffer.put(DOUBLE).putDouble(d);
                } else if (value instanceof Boolean b) {
                    buffer.put(BOOLEAN).put((byte) (b ? 1 : 0));
                } else if (value instanceof ObjectId id) {
                    buffer.put(OBJECT_ID).put(id.toByteArray());
                } else if (value instanceof Instant t) {
                    buffer.put(INSTANT).putLong(t.getEpochSecond()).putInt(t.getNano());
                } else {
                    byte[] serialized = ObjectDataType.serialize(value);
                    buffer.put(SERIALIZED).putVarInt(serialized.length).put(serialized);
                }
            }
        }

        @Override
        public KeyValue read(ByteBuffer buffer) {
            int size = DataUtils.readVarInt(buffer);
            List<Object> values = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                byte tag = buffer.get();
                values.add(switch (tag) {
                    case MISSING -> Missing.getInstance();
                    case NULL -> null;
                    case STRING -> {
                        byte[] utf8 = new byte[DataUtils.readVarInt(buffer)];
                        buffer.get(utf8);
                        yield new String(utf8, StandardCharsets.UTF_8);
                    }
                    case INT -> buffer.getInt();
                    case LONG -> buffer.getLong();
                    case DOUBLE -> buffer.getDouble();
                    case BOOLEAN -> buffer.get() != 0;
                    case OBJECT_ID -> {
                        byte[] id = new byte[12];
                        buffer.get(id);
                        yield new ObjectId(id);
                    }
                    case INSTANT -> Instant.ofEpochSecond(buffer.getLong(), buffer.getInt());
                    case SERIALIZED -> {
                        byte[] serialized = new byte[DataUtils.readVarInt(buffer)];
                        buffer.get(serialized);
                        yield ObjectDataType.deserialize(serialized);
                    }
                    default -> throw new IllegalStateException("unknown index key value " + tag + " in the off-chain store");
                });
            }
            return new KeyValue(values);
        }

        @Override
        public KeyValue[] createStorage(int size) {
            return new KeyValue[size];
        }

        @Override
        public int compare(KeyValue a, KeyValue b) {
            int n = Math.min(a.size(), b.size());
            for (int i = 0; i < n; i++) {
                int c = compareValues(a.get(i), b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a.size(), b.size());
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static int compareValues(Object x, Object y) {
            if (x == y) {
                return 0;
            }
            if (x == null || y == null) {
                return x == null ? -1 : 1;
            }
            Class<?> cx = x.getClass();
            Class<?> cy = y.getClass();
            if (cx != cy) {
                return cx.getName().compareTo(cy.getName());
            }
            if (x instanceof String || x instanceof Integer || x instanceof Long || x instanceof Double || x instanceof Boolean || x instanceof ObjectId || x instanceof Instant) {
                return ((Comparable) x).compareTo(y);
            }
            if (x instanceof Missing) {
                return 0;
            }
            return ObjectDataType.compareNotNull(ObjectDataType.serialize(x), ObjectDataType.serialize(y));
        }
    }
}
