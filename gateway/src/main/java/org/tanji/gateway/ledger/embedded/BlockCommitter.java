package org.tanji.gateway.ledger.embedded;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tanji.gateway.ledger.ChaincodeEvent;
import org.tanji.gateway.ledger.LedgerUnavailable;
import org.tanji.gateway.ledger.MvccConflict;
import org.tanji.gateway.ledger.Submitted;

import reactor.core.publisher.Sinks;

/**
 * The single writer. It takes whatever endorsed transactions are queued (up to the batch limit)
 * as one block, validates them in order the way Fabric's validator does, writes and forces the
 * block once, applies the valid writes, and only then answers the callers and publishes events.
 *
 * <p>Group commit falls out of the loop: while one block is being forced, new transactions queue
 * up, and the next block takes them all, so one fsync serves many transactions.
 */
final class BlockCommitter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlockCommitter.class);
    private static final int QUEUE_CAPACITY = 16_384;
    private volatile Runnable beforeBlockWrite = () -> { };

    /** An endorsed transaction waiting for its block. */
    /** {@code valueOffsets}: where each write's value starts in {@code encoded}, for the world state. */
    record Pending(TxRecord tx, byte[] encoded, int[] valueOffsets, List<PrivateBatch.Entry> privateEntries,
            CompletableFuture<Submitted> done) {
    }

    private static final Pending STOP = new Pending(null, null, null, null, null);

    private final LedgerFiles files;
    private final WorldState world;
    private final String channelId;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final ReentrantReadWriteLock admission = new ReentrantReadWriteLock();
    private final ReentrantLock hold = new ReentrantLock();
    private final AtomicLong accepted = new AtomicLong();
    private final Sinks.Many<ChaincodeEvent> events = Sinks.many().multicast().directBestEffort();
    private final Thread thread;
    private boolean closed;
    private volatile Throwable failure;

    BlockCommitter(LedgerFiles files, WorldState world, String channelId, int maxBatch) {
        this.files = files;
        this.world = world;
        this.channelId = channelId;
        this.maxBatch = maxBatch;
        this.thread = new Thread(this::run, "embedded-ledger-committer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** See {@link EmbeddedLedger#beforeEachBlockWrite}. */
    void beforeEachBlockWrite(Runnable barrier) {
        beforeBlockWrite = java.util.Objects.requireNonNull(barrier, "barrier");
    }

    Sinks.Many<ChaincodeEvent> events() {
        return events;
    }

    /** Queues a transaction; blocks while the queue is full, which is the back-pressure on callers. */
    CompletableFuture<Submitted> enqueue(TxRecord tx, List<PrivateBatch.Entry> privateEntries) {
        CompletableFuture<Submitted> done = new CompletableFuture<>();
        // Encoded here, on the caller's thread, not on the single committer thread.
        TxRecord.Encoded encoded = tx.encodeLocated();
        Pending p = new Pending(tx, encoded.bytes(), encoded.valueOffsets(), privateEntries, done);
        admission.readLock().lock();
        try {
            if (closed) {
                throw new LedgerUnavailable("the embedded ledger is closed", null);
            }
            Throwable failed = failure;
            if (failed != null) {
                throw new LedgerUnavailable("the embedded ledger stopped committing after a write failure: " + failed, failed);
            }
            queue.put(p);
            accepted.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerUnavailable("interrupted while queueing transaction " + tx.txId(), e);
        } finally {
            admission.readLock().unlock();
        }
        return done;
    }

    /** Transactions accepted so far; lets tests wait until a set of submissions is queued. */
    long acceptedCount() {
        return accepted.get();
    }

    /**
     * Stops blocks from being cut until the returned handle is closed. Transactions keep queueing
     * meanwhile, so tests can decide exactly which transactions share a block.
     */
    AutoCloseable holdBlocks() {
        hold.lock();
        return hold::unlock;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        boolean stopping = false;
        while (!stopping) {
            Pending first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failAll(new LedgerUnavailable("the committer was interrupted", e));
                return;
            }
            hold.lock();
            try {
                batch.clear();
                if (first == STOP) {
                    break;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                if (batch.get(batch.size() - 1) == STOP) {
                    batch.remove(batch.size() - 1);
                    stopping = true;
                }
                if (failure != null) {
                    batch.forEach(p -> p.done().completeExceptionally(unavailable(p.tx().txId(), failure)));
                } else {
                    commit(batch);
                }
            } finally {
                hold.unlock();
            }
        }
    }

    private void commit(List<Pending> batch) {
        long number = world.height();
        NavigableMap<String, Boolean> updated = new TreeMap<>(WorldState.KEY_ORDER);
        Set<String> privateUpdated = new HashSet<>();
        List<byte[]> txBytes = new ArrayList<>(batch.size());
        List<TxRecord> records = new ArrayList<>(batch.size());
        List<PrivateBatch.Entry> privateEntries = new ArrayList<>();
        Map<Integer, List<PrivateBatch.Entry>> privateByTx = new HashMap<>();
        Map<String, Version> purges = new HashMap<>();

        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            ValidationCode code = validate(p.tx(), updated, privateUpdated);
            p.encoded()[TxRecord.VALIDATION_CODE_OFFSET] = (byte) code.ordinal();
            txBytes.add(p.encoded());
            records.add(code == ValidationCode.VALID ? p.tx() : p.tx().withValidationCode(code));
            if (code != ValidationCode.VALID) {
                continue;
            }
            for (TxRecord.KeyWrite w : p.tx().writes()) {
                updated.put(w.key(), w.isDelete());
            }
            for (TxRecord.MetadataWrite m : p.tx().metadataWrites()) {
                updated.putIfAbsent(m.key(), Boolean.FALSE);
            }
            for (TxRecord.HashedWrite w : p.tx().privateWrites()) {
                privateUpdated.add(w.collection() + '\u0000' + WorldState.hex(w.keyHash()));
            }
            for (TxRecord.HashedMetadataWrite m : p.tx().privateMetadataWrites()) {
                privateUpdated.add(m.collection() + '\u0000' + WorldState.hex(m.keyHash()));
            }
            if (!p.privateEntries().isEmpty()) {
                List<PrivateBatch.Entry> mine = new ArrayList<>(p.privateEntries().size());
                for (PrivateBatch.Entry e : p.privateEntries()) {
                    PrivateBatch.Entry placed = new PrivateBatch.Entry(i, e.collection(), e.key(), e.op(), e.value());
                    mine.add(placed);
                    if (e.op() == TxRecord.PrivateOp.PURGE) {
                        purges.put(LedgerFiles.purgeId(e.collection(), e.key()), new Version(number, i));
                    }
                }
                privateEntries.addAll(mine);
                privateByTx.put(i, mine);
            }
        }

        try {
            beforeBlockWrite.run();
        } catch (RuntimeException e) {
            // Nothing of this block is written: its transactions fail, and the next block takes its number.
            LOG.error("making what block {} refers to durable failed; its {} transactions are not committed", number,
                    batch.size(), e);
            batch.forEach(p -> p.done().completeExceptionally(
                    unavailable(p.tx().txId(), "what it refers to could not be made durable", e)));
            return;
        }
        Block block = Block.create(number, world.lastBlockHash(), Instant.now(), channelId, txBytes);
        long frameOffset;
        try {
            if (!privateEntries.isEmpty()) {
                files.appendPrivate(new PrivateBatch(number, privateEntries));
            }
            frameOffset = files.appendBlock(block.encode());
        } catch (IOException | RuntimeException e) {
            // What reached the disk is unknown, so nothing more may be appended after it.
            stop(batch, e, "writing block " + number + " to " + files.blocksPath());
            return;
        }
        List<int[]> valueOffsets = new ArrayList<>(batch.size());
        batch.forEach(p -> valueOffsets.add(p.valueOffsets()));
        try {
            world.apply(block, frameOffset, records, valueOffsets, privateByTx);
        } catch (RuntimeException e) {
            // The block is durable, but the state is no longer known to match it; a restart replays it.
            stop(batch, e, "applying block " + number + " of " + files.blocksPath() + " to the state");
            return;
        }
        if (!purges.isEmpty()) {
            // Before acknowledging, so a caller told "purged" can rely on the value being off the disk.
            try {
                files.purgePrivate(purges);
            } catch (IOException | RuntimeException e) {
                LOG.error("purging private data after block {} failed; purged values remain in {} until the next"
                        + " successful purge", number, files.privatePath(), e);
            }
            try {
                world.compactStateDb();
            } catch (RuntimeException e) {
                LOG.error("compacting the state database after the purge in block {} failed; purged values may remain"
                        + " in its files until it is compacted again", number, e);
            }
        }

        // Events first: subscribers run on this thread, so the gateway's caches have dropped what a
        // transaction changed before its submitter hears of the commit and reads again.
        for (TxRecord tx : records) {
            if (tx.validationCode() == ValidationCode.VALID && tx.event() != null) {
                // Best effort by design: a slow or absent subscriber must never stall commits.
                events.tryEmitNext(new ChaincodeEvent(tx.event().name(), tx.event().payload(), tx.txId(), number));
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            TxRecord tx = records.get(i);
            if (tx.validationCode() == ValidationCode.VALID) {
                p.done().complete(new Submitted(tx.txId(), number, tx.response(), tx.timestamp()));
            } else {
                p.done().completeExceptionally(new MvccConflict(tx.txId(), "transaction " + tx.txId() + " was invalidated"
                        + " in block " + number + " with " + tx.validationCode() + ": it read state that a transaction"
                        + " ordered before it changed; submit it again"));
            }
        }
    }

    /**
     * Fabric's checks, in Fabric's order: point reads (MVCC_READ_CONFLICT), range reads
     * (PHANTOM_READ_CONFLICT), private reads by key hash (MVCC_READ_CONFLICT). A key already
     * written by a valid transaction earlier in this block counts as changed, whatever was read.
     */
    private ValidationCode validate(TxRecord tx, NavigableMap<String, Boolean> updated, Set<String> privateUpdated) {
        for (TxRecord.KeyRead r : tx.reads()) {
            if (updated.containsKey(r.key())) {
                return ValidationCode.MVCC_READ_CONFLICT;
            }
            WorldState.Entry e = world.get(r.key());
            if (!Objects.equals(e == null ? null : e.version(), r.version())) {
                return ValidationCode.MVCC_READ_CONFLICT;
            }
        }
        for (TxRecord.RangeRead rr : tx.rangeReads()) {
            if (!rangeUnchanged(rr, updated)) {
                return ValidationCode.PHANTOM_READ_CONFLICT;
            }
        }
        for (TxRecord.HashedRead r : tx.privateReads()) {
            if (privateUpdated.contains(r.collection() + '\u0000' + WorldState.hex(r.keyHash()))) {
                return ValidationCode.MVCC_READ_CONFLICT;
            }
            WorldState.HashedEntry e = world.privateHash(r.collection(), r.keyHash());
            if (!Objects.equals(e == null ? null : e.version(), r.version())) {
                return ValidationCode.MVCC_READ_CONFLICT;
            }
        }
        return ValidationCode.VALID;
    }

    /**
     * Re-runs the range over committed state plus this block's earlier writes and compares keys
     * and versions with what the transaction saw. A key put earlier in the block carries a version
     * the transaction cannot have seen, and a delete earlier in the block only matters if the key
     * was there to be seen.
     */
    private boolean rangeUnchanged(TxRecord.RangeRead rr, NavigableMap<String, Boolean> updated) {
        boolean inclusive = !rr.exhausted();
        for (Map.Entry<String, Boolean> u : WorldState.slice(updated, rr.startKey(), rr.endKey(), inclusive).entrySet()) {
            if (!u.getValue() || world.get(u.getKey()) != null) {
                return false;
            }
        }
        Iterator<TxRecord.KeyRead> expected = rr.results().iterator();
        for (Iterator<Map.Entry<String, WorldState.Entry>> committed = world.range(rr.startKey(), rr.endKey(), inclusive);
                committed.hasNext();) {
            Map.Entry<String, WorldState.Entry> e = committed.next();
            if (!expected.hasNext()) {
                return false;
            }
            TxRecord.KeyRead seen = expected.next();
            if (!seen.key().equals(e.getKey()) || !Objects.equals(seen.version(), e.getValue().version())) {
                return false;
            }
        }
        return !expected.hasNext();
    }

    /** After a failure nothing more may be committed: the batch fails, and so does everything after it. */
    private void stop(List<Pending> batch, Exception e, String what) {
        failure = e;
        LOG.error("{} failed; the ledger accepts no more transactions until restarted", what, e);
        batch.forEach(p -> p.done().completeExceptionally(unavailable(p.tx().txId(), e)));
    }

    private static LedgerUnavailable unavailable(String txId, Throwable cause) {
        return unavailable(txId, "the block could not be written", cause);
    }

    private static LedgerUnavailable unavailable(String txId, String why, Throwable cause) {
        return new LedgerUnavailable("transaction " + txId + " was not committed: " + why + " (" + cause + ")", cause);
    }

    private void failAll(LedgerUnavailable why) {
        for (Pending p; (p = queue.poll()) != null;) {
            if (p != STOP) {
                p.done().completeExceptionally(why);
            }
        }
    }

    /** Commits everything already queued, then stops the committer. */
    @Override
    public void close() {
        admission.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.put(STOP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            admission.writeLock().unlock();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failAll(new LedgerUnavailable("the embedded ledger closed before the transaction was committed", null));
        events.tryEmitComplete();
    }
}
