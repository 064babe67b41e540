package org.tanji.gateway.ledger.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.stream.Stream;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.Env;
import org.rocksdb.FlushOptions;
import org.rocksdb.IndexType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.Priority;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.RocksMemEnv;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatchWithIndex;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state database: {@link WorldState}'s index (world state, key history, transaction
 * locations, private data) in a RocksDB directory beside the block log, as a Fabric peer keeps
 * its state and history databases in LevelDB. It is derived data: the block log is the truth, and
 * the directory can always be deleted and rebuilt from it.
 *
 * <p>Why RocksDB: its memtables and block cache live outside the Java heap. The H2 MVStore file
 * used before decoded a whole page into the heap for every put into a random key (footprint ids,
 * index keys, transaction ids), cached pages and then replaced them, copy on write: a third of
 * what a POST allocated, and much of what was promoted to the old generation and had to be
 * collected by stop-the-world full collections (docs/benchmarks.md).
 *
 * <p>Each block is one atomic write batch that also carries the savepoint, the height and hash of
 * the last block applied, so the database always holds whole blocks, up to the savepoint it
 * names. Batches go to RocksDB's write-ahead log without an fsync: the block log is already
 * durable when a block is applied, so a crash can only leave the database behind the log, and the
 * next start applies the blocks after its savepoint.
 */
final class StateDb implements AutoCloseable {
    /** The directory beside the block log. */
    static final String DIR = "state";
    /** Where earlier versions kept an H2 MVStore file instead: deleted when found, the directory rebuilt. */
    static final String OLD_FILE = "state.db";
    /** Bump when a key or value encoding changes: an older database is then rebuilt from the log. */
    static final int FORMAT = 2;
    private static final Logger LOG = LoggerFactory.getLogger(StateDb.class);

    private static final byte[] FORMAT_KEY = StateTypes.metaKey("format");
    private static final byte[] SAVEPOINT_KEY = StateTypes.metaKey("savepoint");
    /**
     * Memtable size; two of them at most. Small, for the resident-memory budget: the state of a
     * ledger taking 300 footprints a second grows by about 1 MB a second.
     */
    private static final long WRITE_BUFFER_BYTES = 2L << 20;
    /**
     * Blocks, indexes and Bloom filters, all in one cache outside the heap. Small: table files are
     * read through the operating system's page cache, which is not the process's memory. Indexes
     * and filters are partitioned into blocks of {@link #BLOCK_BYTES}, so a read loads the few it
     * needs: whole per-file filters (hundreds of KB once a level-1 file holds a few hundred thousand
     * keys) did not fit, and after about 60,000 footprints every read fetched and checksummed one
     * again, which took half of the committer's time and doubled the POST p99 (docs/benchmarks.md).
     */
    private static final long BLOCK_CACHE_BYTES = 4L << 20;
    private static final int BLOCK_BYTES = 4096;
    private static final long SYNC_EVERY_BYTES = 1L << 20;
    /** Range scans read this many entries per native iterator, then close it and seek again. */
    private static final int SCAN_CHUNK = 128;

    static {
        RocksDB.loadLibrary();
    }

    /** The height and hash of the last block the state database holds; height 0 when it is new. */
    record Savepoint(long height, byte[] hash) {
        static final Savepoint NONE = new Savepoint(0, null);
    }

    private final Path dir;
    private final WriteOptions writeOptions = new WriteOptions().setSync(false);
    private final ReadOptions readOptions = new ReadOptions();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private RocksDB db;
    private Savepoint opened;
    private Throwable poisoned;

    private StateDb(Path dir) {
        this.dir = dir;
    }

    /** A state database that lives in memory only, for tests that build blocks by hand. */
    static StateDb inMemory() {
        StateDb db = new StateDb(null);
        db.bind();
        return db;
    }

    /**
     * Opens {@code ledgerDir/state}. A database that cannot be opened or has another format is
     * deleted, with a warning, and a new one made; the caller rebuilds it from the log.
     *
     * @param logHasBlocks whether the block log already holds blocks, so a missing database is worth a warning
     */
    static StateDb open(Path ledgerDir, boolean logHasBlocks) {
        StateDb db = new StateDb(ledgerDir.resolve(DIR));
        Path old = ledgerDir.resolve(OLD_FILE);
        boolean hadOld = Files.exists(old);
        if (hadOld) {
            LOG.info("{} is the state database of an earlier Tanji; deleting it and rebuilding {} from the whole block log",
                    old.toAbsolutePath(), db.dir.toAbsolutePath());
            delete(old);
        }
        boolean existed = Files.isDirectory(db.dir);
        if (!existed && logHasBlocks && !hadOld) {
            LOG.warn("{} is missing; rebuilding it from the whole block log", db.dir.toAbsolutePath());
        }
        try {
            db.bind();
        } catch (RuntimeException e) {
            LOG.warn("{} cannot be opened ({}); deleting it and rebuilding it from the whole block log",
                    db.dir.toAbsolutePath(), e.toString());
            db.closeAll(false);
            delete(db.dir);
            existed = false;
            db.bind();
        }
        byte[] stored = db.read(FORMAT_KEY);
        Integer format = stored == null ? null : new RecordReader(stored).i32();
        if (existed && !Integer.valueOf(FORMAT).equals(format)) {
            db.discard("it has format " + (format == null ? "none" : format) + ", this Tanji writes format " + FORMAT);
        }
        return db;
    }

    private void bind() {
        Options options = new Options().setCreateIfMissing(true)
                .setWriteBufferSize(WRITE_BUFFER_BYTES)
                .setMaxWriteBufferNumber(2)
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setMaxOpenFiles(256)
                .setMaxBackgroundJobs(2)
                .setMaxTotalWalSize(4 * WRITE_BUFFER_BYTES)
                .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setKeepLogFileNum(2)
                .setStatsDumpPeriodSec(0)
                .setStatsPersistPeriodSec(0)
                // Table files are written back a MB at a time, not left dirty until they close:
                // a burst of dirty pages would stall the block log's fsync behind it.
                .setBytesPerSync(SYNC_EVERY_BYTES)
                .setWalBytesPerSync(SYNC_EVERY_BYTES);
        resources.add(options);
        // Half of it kept for index and filter blocks, which data blocks cannot evict.
        LRUCache cache = new LRUCache(BLOCK_CACHE_BYTES, -1, false, 0.5);
        BloomFilter filter = new BloomFilter(10);
        resources.add(cache);
        resources.add(filter);
        options.setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(filter)
                .setCacheIndexAndFilterBlocks(true).setCacheIndexAndFilterBlocksWithHighPriority(true)
                .setPinL0FilterAndIndexBlocksInCache(true).setPinTopLevelIndexAndFilter(true)
                .setIndexType(IndexType.kTwoLevelIndexSearch).setPartitionFilters(true).setMetadataBlockSize(BLOCK_BYTES)
                .setBlockSize(BLOCK_BYTES));
        String path;
        if (dir != null) {
            // Flushes and compactions yield the cores and the disk to the requests being served.
            Env.getDefault().lowerThreadPoolCPUPriority(Priority.LOW).lowerThreadPoolIOPriority(Priority.LOW)
                    .lowerThreadPoolCPUPriority(Priority.HIGH).lowerThreadPoolIOPriority(Priority.HIGH);
        }
        if (dir == null) {
            Env env = new RocksMemEnv(Env.getDefault());
            resources.add(env);
            options.setEnv(env);
            path = "/tanji-state";
        } else {
            path = dir.toString();
            try {
                Files.createDirectories(dir.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dir.getParent().toAbsolutePath(), e);
            }
        }
        try {
            db = RocksDB.open(options, path);
        } catch (RocksDBException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        byte[] savepoint = read(SAVEPOINT_KEY);
        if (savepoint == null) {
            opened = Savepoint.NONE;
        } else {
            RecordReader r = new RecordReader(savepoint);
            opened = new Savepoint(r.i64(), r.bytes());
        }
    }

    /** Where the database stood when it was opened (or rebuilt: then {@link Savepoint#NONE}). */
    Savepoint savepoint() {
        return opened;
    }

    /**
     * Deletes the database and starts an empty one, for the caller to rebuild from the whole log.
     * Only before the ledger serves anything.
     */
    void discard(String why) {
        LOG.warn("{} is not usable: {}; deleting it and rebuilding it from the whole block log",
                dir == null ? "the in-memory state database" : dir.toAbsolutePath(), why);
        closeAll(false);
        if (dir != null) {
            delete(dir);
        }
        bind();
    }

    private static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("cannot delete the unusable state database " + path.toAbsolutePath(),
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
    }

    // ---- reads: safe from any thread

    private byte[] read(byte[] key) {
        try {
            return db.get(readOptions, key);
        } catch (RocksDBException e) {
            throw failed("reading", e);
        }
    }

    WorldState.Entry get(String key) {
        byte[] b = read(StateTypes.stateKey(key));
        return b == null ? null : StateTypes.entry(b);
    }

    /** World-state keys in {@code [start, end)}, or {@code [start, end]} when {@code inclusiveEnd}; an empty end is open. */
    Iterator<Map.Entry<String, WorldState.Entry>> range(String start, String end, boolean inclusiveEnd) {
        return new Scan<>(StateTypes.stateKey(start), new byte[] {StateTypes.STATE},
                end.isEmpty() ? null : StateTypes.stateKey(end), inclusiveEnd, k -> StateTypes.userKey(k, 1), StateTypes::entry);
    }

    /** Every modification of {@code key}, oldest first. */
    List<WorldState.HistoryEntry> history(String key) {
        byte[] prefix = StateTypes.historyPrefix(key);
        List<WorldState.HistoryEntry> out = new ArrayList<>(2);
        new Scan<>(prefix, prefix, null, false, k -> key, StateTypes::historyEntry)
                .forEachRemaining(e -> out.add(e.getValue()));
        return out;
    }

    byte[] privateValue(String collection, String key) {
        return read(StateTypes.collectionKey(StateTypes.PRIVATE_VALUES, collection, key));
    }

    /** Keys of {@code collection} in {@code [start, end)}; an empty end is open. */
    Iterator<Map.Entry<String, byte[]>> privateRange(String collection, String start, String end) {
        byte[] prefix = StateTypes.collectionPrefix(StateTypes.PRIVATE_VALUES, collection);
        return new Scan<>(StateTypes.collectionKey(StateTypes.PRIVATE_VALUES, collection, start), prefix,
                end.isEmpty() ? null : StateTypes.collectionKey(StateTypes.PRIVATE_VALUES, collection, end), false,
                k -> StateTypes.userKey(k, prefix.length), v -> v);
    }

    WorldState.HashedEntry privateHash(String collection, String hexKeyHash) {
        byte[] b = read(StateTypes.collectionKey(StateTypes.PRIVATE_HASHES, collection, hexKeyHash));
        return b == null ? null : StateTypes.hashedEntry(b);
    }

    WorldState.TxLocation transaction(String txId) {
        byte[] b = read(StateTypes.transactionKey(txId));
        return b == null ? null : StateTypes.txLocation(b);
    }

    // ---- writes: only the committer (or the opening thread)

    /** The changes of one block, written at once by {@link Batch#commit}. */
    Batch batch() {
        if (poisoned != null) {
            throw new IllegalStateException("the state database " + dir + " failed while applying an earlier block;"
                    + " no block can be applied until the ledger restarts");
        }
        return new Batch();
    }

    final class Batch implements AutoCloseable {
        private final WriteBatchWithIndex changes = new WriteBatchWithIndex(true);

        private byte[] read(byte[] key) {
            try {
                return changes.getFromBatchAndDB(db, readOptions, key);
            } catch (RocksDBException e) {
                throw failed("reading", e);
            }
        }

        private void put(byte[] key, byte[] value) {
            try {
                changes.put(key, value);
            } catch (RocksDBException e) {
                throw failed("writing", e);
            }
        }

        private void delete(byte[] key) {
            try {
                changes.delete(key);
            } catch (RocksDBException e) {
                throw failed("writing", e);
            }
        }

        /** The entry as this block left it so far, or as committed. */
        WorldState.Entry getState(String key) {
            byte[] b = read(StateTypes.stateKey(key));
            return b == null ? null : StateTypes.entry(b);
        }

        void putState(String key, WorldState.Entry e) {
            put(StateTypes.stateKey(key), StateTypes.entry(e));
        }

        void deleteState(String key) {
            delete(StateTypes.stateKey(key));
        }

        void putHistory(String key, long block, int tx, WorldState.HistoryEntry h) {
            put(StateTypes.historyKey(key, block, tx), StateTypes.historyEntry(h));
        }

        void putTransaction(String txId, WorldState.TxLocation t) {
            put(StateTypes.transactionKey(txId), StateTypes.txLocation(t));
        }

        WorldState.HashedEntry getPrivateHash(String collection, String hexKeyHash) {
            byte[] b = read(StateTypes.collectionKey(StateTypes.PRIVATE_HASHES, collection, hexKeyHash));
            return b == null ? null : StateTypes.hashedEntry(b);
        }

        void putPrivateHash(String collection, String hexKeyHash, WorldState.HashedEntry e) {
            put(StateTypes.collectionKey(StateTypes.PRIVATE_HASHES, collection, hexKeyHash), StateTypes.hashedEntry(e));
        }

        void deletePrivateHash(String collection, String hexKeyHash) {
            delete(StateTypes.collectionKey(StateTypes.PRIVATE_HASHES, collection, hexKeyHash));
        }

        void putPrivateValue(String collection, String key, byte[] value) {
            put(StateTypes.collectionKey(StateTypes.PRIVATE_VALUES, collection, key), value);
        }

        void deletePrivateValue(String collection, String key) {
            delete(StateTypes.collectionKey(StateTypes.PRIVATE_VALUES, collection, key));
        }

        /** Writes every change with the savepoint {@code (height, hash)}, atomically. */
        void commit(long height, byte[] hash) {
            put(FORMAT_KEY, new RecordWriter(4).i32(FORMAT).toByteArray());
            put(SAVEPOINT_KEY, new RecordWriter(12 + hash.length).i64(height).bytes(hash).toByteArray());
            try {
                db.write(writeOptions, changes);
            } catch (RocksDBException e) {
                throw failed("writing", e);
            }
        }

        @Override
        public void close() {
            changes.close();
        }
    }

    private RuntimeException failed(String doing, RocksDBException e) {
        return new IllegalStateException(doing + " the state database " + (dir == null ? "(in memory)" : dir.toAbsolutePath())
                + " failed: " + e.getMessage(), e);
    }

    /**
     * Rewrites every file, so deleted values (purged private data) leave the disk: until then a
     * deletion is only a tombstone in front of the old value.
     */
    void compactAll() {
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush);
            db.compactRange();
        } catch (RocksDBException e) {
            throw failed("compacting", e);
        }
    }

    /**
     * A block failed half-way through being applied. Its batch was never written, but the state
     * is now behind the block log, so no later block may be applied in this run; the next start
     * replays from the savepoint.
     */
    void poison(Throwable why) {
        if (poisoned == null) {
            poisoned = why;
            LOG.error("applying a block to {} failed; no block will be applied until the ledger restarts and replays the"
                    + " blocks after its savepoint", dir == null ? "the state database" : dir.toAbsolutePath(), why);
        }
    }

    boolean poisoned() {
        return poisoned != null;
    }

    /** Closes without flushing the memtables: as a crash would leave it (the write-ahead log keeps what was written). */
    void abandon() {
        closeAll(false);
    }

    /** Flushes the memtables, so the next start has no log to replay, and closes. */
    @Override
    public void close() {
        closeAll(poisoned == null);
    }

    private void closeAll(boolean flush) {
        if (db != null) {
            if (flush) {
                try (FlushOptions f = new FlushOptions().setWaitForFlush(true)) {
                    db.flush(f);
                } catch (RocksDBException e) {
                    LOG.warn("flushing {} before closing failed; the next start replays its log", dir, e);
                }
            }
            try {
                db.closeE();
            } catch (RocksDBException e) {
                LOG.warn("closing {} failed", dir, e);
            }
            db = null;
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.debug("releasing a native resource of {} failed", dir, e);
            }
        }
        resources.clear();
    }

    /**
     * Entries from {@code from} on that start with {@code prefix} and are below {@code limit} (or
     * equal to it, when {@code inclusive}; null: no limit), keyed by the user's key. It reads
     * {@value #SCAN_CHUNK} entries at a time and closes the native iterator in between, so an
     * iterator a caller drops leaks nothing; callers hold {@link WorldState}'s read lock, so no
     * block lands between chunks.
     */
    private final class Scan<V> implements Iterator<Map.Entry<String, V>> {
        private final byte[] prefix;
        private final byte[] limit;
        private final boolean inclusive;
        private final Function<byte[], String> userKey;
        private final Function<byte[], V> value;
        private final ArrayDeque<Map.Entry<String, V>> buffered = new ArrayDeque<>();
        private byte[] next;

        Scan(byte[] from, byte[] prefix, byte[] limit, boolean inclusive, Function<byte[], String> userKey,
                Function<byte[], V> value) {
            this.next = from;
            this.prefix = prefix;
            this.limit = limit;
            this.inclusive = inclusive;
            this.userKey = userKey;
            this.value = value;
        }

        private boolean within(byte[] key) {
            if (!StateTypes.startsWith(key, prefix)) {
                return false;
            }
            if (limit == null) {
                return true;
            }
            int c = Arrays.compareUnsigned(key, limit);
            return inclusive ? c <= 0 : c < 0;
        }

        private void fill() {
            try (RocksIterator it = db.newIterator(readOptions)) {
                it.seek(next);
                byte[] last = null;
                while (buffered.size() < SCAN_CHUNK && it.isValid()) {
                    byte[] key = it.key();
                    if (!within(key)) {
                        next = null;
                        return;
                    }
                    buffered.add(new AbstractMap.SimpleImmutableEntry<>(userKey.apply(key), value.apply(it.value())));
                    last = key;
                    it.next();
                }
                next = it.isValid() && last != null ? StateTypes.successor(last) : null;
                if (next == null) {
                    it.status();
                }
            } catch (RocksDBException e) {
                throw failed("reading", e);
            }
        }

        @Override
        public boolean hasNext() {
            if (buffered.isEmpty() && next != null) {
                fill();
            }
            return !buffered.isEmpty();
        }

        @Override
        public Map.Entry<String, V> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return buffered.poll();
        }
    }
}
