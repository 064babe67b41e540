package org.tanji.gateway.ledger.embedded;

import java.nio.ByteBuffer;
import java.time.Instant;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * How the state database ({@link StateDb}) stores its keys and values in H2 MVStore pages.
 *
 * <p>Keys that range queries walk compare in {@link WorldState#KEY_ORDER}, Unicode code-point
 * order, so a cursor over the map returns keys in the order Fabric's LevelDB does. Strings are
 * written with H2's char-wise encoding, which, unlike UTF-8, keeps an unpaired surrogate as it was.
 */
final class StateTypes {

    private StateTypes() {
    }

    /** A key of the world state or of a private collection, in code-point order. */
    static final class KeyType extends Type<String> {
        static final KeyType INSTANCE = new KeyType();

        @Override
        public void write(WriteBuffer out, String key) {
            putString(out, key);
        }

        @Override
        public String read(ByteBuffer in) {
            return DataUtils.readString(in);
        }

        @Override
        public int compare(String a, String b) {
            return WorldState.KEY_ORDER.compare(a, b);
        }

        @Override
        public int getMemory(String key) {
            return 40 + 2 * key.length();
        }

        @Override
        public String[] createStorage(int size) {
            return new String[size];
        }
    }

    /** A key within a collection: private values by key, private hashes by hex key hash. */
    record CollectionKey(String collection, String key) {
    }

    static final class CollectionKeyType extends Type<CollectionKey> {
        static final CollectionKeyType INSTANCE = new CollectionKeyType();

        @Override
        public void write(WriteBuffer out, CollectionKey k) {
            putString(out, k.collection());
            putString(out, k.key());
        }

        @Override
        public CollectionKey read(ByteBuffer in) {
            return new CollectionKey(DataUtils.readString(in), DataUtils.readString(in));
        }

        @Override
        public int compare(CollectionKey a, CollectionKey b) {
            int c = WorldState.KEY_ORDER.compare(a.collection(), b.collection());
            return c != 0 ? c : WorldState.KEY_ORDER.compare(a.key(), b.key());
        }

        @Override
        public int getMemory(CollectionKey k) {
            return 64 + 2 * (k.collection().length() + k.key().length());
        }

        @Override
        public CollectionKey[] createStorage(int size) {
            return new CollectionKey[size];
        }
    }

    /** One modification of a key, as Fabric's history database keys it: key, block, transaction. */
    record HistoryKey(String key, long block, int tx) {
    }

    static final class HistoryKeyType extends Type<HistoryKey> {
        static final HistoryKeyType INSTANCE = new HistoryKeyType();

        @Override
        public void write(WriteBuffer out, HistoryKey k) {
            putString(out, k.key());
            out.putVarLong(k.block()).putVarInt(k.tx());
        }

        @Override
        public HistoryKey read(ByteBuffer in) {
            return new HistoryKey(DataUtils.readString(in), DataUtils.readVarLong(in), DataUtils.readVarInt(in));
        }

        @Override
        public int compare(HistoryKey a, HistoryKey b) {
            int c = WorldState.KEY_ORDER.compare(a.key(), b.key());
            if (c == 0) {
                c = Long.compare(a.block(), b.block());
            }
            return c != 0 ? c : Integer.compare(a.tx(), b.tx());
        }

        @Override
        public int getMemory(HistoryKey k) {
            return 72 + 2 * k.key().length();
        }

        @Override
        public HistoryKey[] createStorage(int size) {
            return new HistoryKey[size];
        }
    }

    /** A world-state entry: where its value is (or the value), its version and validation parameter. */
    static final class EntryType extends Type<WorldState.Entry> {
        static final EntryType INSTANCE = new EntryType();

        @Override
        public void write(WriteBuffer out, WorldState.Entry e) {
            out.putVarLong(e.ref() + 1);
            putBytes(out, e.inline());
            putVersion(out, e.version());
            putBytes(out, e.validationParameter());
        }

        @Override
        public WorldState.Entry read(ByteBuffer in) {
            return new WorldState.Entry(DataUtils.readVarLong(in) - 1, getBytes(in), getVersion(in), getBytes(in));
        }

        @Override
        public int getMemory(WorldState.Entry e) {
            return 96 + length(e.inline()) + length(e.validationParameter());
        }

        @Override
        public WorldState.Entry[] createStorage(int size) {
            return new WorldState.Entry[size];
        }
    }

    /** What one transaction did to a key: its id, the value written (none for a delete), the time. */
    static final class HistoryEntryType extends Type<WorldState.HistoryEntry> {
        static final HistoryEntryType INSTANCE = new HistoryEntryType();

        @Override
        public void write(WriteBuffer out, WorldState.HistoryEntry h) {
            putString(out, h.txId());
            out.putVarLong(h.ref() + 1);
            putBytes(out, h.inline());
            out.putVarLong(h.timestamp().getEpochSecond()).putVarInt(h.timestamp().getNano());
        }

        @Override
        public WorldState.HistoryEntry read(ByteBuffer in) {
            return new WorldState.HistoryEntry(DataUtils.readString(in), DataUtils.readVarLong(in) - 1, getBytes(in),
                    Instant.ofEpochSecond(DataUtils.readVarLong(in), DataUtils.readVarInt(in)));
        }

        @Override
        public int getMemory(WorldState.HistoryEntry h) {
            return 160 + 2 * h.txId().length() + length(h.inline());
        }

        @Override
        public WorldState.HistoryEntry[] createStorage(int size) {
            return new WorldState.HistoryEntry[size];
        }
    }

    /** Where a transaction landed and how it was judged. */
    static final class TxLocationType extends Type<WorldState.TxLocation> {
        static final TxLocationType INSTANCE = new TxLocationType();
        private static final ValidationCode[] CODES = ValidationCode.values();

        @Override
        public void write(WriteBuffer out, WorldState.TxLocation t) {
            out.putVarLong(t.blockNumber()).putVarInt(t.txIndex()).put((byte) t.validationCode().ordinal());
        }

        @Override
        public WorldState.TxLocation read(ByteBuffer in) {
            long block = DataUtils.readVarLong(in);
            int tx = DataUtils.readVarInt(in);
            int code = in.get();
            if (code < 0 || code >= CODES.length) {
                throw new IllegalStateException("unknown validation code " + code + " for block " + block + " in the state database");
            }
            return new WorldState.TxLocation(block, tx, CODES[code]);
        }

        @Override
        public int getMemory(WorldState.TxLocation t) {
            return 48;
        }

        @Override
        public WorldState.TxLocation[] createStorage(int size) {
            return new WorldState.TxLocation[size];
        }
    }

    /** A private key's hash entry: the value hash the chain recorded, version, validation parameter. */
    static final class HashedEntryType extends Type<WorldState.HashedEntry> {
        static final HashedEntryType INSTANCE = new HashedEntryType();

        @Override
        public void write(WriteBuffer out, WorldState.HashedEntry e) {
            putBytes(out, e.valueHash());
            putVersion(out, e.version());
            putBytes(out, e.validationParameter());
        }

        @Override
        public WorldState.HashedEntry read(ByteBuffer in) {
            return new WorldState.HashedEntry(getBytes(in), getVersion(in), getBytes(in));
        }

        @Override
        public int getMemory(WorldState.HashedEntry e) {
            return 96 + length(e.valueHash()) + length(e.validationParameter());
        }

        @Override
        public WorldState.HashedEntry[] createStorage(int size) {
            return new WorldState.HashedEntry[size];
        }
    }

    /** Byte arrays, null allowed: the private values, and the savepoint's block hash. */
    static final class BytesType extends Type<byte[]> {
        static final BytesType INSTANCE = new BytesType();

        @Override
        public void write(WriteBuffer out, byte[] value) {
            putBytes(out, value);
        }

        @Override
        public byte[] read(ByteBuffer in) {
            return getBytes(in);
        }

        @Override
        public int getMemory(byte[] value) {
            return 24 + length(value);
        }

        @Override
        public byte[][] createStorage(int size) {
            return new byte[size][];
        }
    }

    /** Shared encodings; value types need no order, so compare is left to keys that define one. */
    abstract static class Type<T> extends BasicDataType<T> {

        static void putString(WriteBuffer out, String s) {
            out.putVarInt(s.length()).putStringData(s, s.length());
        }

        /** Length plus one, so 0 stands for null. */
        static void putBytes(WriteBuffer out, byte[] b) {
            if (b == null) {
                out.putVarInt(0);
            } else {
                out.putVarInt(b.length + 1).put(b);
            }
        }

        static byte[] getBytes(ByteBuffer in) {
            int n = DataUtils.readVarInt(in) - 1;
            if (n < 0) {
                return null;
            }
            byte[] b = new byte[n];
            in.get(b);
            return b;
        }

        static void putVersion(WriteBuffer out, Version v) {
            out.putVarLong(v.blockNumber()).putVarInt(v.txNumber());
        }

        static Version getVersion(ByteBuffer in) {
            return new Version(DataUtils.readVarLong(in), DataUtils.readVarInt(in));
        }

        static int length(byte[] b) {
            return b == null ? 0 : b.length;
        }
    }
}
