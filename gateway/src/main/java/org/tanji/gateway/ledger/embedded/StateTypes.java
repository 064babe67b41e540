package org.tanji.gateway.ledger.embedded;

import java.time.Instant;
import java.util.Arrays;

/**
 * How the state database ({@link StateDb}) lays out its keys and values as bytes.
 *
 * <p>RocksDB orders keys by their bytes, so a user's key is written in an encoding whose byte
 * order is {@link WorldState#KEY_ORDER}, Unicode code-point order, the order of the UTF-8 keys in
 * Fabric's LevelDB. Each UTF-16 char is first mapped to its rank in that order (surrogates above
 * U+E000..U+FFFF, as their code points are), plus one, then written in one, two or three bytes
 * whose first byte says how many. Shorter ranks always get smaller first bytes, so the byte order
 * of two encodings is the order of their keys, and a key that is a prefix of another sorts first.
 * No char encodes to a zero byte, so {@code 0x00} ends a key that is followed by more fields, and
 * sorts before any longer key. Unlike UTF-8, an unpaired surrogate keeps its own value.
 *
 * <p>Every map lives in one keyspace under its own first byte, so one write batch per block
 * changes all of them, and the savepoint with them, at once.
 */
final class StateTypes {
    static final byte STATE = 1;
    static final byte HISTORY = 2;
    static final byte TRANSACTIONS = 3;
    static final byte PRIVATE_VALUES = 4;
    static final byte PRIVATE_HASHES = 5;
    static final byte META = 0x7f;

    private static final ValidationCode[] CODES = ValidationCode.values();

    private StateTypes() {
    }

    // ---- keys

    /** A world-state key. */
    static byte[] stateKey(String key) {
        return key(STATE, key, false).toByteArray();
    }

    /** One modification of a key, as Fabric's history database keys it: key, block, transaction. */
    static byte[] historyKey(String key, long block, int tx) {
        return key(HISTORY, key, true).i64(block).i32(tx).toByteArray();
    }

    /** What every history key of {@code key} starts with. */
    static byte[] historyPrefix(String key) {
        return key(HISTORY, key, true).toByteArray();
    }

    static byte[] transactionKey(String txId) {
        return key(TRANSACTIONS, txId, false).toByteArray();
    }

    /** A private value by collection and key; private hashes by collection and hex key hash. */
    static byte[] collectionKey(byte map, String collection, String key) {
        RecordWriter w = key(map, collection, true);
        chars(w, key);
        return w.toByteArray();
    }

    /** What every key of {@code collection} in {@code map} starts with. */
    static byte[] collectionPrefix(byte map, String collection) {
        return key(map, collection, true).toByteArray();
    }

    static byte[] metaKey(String name) {
        return key(META, name, false).toByteArray();
    }

    private static RecordWriter key(byte map, String key, boolean terminated) {
        RecordWriter w = new RecordWriter(2 + key.length() + (terminated ? 13 : 0));
        w.u8(map);
        chars(w, key);
        if (terminated) {
            w.u8(0);
        }
        return w;
    }

    private static void chars(RecordWriter w, String s) {
        for (int i = 0; i < s.length(); i++) {
            int rank = rank(s.charAt(i)) + 1;
            if (rank < 0x80) {
                w.u8(rank);
            } else if (rank < 0x4000) {
                w.u8(0x80 | rank >>> 8).u8(rank);
            } else {
                w.u8(0xC0 | rank >>> 16).u8(rank >>> 8).u8(rank);
            }
        }
    }

    /** The user's key in an encoded key, from {@code from} up to the end or a {@code 0x00}. */
    static String userKey(byte[] encoded, int from) {
        StringBuilder s = new StringBuilder(encoded.length - from);
        for (int i = from; i < encoded.length;) {
            int b = encoded[i] & 0xff;
            int rank;
            if (b == 0) {
                break;
            } else if (b < 0x80) {
                rank = b;
                i += 1;
            } else if (b < 0xC0) {
                rank = (b & 0x3f) << 8 | encoded[i + 1] & 0xff;
                i += 2;
            } else {
                rank = (b & 0x3f) << 16 | (encoded[i + 1] & 0xff) << 8 | encoded[i + 2] & 0xff;
                i += 3;
            }
            s.append(unrank(rank - 1));
        }
        return s.toString();
    }

    /** The index just past the {@code 0x00} that ends the first field of an encoded key. */
    static int afterTerminator(byte[] encoded, int from) {
        for (int i = from; i < encoded.length; i++) {
            if (encoded[i] == 0) {
                return i + 1;
            }
        }
        throw new IllegalStateException("a key in the state database has no terminator");
    }

    /** The smallest key above {@code key}: for resuming a scan after it. */
    static byte[] successor(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** A char's place in code-point order: the surrogates go above U+E000..U+FFFF. */
    private static int rank(char c) {
        if (c < 0xD800) {
            return c;
        }
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }

    private static char unrank(int rank) {
        if (rank < 0xD800) {
            return (char) rank;
        }
        return (char) (rank >= 0xF800 ? rank - 0x2000 : rank + 0x800);
    }

    // ---- values

    static byte[] entry(WorldState.Entry e) {
        RecordWriter w = new RecordWriter(32 + length(e.inline()) + length(e.validationParameter()));
        w.i64(e.ref());
        nullable(w, e.inline());
        version(w, e.version());
        nullable(w, e.validationParameter());
        return w.toByteArray();
    }

    static WorldState.Entry entry(byte[] b) {
        RecordReader r = new RecordReader(b);
        return new WorldState.Entry(r.i64(), nullable(r), version(r), nullable(r));
    }

    static byte[] historyEntry(WorldState.HistoryEntry h) {
        RecordWriter w = new RecordWriter(48 + h.txId().length() + length(h.inline()));
        w.str(h.txId()).i64(h.ref());
        nullable(w, h.inline());
        w.i64(h.timestamp().getEpochSecond()).i32(h.timestamp().getNano());
        return w.toByteArray();
    }

    static WorldState.HistoryEntry historyEntry(byte[] b) {
        RecordReader r = new RecordReader(b);
        return new WorldState.HistoryEntry(r.str(), r.i64(), nullable(r), Instant.ofEpochSecond(r.i64(), r.i32()));
    }

    static byte[] txLocation(WorldState.TxLocation t) {
        return new RecordWriter(13).i64(t.blockNumber()).i32(t.txIndex()).u8(t.validationCode().ordinal()).toByteArray();
    }

    static WorldState.TxLocation txLocation(byte[] b) {
        RecordReader r = new RecordReader(b);
        long block = r.i64();
        int tx = r.i32();
        int code = r.u8();
        if (code >= CODES.length) {
            throw new IllegalStateException("unknown validation code " + code + " for block " + block + " in the state database");
        }
        return new WorldState.TxLocation(block, tx, CODES[code]);
    }

    static byte[] hashedEntry(WorldState.HashedEntry e) {
        RecordWriter w = new RecordWriter(32 + length(e.valueHash()) + length(e.validationParameter()));
        nullable(w, e.valueHash());
        version(w, e.version());
        nullable(w, e.validationParameter());
        return w.toByteArray();
    }

    static WorldState.HashedEntry hashedEntry(byte[] b) {
        RecordReader r = new RecordReader(b);
        return new WorldState.HashedEntry(nullable(r), version(r), nullable(r));
    }

    private static void nullable(RecordWriter w, byte[] b) {
        if (b == null) {
            w.bool(false);
        } else {
            w.bool(true).bytes(b);
        }
    }

    private static byte[] nullable(RecordReader r) {
        return r.bool() ? r.bytes() : null;
    }

    private static void version(RecordWriter w, Version v) {
        w.i64(v.blockNumber()).i32(v.txNumber());
    }

    private static Version version(RecordReader r) {
        return new Version(r.i64(), r.i32());
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }
}
