package org.tanji.gateway.ledger.embedded;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Committed state rebuilt from the block log: the world state with versions, every key's history,
 * private data (values and the hashes the chain knows), and where each transaction landed.
 *
 * <p>Values are not copied into the heap: each entry notes where its value lies in the block log,
 * which already holds every written value, and reads it from there (the page cache keeps hot
 * ones in memory). Only small values, such as the empty values of index keys, are kept inline.
 * Without that, the heap grew by about 3 KiB per footprint and full collections of a heap full of
 * ledger stalled requests for hundreds of milliseconds once the ledger held a few tens of
 * thousands of footprints.
 *
 * <p>Simulations hold the read lock for their whole run, and the committer takes the write lock
 * only to apply a block that is already on disk. That gives every simulation one consistent
 * snapshot, as a peer's transaction simulator has, and keeps the lock out of the fsync.
 */
final class WorldState {

    /**
     * Unicode code-point order, which is the byte order of the UTF-8 keys in Fabric's LevelDB.
     * {@code String.compareTo} differs for characters above U+E000 versus surrogate pairs, and the
     * shim's partial composite key queries end at U+10FFFF, so only this order gives the same
     * range results as a peer.
     */
    static final Comparator<String> KEY_ORDER = WorldState::compareCodePoints;

    /** Reads {@code length} bytes of the block log at {@code position}. */
    @FunctionalInterface
    interface ValueSource {
        byte[] read(long position, int length);
    }

    /** Values up to this size are kept inline: a read from the log would cost more than they do. */
    static final int INLINE_MAX = 48;
    private static final int LENGTH_BITS = 24;
    private static final long NO_VALUE = -1;

    /**
     * A committed value: {@code inline}, or {@code ref} (position in the block log shifted left by
     * {@value #LENGTH_BITS} bits, or-ed with the length). Read it with {@link WorldState#value}.
     */
    record Entry(long ref, byte[] inline, Version version, byte[] validationParameter) {
    }

    /** Neither {@code ref} nor {@code inline} when the modification was a delete. */
    record HistoryEntry(String txId, long ref, byte[] inline, Instant timestamp) {
        boolean isDelete() {
            return inline == null && ref == NO_VALUE;
        }
    }

    record HashedEntry(byte[] valueHash, Version version, byte[] validationParameter) {
    }

    record TxLocation(long blockNumber, int txIndex, ValidationCode validationCode) {
    }

    private final ValueSource values;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<String, Entry> state = new TreeMap<>(KEY_ORDER);
    private final HashMap<String, ArrayList<HistoryEntry>> history = new HashMap<>();
    private final HashMap<String, TreeMap<String, byte[]>> privateValues = new HashMap<>();
    private final HashMap<String, HashMap<String, HashedEntry>> privateHashes = new HashMap<>();
    private final HashMap<String, TxLocation> transactions = new HashMap<>();
    private final ArrayList<byte[]> blockHashes = new ArrayList<>();

    /** State whose values are read back from the block log through {@code values}. */
    WorldState(ValueSource values) {
        this.values = values;
    }

    /** State that keeps every value in memory, for tests that build blocks by hand. */
    WorldState() {
        this(null);
    }

    /** The value of a committed entry. The caller must not change the array. */
    byte[] value(Entry e) {
        return read(e.ref(), e.inline());
    }

    /** The value a history entry wrote; null for a delete. */
    byte[] value(HistoryEntry h) {
        return h.isDelete() ? null : read(h.ref(), h.inline());
    }

    private byte[] read(long ref, byte[] inline) {
        return inline != null ? inline : values.read(ref >>> LENGTH_BITS, (int) (ref & ((1L << LENGTH_BITS) - 1)));
    }

    ReentrantReadWriteLock.ReadLock readLock() {
        return lock.readLock();
    }

    // Reads: callers hold the read lock, or are the committer (the only writer).

    Entry get(String key) {
        return state.get(key);
    }

    /** Keys in {@code [start, end)}, or {@code [start, end]} when {@code inclusiveEnd}; an empty end is open. */
    NavigableMap<String, Entry> range(String start, String end, boolean inclusiveEnd) {
        return slice(state, start, end, inclusiveEnd);
    }

    static <V> NavigableMap<String, V> slice(NavigableMap<String, V> map, String start, String end, boolean inclusiveEnd) {
        if (end.isEmpty()) {
            return map.tailMap(start, true);
        }
        if (KEY_ORDER.compare(start, end) > 0) {
            return Collections.emptyNavigableMap();
        }
        return map.subMap(start, true, end, inclusiveEnd);
    }

    /** Newest first: Fabric 2.x returns history in descending order of block and transaction. */
    List<HistoryEntry> history(String key) {
        List<HistoryEntry> versions = history.get(key);
        if (versions == null) {
            return List.of();
        }
        List<HistoryEntry> newestFirst = new ArrayList<>(versions);
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    byte[] privateValue(String collection, String key) {
        TreeMap<String, byte[]> values = privateValues.get(collection);
        return values == null ? null : values.get(key);
    }

    NavigableMap<String, byte[]> privateRange(String collection, String start, String end) {
        TreeMap<String, byte[]> values = privateValues.get(collection);
        return values == null ? Collections.emptyNavigableMap() : slice(values, start, end, false);
    }

    HashedEntry privateHash(String collection, byte[] keyHash) {
        Map<String, HashedEntry> hashes = privateHashes.get(collection);
        return hashes == null ? null : hashes.get(hex(keyHash));
    }

    TxLocation transaction(String txId) {
        return transactions.get(txId);
    }

    byte[] blockHash(long number) {
        return blockHashes.get((int) number);
    }

    long height() {
        return blockHashes.size();
    }

    byte[] lastBlockHash() {
        return blockHashes.isEmpty() ? Block.GENESIS_PREVIOUS_HASH : blockHashes.get(blockHashes.size() - 1);
    }

    /** Applies a block whose values stay in memory (no block log behind this state). */
    void apply(Block block, List<TxRecord> txs, Map<Integer, List<PrivateBatch.Entry>> privateByTx) {
        apply(block, -1, txs, null, privateByTx);
    }

    /**
     * Applies a block that is already durable. Invalid transactions are indexed (so a proof can
     * say why they failed) but change nothing else, as on a peer.
     *
     * @param frameOffset where the block's frame starts in the block log
     * @param valueOffsets per transaction, where each write's value starts in its encoded bytes
     *     ({@link TxRecord.Located#valueOffsets()})
     */
    void apply(Block block, long frameOffset, List<TxRecord> txs, List<int[]> valueOffsets,
            Map<Integer, List<PrivateBatch.Entry>> privateByTx) {
        lock.writeLock().lock();
        try {
            int[] txOffsets = values == null ? null : block.transactionOffsets();
            for (int i = 0; i < txs.size(); i++) {
                TxRecord tx = txs.get(i);
                transactions.put(tx.txId(), new TxLocation(block.number(), i, tx.validationCode()));
                if (tx.validationCode() == ValidationCode.VALID) {
                    long txAt = txOffsets == null ? -1 : frameOffset + FramedLog.HEADER_BYTES + txOffsets[i];
                    applyTx(tx, txAt, txAt < 0 ? null : valueOffsets.get(i), new Version(block.number(), i),
                            privateByTx.getOrDefault(i, List.of()));
                }
            }
            blockHashes.add(block.hash());
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void applyTx(TxRecord tx, long txAt, int[] valueOffsets, Version version, List<PrivateBatch.Entry> plain) {
        List<TxRecord.KeyWrite> writes = tx.writes();
        for (int i = 0; i < writes.size(); i++) {
            TxRecord.KeyWrite w = writes.get(i);
            long ref = NO_VALUE;
            byte[] inline = null;
            if (w.isDelete()) {
                state.remove(w.key());
            } else {
                int length = w.value().length;
                if (txAt < 0 || length <= INLINE_MAX || length >= 1 << LENGTH_BITS) {
                    inline = w.value();
                } else {
                    ref = (txAt + valueOffsets[i]) << LENGTH_BITS | length;
                }
                Entry old = state.get(w.key());
                state.put(w.key(), new Entry(ref, inline, version, old == null ? null : old.validationParameter()));
            }
            history.computeIfAbsent(w.key(), k -> new ArrayList<>(2)).add(new HistoryEntry(tx.txId(), ref, inline, tx.timestamp()));
        }
        for (TxRecord.MetadataWrite m : tx.metadataWrites()) {
            // Fabric keeps metadata with the value; metadata for an absent key has nothing to attach to.
            Entry old = state.get(m.key());
            if (old != null) {
                state.put(m.key(), new Entry(old.ref(), old.inline(), version, m.validationParameter()));
            }
        }
        for (TxRecord.HashedWrite w : tx.privateWrites()) {
            Map<String, HashedEntry> hashes = privateHashes.computeIfAbsent(w.collection(), c -> new HashMap<>());
            String keyHex = hex(w.keyHash());
            if (w.op() == TxRecord.PrivateOp.PUT) {
                HashedEntry old = hashes.get(keyHex);
                hashes.put(keyHex, new HashedEntry(w.valueHash(), version, old == null ? null : old.validationParameter()));
            } else {
                hashes.remove(keyHex);
            }
        }
        for (TxRecord.HashedMetadataWrite m : tx.privateMetadataWrites()) {
            Map<String, HashedEntry> hashes = privateHashes.get(m.collection());
            HashedEntry old = hashes == null ? null : hashes.get(hex(m.keyHash()));
            if (old != null) {
                hashes.put(hex(m.keyHash()), new HashedEntry(old.valueHash(), version, m.validationParameter()));
            }
        }
        for (PrivateBatch.Entry e : plain) {
            TreeMap<String, byte[]> values = privateValues.computeIfAbsent(e.collection(), c -> new TreeMap<>(KEY_ORDER));
            if (e.op() == TxRecord.PrivateOp.PUT) {
                values.put(e.key(), e.value());
            } else {
                values.remove(e.key());
            }
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                // Both at or above the surrogate block: move surrogates above U+FFFF, the rest below.
                if (ca >= 0xD800 && cb >= 0xD800) {
                    ca = ca >= 0xE000 ? (char) (ca - 0x800) : (char) (ca + 0x2000);
                    cb = cb >= 0xE000 ? (char) (cb - 0x800) : (char) (cb + 0x2000);
                }
                return ca - cb;
            }
        }
        return a.length() - b.length();
    }
}
