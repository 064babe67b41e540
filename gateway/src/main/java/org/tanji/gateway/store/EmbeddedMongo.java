package org.tanji.gateway.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * An in-process MongoDB-wire server (mongo-java-server) whose data lives in one H2 MVStore file,
 * listening on 127.0.0.1 on a free port. It is what the gateway talks to when no external MongoDB
 * is configured; clients reach it through the ordinary driver over a real socket, so the code
 * above it is the same for both.
 *
 * <p>Every write command is committed to the file before it is acknowledged (concurrent writes
 * share one commit and fsync). Without that, MVStore would only persist about once a second, and
 * a crash could lose a document whose ledger record was already committed — exactly what the
 * store's consistency rule forbids.
 *
 * <pre>{@code
 * try (EmbeddedMongo mongo = EmbeddedMongo.start(Path.of("data"))) {
 *     MongoClient client = MongoClients.create(mongo.connectionString());
 *     ...
 * }
 * }</pre>
 */
public final class EmbeddedMongo implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

    /** Where, under the data directory, the store file lives. */
    public static final String STORE_FILE = "store/tanji.mv.db";

    /**
     * The MVStore page cache, in MB. Small on purpose: a cached page outlives a few young
     * collections and is promoted, so the cache's turnover under steady writes becomes old-generation
     * garbage (2 MB instead of 6 MB, together with the ledger state database's 4 MiB instead of
     * 16 MiB: one full collection in the measured POST window instead of two; docs/benchmarks.md).
     */
    static final int CACHE_MB = 2;

    /**
     * H2's auto-commit buffer, in KB; it also sets how much the background housekeeping moves and
     * rewrites at a time (chunk moves of twice 19 times this, four times that when the store is
     * idle). At H2's 1,024 KB, a move read up to 150 MB of chunks into the heap at once: when the
     * POSTs of {@code ./tanji bench api} stopped, 60 MB were promoted within a second and four full
     * collections followed, with the resident memory at 573 MiB. At 128 KB the same work comes in
     * slices the young generation absorbs (docs/benchmarks.md). Commits are made per ledger block
     * anyway, so the smaller buffer does not add any.
     */
    static final int AUTO_COMMIT_BUFFER_KB = 128;

    private final Path file;
    private final DurableH2Backend backend;
    private final MongoServer server;
    private final InetSocketAddress address;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedMongo(Path file, DurableH2Backend backend, MongoServer server, InetSocketAddress address) {
        this.file = file;
        this.backend = backend;
        this.server = server;
        this.address = address;
    }

    /** Starts a server persisting to {@code <dataDir>/store/tanji.mv.db}. */
    public static EmbeddedMongo start(Path dataDir) {
        return startOnFile(dataDir.resolve(STORE_FILE));
    }

    /**
     * Starts a server persisting to exactly {@code file}, creating it and its parent folders if
     * needed.
     *
     * @throws IllegalStateException if the file is locked by another process or is unreadable
     */
    public static EmbeddedMongo startOnFile(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the off-chain store folder " + absolute.getParent(), e);
        }
        MVStore mvStore;
        try {
            mvStore = new MVStore.Builder()
                    .fileName(absolute.toString())
                    // H2's default page cache is 16 MB, and fills with document pages that are
                    // seldom read again (a read re-checks the hash anyway); see CACHE_MB.
                    .cacheSize(CACHE_MB)
                    .autoCommitBufferSize(AUTO_COMMIT_BUFFER_KB)
                    // Also called for failures while opening, which are rethrown below anyway.
                    .backgroundExceptionHandler((thread, error) ->
                            log.error("H2 MVStore of the off-chain store {} failed", absolute, error))
                    .open();
        } catch (MVStoreException e) {
            throw new IllegalStateException("cannot open the off-chain store " + absolute
                    + " (is another Tanji running on the same data folder?): " + e.getMessage(), e);
        }
        DurableH2Backend backend;
        MongoServer server;
        try {
            TypedH2Maps.upgrade(mvStore);
            backend = new DurableH2Backend(mvStore);
            server = new MongoServer(backend);
            server.bind("127.0.0.1", 0);
        } catch (RuntimeException e) {
            mvStore.close();
            throw e;
        }
        InetSocketAddress address = server.getLocalAddress();
        log.info("embedded off-chain store on 127.0.0.1:{}, file {}", address.getPort(), absolute);
        return new EmbeddedMongo(absolute, backend, server, address);
    }

    /** A connection string for the MongoDB driver, e.g. {@code mongodb://127.0.0.1:40123}. */
    public String connectionString() {
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    /** The address the server listens on. */
    public InetSocketAddress address() {
        return address;
    }

    /** The open MVStore, for tests that check how its maps are typed. */
    org.h2.mvstore.MVStore mvStore() {
        return backend.getMvStore();
    }

    /** The MVStore file the data lives in. */
    public Path file() {
        return file;
    }

    /**
     * Lets inserts into the content-addressed {@value DocumentStore#COLLECTION} collection return
     * before they are on disk; {@link #sync()} then makes them durable. For the embedded ledger
     * only, which calls {@link #sync()} before it writes each block: a document is put before the
     * ledger transaction that names it is submitted, so it is on disk before any block that refers
     * to it, and the store commits once per block instead of once per put. A put no block names
     * may be lost in a crash, which is what the orphan sweep would do to it anyway. Every other
     * write is still durable before it is answered.
     */
    public void deferDocumentInserts() {
        backend.deferDocumentInserts = true;
    }

    /** Makes every write answered so far durable (commit and fsync), unless it already is. */
    public void sync() {
        backend.sync();
    }

    /**
     * Disconnects clients, stops listening and closes the store file, writing out everything.
     * Calling it again does nothing.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            // shutdownNow: a client the application forgot to close must not hold up shutdown.
            server.shutdownNow();
            log.info("embedded off-chain store closed ({})", file);
        }
    }

    /**
     * Simulates a crash for tests: drops the file handle without writing anything that was not
     * already committed, then stops the server.
     */
    void crashForTest() {
        if (closed.compareAndSet(false, true)) {
            backend.getMvStore().closeImmediately();
            server.shutdownNow();
        }
    }

    /** Commits (and fsyncs) after every command that can modify data. */
    private static final class DurableH2Backend extends H2Backend {

        // Lower-cased: the wire protocol accepts e.g. both "findAndModify" and "findandmodify".
        private static final Set<String> WRITE_COMMANDS = Set.of(
                "insert", "update", "delete", "findandmodify", "createindexes", "dropindexes", "drop",
                "dropdatabase", "create", "renamecollection", "committransaction");

        private final AtomicLong writes = new AtomicLong();
        private final Object flushLock = new Object();
        private long flushedThrough;
        private volatile boolean deferDocumentInserts;

        DurableH2Backend(MVStore mvStore) {
            super(mvStore);
        }

        @Override
        protected MongoDatabase openOrCreateDatabase(String databaseName) {
            return new TypedH2Database(databaseName, getMvStore(), getCursorRegistry());
        }

        @Override
        public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
            if (!WRITE_COMMANDS.contains(command.toLowerCase(Locale.ROOT))) {
                return super.handleCommand(channel, databaseName, command, query);
            }
            boolean deferred = deferDocumentInserts && "insert".equals(command)
                    && DocumentStore.COLLECTION.equals(query.get(command));
            try {
                return super.handleCommand(channel, databaseName, command, query);
            } finally {
                // Also after a failure: a multi-document write may have applied part of its batch.
                if (deferred) {
                    // Counted once applied, so a sync() that starts after this answer commits it.
                    writes.incrementAndGet();
                } else {
                    flush();
                }
            }
        }

        private void flush() {
            flushThrough(writes.incrementAndGet());
        }

        void sync() {
            flushThrough(writes.get());
        }

        /**
         * Group commit: a write that finds its change already flushed by a concurrent writer's
         * commit returns at once, so N concurrent writers cost far fewer than N fsyncs.
         */
        private void flushThrough(long mine) {
            synchronized (flushLock) {
                if (flushedThrough >= mine) {
                    return;
                }
                long through = writes.get();
                MVStore store = getMvStore();
                if (store.isClosed()) {
                    return;
                }
                store.commit();
                store.sync();
                flushedThrough = through;
            }
        }
    }
}
