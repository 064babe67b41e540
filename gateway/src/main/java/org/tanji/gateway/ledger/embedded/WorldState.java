package org.tanji.gateway.ledger.embedded;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Committed state derived from the block log: the world state with versions, every key's history,
 * private data (values and the hashes the chain knows), and where each transaction landed.
 *
 * <p>All of it lives in the state database ({@link StateDb}, a RocksDB directory beside the block
 * log), not in the heap; only each block's hash is kept in memory. Values are not copied into the
 * database either: each entry notes where its value lies in the block log, which already holds
 * every written value, and reads it from there (the page cache keeps hot ones in memory). Only
 * small values, such as the empty values of index keys, are kept inline. With the index in the
 * heap, it grew by about 1.7 KB per footprint, full collections of a heap full of ledger stalled
 * requests for hundreds of milliseconds, and every start replayed the whole log into it.
 *
 * <p>Simulations hold the read lock for their whole run, and the committer takes the write lock
 * only to write a block's batch, which it builds before, once the block is on disk. That gives
 * every simulation one consistent snapshot, as a peer's transaction simulator has, and keeps the
 * lock out of the fsync.
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
    private final StateDb db;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Per block, the only ledger data kept in the heap: every block's hash, for proofs and the chain. */
    private final ArrayList<byte[]> blockHashes = new ArrayList<>();

    /** State whose values are read back from the block log through {@code values}, indexed in {@code db}. */
    WorldState(ValueSource values, StateDb db) {
        this.values = values;
        this.db = db;
    }

    /** State that keeps every value inline, in an in-memory database, for tests that build blocks by hand. */
    WorldState() {
        this(null, StateDb.inMemory());
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
        return db.get(key);
    }

    /**
     * Keys in {@code [start, end)}, or {@code [start, end]} when {@code inclusiveEnd}; an empty end
     * is open. Lazy: entries are read from the database as the iterator is advanced, so the caller
     * must hold the read lock until it is done with it.
     */
    Iterator<Map.Entry<String, Entry>> range(String start, String end, boolean inclusiveEnd) {
        if (!end.isEmpty() && KEY_ORDER.compare(start, end) > 0) {
            return Collections.emptyIterator();
        }
        return db.range(start, end, inclusiveEnd);
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
        List<HistoryEntry> newestFirst = db.history(key);
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    byte[] privateValue(String collection, String key) {
        return db.privateValue(collection, key);
    }

    /** Keys of {@code collection} in {@code [start, end)}, lazily, as {@link #range}. */
    Iterator<Map.Entry<String, byte[]>> privateRange(String collection, String start, String end) {
        if (!end.isEmpty() && KEY_ORDER.compare(start, end) > 0) {
            return Collections.emptyIterator();
        }
        return db.privateRange(collection, start, end);
    }

    HashedEntry privateHash(String collection, byte[] keyHash) {
        return db.privateHash(collection, hex(keyHash));
    }

    TxLocation transaction(String txId) {
        return db.transaction(txId);
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

    // ---- the state database's life cycle: only the committer (or the opening thread) calls these

    /** Where the state database stood when it was opened. */
    StateDb.Savepoint savepoint() {
        return db.savepoint();
    }

    /** A verified block that the state database already holds: only its hash is noted. */
    void skipApplied(Block block) {
        blockHashes.add(block.hash());
    }

    /** Throws away the state database and every block noted so far, for a replay of the whole log. */
    void rebuild(String why) {
        lock.writeLock().lock();
        try {
            db.discard(why);
            blockHashes.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Rewrites the state database's files, so purged private values leave the disk: a deletion is
     * otherwise only a tombstone in front of the old value until compaction reaches it.
     */
    void compactStateDb() {
        db.compactAll();
    }

    /** Flushes and closes the state database. */
    void close() {
        db.close();
    }

    /** Closes the state database without committing: a start failed part-way. */
    void abandon() {
        db.abandon();
    }

    /** Applies a block whose values stay inline (no block log behind this state). */
    void apply(Block block, List<TxRecord> txs, Map<Integer, List<PrivateBatch.Entry>> privateByTx) {
        apply(block, -1, txs, null, privateByTx);
    }

    /**
     * Applies a block that is already durable. Invalid transactions are indexed (so a proof can
     * say why they failed) but change nothing else, as on a peer. If it fails part-way, the state
     * database is never committed again in this run (see {@link StateDb#poison}).
     *
     * @param frameOffset where the block's frame starts in the block log
     * @param valueOffsets per transaction, where each write's value starts in its encoded bytes
     *     ({@link TxRecord.Located#valueOffsets()})
     */
    void apply(Block block, long frameOffset, List<TxRecord> txs, List<int[]> valueOffsets,
            Map<Integer, List<PrivateBatch.Entry>> privateByTx) {
        try (StateDb.Batch batch = db.batch()) {
            try {
                int[] txOffsets = values == null ? null : block.transactionOffsets();
                for (int i = 0; i < txs.size(); i++) {
                    TxRecord tx = txs.get(i);
                    batch.putTransaction(tx.txId(), new TxLocation(block.number(), i, tx.validationCode()));
                    if (tx.validationCode() == ValidationCode.VALID) {
                        long txAt = txOffsets == null ? -1 : frameOffset + FramedLog.HEADER_BYTES + txOffsets[i];
                        applyTx(batch, tx, block.number(), txAt, txAt < 0 ? null : valueOffsets.get(i),
                                new Version(block.number(), i), privateByTx.getOrDefault(i, List.of()));
                    }
                }
                lock.writeLock().lock();
                try {
                    batch.commit(block.number() + 1, block.hash());
                    blockHashes.add(block.hash());
                } finally {
                    lock.writeLock().unlock();
                }
            } catch (RuntimeException | Error e) {
                db.poison(e);
                throw e;
            }
        }
    }

    private void applyTx(StateDb.Batch batch, TxRecord tx, long blockNumber, long txAt, int[] valueOffsets, Version version,
            List<PrivateBatch.Entry> plain) {
        List<TxRecord.KeyWrite> writes = tx.writes();
        for (int i = 0; i < writes.size(); i++) {
            TxRecord.KeyWrite w = writes.get(i);
            long ref = NO_VALUE;
            byte[] inline = null;
            if (w.isDelete()) {
                batch.deleteState(w.key());
            } else {
                int length = w.value().length;
                if (txAt < 0 || length <= INLINE_MAX || length >= 1 << LENGTH_BITS) {
                    inline = w.value();
                } else {
                    ref = (txAt + valueOffsets[i]) << LENGTH_BITS | length;
                }
                // A validation parameter (key-level endorsement) stays with the key across value updates.
                Entry old = batch.getState(w.key());
                batch.putState(w.key(), new Entry(ref, inline, version, old == null ? null : old.validationParameter()));
            }
            batch.putHistory(w.key(), blockNumber, version.txNumber(), new HistoryEntry(tx.txId(), ref, inline, tx.timestamp()));
        }
        for (TxRecord.MetadataWrite m : tx.metadataWrites()) {
            // Fabric keeps metadata with the value; metadata for an absent key has nothing to attach to.
            Entry old = batch.getState(m.key());
            if (old != null) {
                batch.putState(m.key(), new Entry(old.ref(), old.inline(), version, m.validationParameter()));
            }
        }
        for (TxRecord.HashedWrite w : tx.privateWrites()) {
            String keyHash = hex(w.keyHash());
            if (w.op() == TxRecord.PrivateOp.PUT) {
                HashedEntry old = batch.getPrivateHash(w.collection(), keyHash);
                batch.putPrivateHash(w.collection(), keyHash,
                        new HashedEntry(w.valueHash(), version, old == null ? null : old.validationParameter()));
            } else {
                batch.deletePrivateHash(w.collection(), keyHash);
            }
        }
        for (TxRecord.HashedMetadataWrite m : tx.privateMetadataWrites()) {
            String keyHash = hex(m.keyHash());
            HashedEntry old = batch.getPrivateHash(m.collection(), keyHash);
            if (old != null) {
                batch.putPrivateHash(m.collection(), keyHash, new HashedEntry(old.valueHash(), version, m.validationParameter()));
            }
        }
        for (PrivateBatch.Entry e : plain) {
            if (e.op() == TxRecord.PrivateOp.PUT) {
                batch.putPrivateValue(e.collection(), e.key(), e.value());
            } else {
                batch.deletePrivateValue(e.collection(), e.key());
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
