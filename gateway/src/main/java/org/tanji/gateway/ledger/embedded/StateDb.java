package org.tanji.gateway.ledger.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.StringDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state database: {@link WorldState}'s index (world state, key history, transaction
 * locations, private data) in an H2 MVStore file beside the block log, like a Fabric peer's state
 * and history databases. It is derived data: the block log is the truth, and this file can always
 * be deleted and rebuilt from it.
 *
 * <p>It records a savepoint, the height and hash of the last block it holds, in the same MVStore
 * commit as the maps, so what is on disk is always whole blocks: nothing commits on its own (auto
 * commit is off), and {@link #commit} is only called between blocks. At start the ledger applies
 * only the blocks after the savepoint.
 *
 * <p>MVStore writes every commit as a new chunk and leaves the pages it replaced behind, so
 * chunks that fall below {@value #TARGET_FILL_RATE}% live data are rewritten now and then
 * ({@link MVStore#compact}), and the freed space is reused once no reader can still need it.
 * Closing copies the live pages into a new, compressed file that replaces the old one. While
 * running, pages are written uncompressed: with random keys nearly every commit rewrites whole
 * leaf pages, and compressing them all cost the committer more CPU than the disk space was worth.
 */
final class StateDb implements AutoCloseable {
    static final String FILE = "state.db";
    /** Bump when a map's encoding changes: an older file is then rebuilt from the log. */
    static final int FORMAT = 1;
    private static final Logger LOG = LoggerFactory.getLogger(StateDb.class);

    private static final String SAVEPOINT = "savepoint";
    private static final String FORMAT_KEY = "format";
    private static final String HEIGHT_KEY = "height";
    private static final String HASH_KEY = "hash";
    /**
     * The page cache. Small, like the off-chain store's ({@code EmbeddedMongo.CACHE_MB}): with
     * random keys nearly every cached leaf is read once and dropped, and the larger the cache, the
     * longer it lives, until it is promoted and has to be collected by a full collection.
     */
    private static final int CACHE_MIB = 4;
    /**
     * Smaller pages than H2's 16 KB: every put into a random key reads and decodes a whole leaf,
     * and with 4 KB pages that is a quarter as much (under steady POSTs: 3 full collections in the
     * measured window instead of 7; docs/benchmarks.md).
     */
    private static final int PAGE_SPLIT_BYTES = 4096;
    /**
     * Commits come at least this often under load. Short enough that the pages a commit writes die
     * young: a page changed since the last commit stays in the heap until it is written, and pages
     * held for a second were promoted to the old generation by the dozen MB, which under steady
     * POSTs meant a full collection every few seconds (every 25 s at 250 ms, every 26-36 s at 100
     * ms; docs/benchmarks.md).
     */
    private static final long COMMIT_INTERVAL_NANOS = 100_000_000L;
    /**
     * Unsaved pages past this many bytes commit early. Well under 4 MB, so the chunk (the estimate
     * runs low) fits H2's pooled write buffer: H2 keeps buffers up to 4 MB and otherwise grows a new
     * one, by copying, for every commit, and those arrays of several MB were promoted whenever a
     * young collection caught them. Larger means fewer rewrites of the same leaf pages.
     */
    private static final int COMMIT_UNSAVED_BYTES = 3 << 19;
    private static final int TARGET_FILL_RATE = 50;
    /** Sparse chunks are looked for at most this often, whatever the commit rate. */
    private static final long COMPACT_INTERVAL_NANOS = 8_000_000_000L;
    private static final int COMPACT_WRITE_BYTES = 4 << 20;
    private static final int FULL_COMPACTION = -1;

    /** The height and hash of the last block the state database holds; height 0 when it is new. */
    record Savepoint(long height, byte[] hash) {
        static final Savepoint NONE = new Savepoint(0, null);
    }

    /** The maps; replaced as a whole when the file is rebuilt. */
    record Maps(MVMap<String, WorldState.Entry> state,
            MVMap<StateTypes.HistoryKey, WorldState.HistoryEntry> history,
            MVMap<String, WorldState.TxLocation> transactions,
            MVMap<StateTypes.CollectionKey, byte[]> privateValues,
            MVMap<StateTypes.CollectionKey, WorldState.HashedEntry> privateHashes) {
    }

    private final Path file;
    private MVStore store;
    private Maps maps;
    private MVMap<String, Object> savepointMap;
    private Savepoint opened;
    private long committedHeight;
    private long lastCommitNanos = System.nanoTime();
    private long lastCompactionNanos = System.nanoTime();
    private long compactIntervalNanos = COMPACT_INTERVAL_NANOS;
    private Throwable poisoned;
    private long compactions;

    private StateDb(Path file) {
        this.file = file;
    }

    /** A state database that lives in memory only, for tests that build blocks by hand. */
    static StateDb inMemory() {
        StateDb db = new StateDb(null);
        db.bind(db.openStore());
        return db;
    }

    /**
     * Opens {@code dir/state.db}. A file that cannot be opened or has another format is deleted,
     * with a warning, and a new one made; the caller rebuilds it from the log.
     *
     * @param logHasBlocks whether the block log already holds blocks, so a missing file is worth a warning
     */
    static StateDb open(Path dir, boolean logHasBlocks) {
        StateDb db = new StateDb(dir.resolve(FILE));
        boolean existed = Files.exists(db.file);
        if (!existed && logHasBlocks) {
            LOG.warn("{} is missing; rebuilding it from the whole block log", db.file.toAbsolutePath());
        }
        try {
            db.bind(db.openStore());
        } catch (RuntimeException e) {
            LOG.warn("{} cannot be opened ({}); deleting it and rebuilding it from the whole block log",
                    db.file.toAbsolutePath(), e.toString());
            if (db.store != null) {
                db.store.closeImmediately();
            }
            db.delete();
            existed = false;
            db.bind(db.openStore());
        }
        Object format = db.savepointMap.get(FORMAT_KEY);
        if (existed && !Integer.valueOf(FORMAT).equals(format)) {
            db.discard("it has format " + format + ", this Tanji writes format " + FORMAT);
        }
        return db;
    }

    private MVStore openStore() {
        if (file == null) {
            return new MVStore.Builder().autoCommitDisabled().open();
        }
        return new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().cacheSize(CACHE_MIB).pageSplitSize(PAGE_SPLIT_BYTES).open();
    }

    private void bind(MVStore s) {
        store = s;
        maps = new Maps(
                s.openMap("state", new MVMap.Builder<String, WorldState.Entry>()
                        .keyType(StateTypes.KeyType.INSTANCE).valueType(StateTypes.EntryType.INSTANCE)),
                s.openMap("history", new MVMap.Builder<StateTypes.HistoryKey, WorldState.HistoryEntry>()
                        .keyType(StateTypes.HistoryKeyType.INSTANCE).valueType(StateTypes.HistoryEntryType.INSTANCE)),
                s.openMap("transactions", new MVMap.Builder<String, WorldState.TxLocation>()
                        .keyType(StringDataType.INSTANCE).valueType(StateTypes.TxLocationType.INSTANCE)),
                s.openMap("privateValues", new MVMap.Builder<StateTypes.CollectionKey, byte[]>()
                        .keyType(StateTypes.CollectionKeyType.INSTANCE).valueType(StateTypes.BytesType.INSTANCE)),
                s.openMap("privateHashes", new MVMap.Builder<StateTypes.CollectionKey, WorldState.HashedEntry>()
                        .keyType(StateTypes.CollectionKeyType.INSTANCE).valueType(StateTypes.HashedEntryType.INSTANCE)));
        savepointMap = s.openMap(SAVEPOINT);
        Object height = savepointMap.get(HEIGHT_KEY);
        Object hash = savepointMap.get(HASH_KEY);
        opened = height instanceof Long h && hash instanceof byte[] b ? new Savepoint(h, b) : Savepoint.NONE;
        committedHeight = opened.height();
    }

    Maps maps() {
        return maps;
    }

    /** Where the file stood when it was opened (or rebuilt: then {@link Savepoint#NONE}). */
    Savepoint savepoint() {
        return opened;
    }

    Path file() {
        return file;
    }

    /**
     * Deletes the file and starts an empty one, for the caller to rebuild from the whole log.
     * Only before the ledger serves anything: the maps are replaced.
     */
    void discard(String why) {
        LOG.warn("{} is not usable: {}; deleting it and rebuilding it from the whole block log",
                file == null ? "the in-memory state database" : file.toAbsolutePath(), why);
        store.closeImmediately();
        if (file != null) {
            delete();
        }
        bind(openStore());
    }

    private void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the unusable state database " + file.toAbsolutePath(), e);
        }
    }

    /** Whether enough has changed since the last commit to write now. */
    boolean commitDue(long height) {
        return height > committedHeight && (System.nanoTime() - lastCommitNanos >= COMMIT_INTERVAL_NANOS
                || store.getUnsavedMemory() >= COMMIT_UNSAVED_BYTES);
    }

    /**
     * Commits the maps with the savepoint {@code (height, hash)}. The caller guarantees that the
     * maps hold exactly blocks {@code 0..height-1} and that no block is being applied meanwhile;
     * readers may go on. Then rewrites sparse chunks now and then, so the file stays bounded.
     */
    void commit(long height, byte[] hash) {
        if (poisoned != null || height == committedHeight && !store.hasUnsavedChanges()) {
            return;
        }
        savepointMap.put(FORMAT_KEY, FORMAT);
        savepointMap.put(HEIGHT_KEY, height);
        savepointMap.put(HASH_KEY, hash);
        store.commit();
        committedHeight = height;
        lastCommitNanos = System.nanoTime();
        if (file != null && lastCommitNanos - lastCompactionNanos >= compactIntervalNanos && fillRate() < TARGET_FILL_RATE) {
            lastCompactionNanos = lastCommitNanos;
            // Moves live pages out of sparse chunks: same content, so the next commit is still whole blocks.
            if (store.compact(TARGET_FILL_RATE, COMPACT_WRITE_BYTES)) {
                compactions++;
            }
            store.commit();
        }
    }

    /**
     * How long chunks that no longer hold live pages stay untouched before their space is reused
     * (MVStore's retention time, 45 s by default). It keeps pages valid for readers that are
     * still on an older root while the committer moves on; tests shorten it.
     */
    void retainFreedChunksFor(int millis) {
        store.setRetentionTime(millis);
    }

    /** How often, at most, sparse chunks are looked for (8 s by default); tests shorten it. */
    void compactAtMostEvery(java.time.Duration interval) {
        compactIntervalNanos = interval.toNanos();
    }

    long fileSize() {
        return file == null ? 0 : store.getFileStore().size();
    }

    /** Live data as a percentage of the chunks in the file. */
    int fillRate() {
        return store.getFileStore().getChunksFillRate();
    }

    long committedHeight() {
        return committedHeight;
    }

    long compactions() {
        return compactions;
    }

    /**
     * A block failed half-way through being applied: what is in the maps now must never be
     * committed. The file keeps its last savepoint, and the next start replays from there.
     */
    void poison(Throwable why) {
        if (poisoned == null) {
            poisoned = why;
            LOG.error("applying a block to {} failed; it will not be written again until the ledger restarts and"
                    + " replays the blocks after its savepoint", file == null ? "the state database" : file.toAbsolutePath(), why);
        }
    }

    boolean poisoned() {
        return poisoned != null;
    }

    /** Leaves the file at its last commit: for a start that failed part-way. */
    void abandon() {
        if (!store.isClosed()) {
            store.closeImmediately();
        }
    }

    /** Commits at {@code (height, hash)}, then copies the live pages into a new file that replaces this one, and closes. */
    void close(long height, byte[] hash) {
        if (store.isClosed()) {
            return;
        }
        if (poisoned != null) {
            store.closeImmediately();
            return;
        }
        commit(height, hash);
        store.close(file == null ? 0 : FULL_COMPACTION);
    }

    /**
     * {@link #close} and open again: afterwards no replaced page is left in the file. The caller
     * keeps readers out, as the maps are replaced.
     */
    void rewrite(long height, byte[] hash) {
        if (poisoned != null) {
            throw new IllegalStateException("the state database " + file + " cannot be rewritten after a failed block");
        }
        if (file == null) {
            commit(height, hash);
            return;
        }
        close(height, hash);
        bind(openStore());
    }

    @Override
    public void close() {
        abandon();
    }
}
