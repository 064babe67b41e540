package org.tanji.gateway.ledger.embedded;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Predicate;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * Committed state derived from the block log: the world state with versions, every key's history,
 * private data (values and the hashes the chain knows), and where each transaction landed.
 *
 * <p>All of it lives in the state database ({@link StateDb}, an MVStore file beside the block log),
 * not in the heap; only each block's hash is kept in memory. Values are not copied into the
 * database either: each entry notes where its value lies in the block log, which already holds
 * every written value, and reads it from there (the page cache keeps hot ones in memory). Only
 * small values, such as the empty values of index keys, are kept inline. With the index in the
 * heap, it grew by about 1.7 KB per footprint, full collections of a heap full of ledger stalled
 * requests for hundreds of milliseconds, and every start replayed the whole log into it.
 *
 * <p>Simulations hold the read lock for their whole run, and the committer takes the write lock
 * only to apply a block that is already on disk. That gives every simulation one consistent
 * snapshot, as a peer's transaction simulator has, and keeps the lock out of the fsync. The state
 * database is committed between blocks, outside the lock ({@link #checkpoint}).
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
    private StateDb.Maps maps;

    /** State whose values are read back from the block log through {@code values}, indexed in {@code db}. */
    WorldState(ValueSource values, StateDb db) {
        this.values = values;
        this.db = db;
        this.maps = db.maps();
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
        return maps.state().get(key);
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
        return new Scan<>(maps.state().cursor(start), k -> k, k -> below(k, end, inclusiveEnd));
    }

    /** Whether {@code key} is before {@code end} (or equal to it, when {@code inclusive}); an empty end is open. */
    private static boolean below(String key, String end, boolean inclusive) {
        if (end.isEmpty()) {
            return true;
        }
        int c = KEY_ORDER.compare(key, end);
        return inclusive ? c <= 0 : c < 0;
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
        List<HistoryEntry> newestFirst = new ArrayList<>(2);
        Iterator<Map.Entry<String, HistoryEntry>> versions = new Scan<>(
                maps.history().cursor(new StateTypes.HistoryKey(key, Long.MIN_VALUE, Integer.MIN_VALUE)),
                StateTypes.HistoryKey::key, k -> k.key().equals(key));
        versions.forEachRemaining(e -> newestFirst.add(e.getValue()));
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    byte[] privateValue(String collection, String key) {
        return maps.privateValues().get(new StateTypes.CollectionKey(collection, key));
    }

    /** Keys of {@code collection} in {@code [start, end)}, lazily, as {@link #range}. */
    Iterator<Map.Entry<String, byte[]>> privateRange(String collection, String start, String end) {
        if (!end.isEmpty() && KEY_ORDER.compare(start, end) > 0) {
            return Collections.emptyIterator();
        }
        return new Scan<>(maps.privateValues().cursor(new StateTypes.CollectionKey(collection, start)),
                StateTypes.CollectionKey::key, k -> k.collection().equals(collection) && below(k.key(), end, false));
    }

    HashedEntry privateHash(String collection, byte[] keyHash) {
        return maps.privateHashes().get(new StateTypes.CollectionKey(collection, hex(keyHash)));
    }

    TxLocation transaction(String txId) {
        return maps.transactions().get(txId);
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
            maps = db.maps();
            blockHashes.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Commits the state database at the current height, if one is due ({@code force}: whenever
     * anything is unsaved). Called between blocks by the only writer, outside the lock: readers
     * go on meanwhile.
     */
    void checkpoint(boolean force) {
        long height = height();
        if (force ? height > db.committedHeight() : db.commitDue(height)) {
            db.commit(height, lastBlockHash());
        }
    }

    /**
     * Commits the state database and rewrites it into a new file that holds only live pages, so
     * purged private values leave the disk: MVStore otherwise keeps replaced pages until their
     * space is reused. Under the write lock, since the maps are reopened; purges are rare.
     */
    void rewriteStateDb() {
        lock.writeLock().lock();
        try {
            db.rewrite(height(), lastBlockHash());
            maps = db.maps();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Commits at the current height and closes the state database. */
    void close() {
        db.close(height(), lastBlockHash());
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
        if (db.poisoned()) {
            throw new IllegalStateException("the state database " + db.file() + " failed while applying an earlier block;"
                    + " block " + block.number() + " cannot be applied until the ledger restarts");
        }
        lock.writeLock().lock();
        try {
            int[] txOffsets = values == null ? null : block.transactionOffsets();
            for (int i = 0; i < txs.size(); i++) {
                TxRecord tx = txs.get(i);
                maps.transactions().put(tx.txId(), new TxLocation(block.number(), i, tx.validationCode()));
                if (tx.validationCode() == ValidationCode.VALID) {
                    long txAt = txOffsets == null ? -1 : frameOffset + FramedLog.HEADER_BYTES + txOffsets[i];
                    applyTx(tx, block.number(), txAt, txAt < 0 ? null : valueOffsets.get(i), new Version(block.number(), i),
                            privateByTx.getOrDefault(i, List.of()));
                }
            }
            blockHashes.add(block.hash());
        } catch (RuntimeException | Error e) {
            db.poison(e);
            throw e;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void applyTx(TxRecord tx, long blockNumber, long txAt, int[] valueOffsets, Version version,
            List<PrivateBatch.Entry> plain) {
        MVMap<String, Entry> state = maps.state();
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
                // One descent of the tree for the common case; the rare validation parameter is put back.
                Entry old = state.put(w.key(), new Entry(ref, inline, version, null));
                if (old != null && old.validationParameter() != null) {
                    state.put(w.key(), new Entry(ref, inline, version, old.validationParameter()));
                }
            }
            maps.history().put(new StateTypes.HistoryKey(w.key(), blockNumber, version.txNumber()),
                    new HistoryEntry(tx.txId(), ref, inline, tx.timestamp()));
        }
        for (TxRecord.MetadataWrite m : tx.metadataWrites()) {
            // Fabric keeps metadata with the value; metadata for an absent key has nothing to attach to.
            Entry old = state.get(m.key());
            if (old != null) {
                state.put(m.key(), new Entry(old.ref(), old.inline(), version, m.validationParameter()));
            }
        }
        MVMap<StateTypes.CollectionKey, HashedEntry> hashes = maps.privateHashes();
        for (TxRecord.HashedWrite w : tx.privateWrites()) {
            StateTypes.CollectionKey key = new StateTypes.CollectionKey(w.collection(), hex(w.keyHash()));
            if (w.op() == TxRecord.PrivateOp.PUT) {
                HashedEntry old = hashes.get(key);
                hashes.put(key, new HashedEntry(w.valueHash(), version, old == null ? null : old.validationParameter()));
            } else {
                hashes.remove(key);
            }
        }
        for (TxRecord.HashedMetadataWrite m : tx.privateMetadataWrites()) {
            StateTypes.CollectionKey key = new StateTypes.CollectionKey(m.collection(), hex(m.keyHash()));
            HashedEntry old = hashes.get(key);
            if (old != null) {
                hashes.put(key, new HashedEntry(old.valueHash(), version, m.validationParameter()));
            }
        }
        for (PrivateBatch.Entry e : plain) {
            StateTypes.CollectionKey key = new StateTypes.CollectionKey(e.collection(), e.key());
            if (e.op() == TxRecord.PrivateOp.PUT) {
                maps.privateValues().put(key, e.value());
            } else {
                maps.privateValues().remove(key);
            }
        }
    }

    /**
     * A cursor turned into entries keyed by the user's key, ending at the first key outside the
     * range. Reads ahead by one entry, as the cursor does.
     */
    private static final class Scan<K, V> implements Iterator<Map.Entry<String, V>> {
        private final Cursor<K, V> cursor;
        private final Function<K, String> userKey;
        private final Predicate<K> within;
        private Map.Entry<String, V> next;
        private boolean done;

        Scan(Cursor<K, V> cursor, Function<K, String> userKey, Predicate<K> within) {
            this.cursor = cursor;
            this.userKey = userKey;
            this.within = within;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                if (cursor.hasNext()) {
                    K k = cursor.next();
                    if (within.test(k)) {
                        next = new AbstractMap.SimpleImmutableEntry<>(userKey.apply(k), cursor.getValue());
                    } else {
                        done = true;
                    }
                } else {
                    done = true;
                }
            }
            return next != null;
        }

        @Override
        public Map.Entry<String, V> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Map.Entry<String, V> e = next;
            next = null;
            return e;
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
