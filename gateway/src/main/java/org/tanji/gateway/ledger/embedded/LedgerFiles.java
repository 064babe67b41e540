package org.tanji.gateway.ledger.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger directory: {@code blocks.log} (the hash-chained blocks), {@code private.log} (private
 * data values, never part of the chain) and a lock file that keeps a second process out. The state
 * database beside them ({@link StateDb#DIR}) is derived from these two logs.
 *
 * <p>Write order is private values first, then the block, each forced to disk. A block on disk
 * therefore always has its private values on disk too; private values for a block that never made
 * it are dropped at the next start.
 */
final class LedgerFiles implements AutoCloseable {
    static final String BLOCKS = "blocks.log";
    static final String PRIVATE = "private.log";
    static final String LOCK = "ledger.lock";
    static final int BLOCK_MAGIC = 0x544A424B; // "TJBK"
    static final int PRIVATE_MAGIC = 0x544A5056; // "TJPV"
    private static final Logger LOG = LoggerFactory.getLogger(LedgerFiles.class);

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final FramedLog blocks;
    private FramedLog privates;
    private final BlockLogReader valueReader;

    private LedgerFiles(Path dir, FileChannel lockChannel, FileLock lock, FramedLog blocks, FramedLog privates,
            BlockLogReader valueReader) {
        this.dir = dir;
        this.valueReader = valueReader;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.blocks = blocks;
        this.privates = privates;
    }

    static LedgerFiles open(Path dir) {
        try {
            Files.createDirectories(dir);
            boolean fresh = !Files.exists(dir.resolve(BLOCKS));
            FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                throw new IllegalStateException("the ledger at " + dir.toAbsolutePath() + " is already open in another"
                        + " process or ledger instance (" + LOCK + " is locked); close that one first");
            }
            FramedLog blocks = null;
            try {
                blocks = FramedLog.open(dir.resolve(BLOCKS), BLOCK_MAGIC);
                FramedLog privates = FramedLog.open(dir.resolve(PRIVATE), PRIVATE_MAGIC);
                if (fresh) {
                    forceDirectory(dir);
                }
                return new LedgerFiles(dir, lockChannel, lock, blocks, privates, new BlockLogReader(blocks.path()));
            } catch (IOException | RuntimeException e) {
                if (blocks != null) {
                    blocks.close();
                }
                lock.release();
                lockChannel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the ledger at " + dir.toAbsolutePath(), e);
        }
    }

    /** Whether the block log holds anything yet (a new ledger's does not). */
    boolean hasBlocks() {
        return blocks.size() > 0;
    }

    Path blocksPath() {
        return blocks.path();
    }

    Path privatePath() {
        return privates.path();
    }

    /**
     * What a start did with the logs.
     *
     * @param height         blocks in the log, all verified
     * @param applied        blocks decoded and applied to the state database (those after its savepoint)
     * @param savepoint      the state database's height when it was opened
     * @param rebuiltBecause why the state database was thrown away and rebuilt from the whole log; null if it was not
     */
    record Replay(long height, long applied, long savepoint, String rebuiltBecause) {
    }

    /** The state database does not belong to this block log as it is now. */
    private static final class StaleStateDb extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StaleStateDb(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * Verifies every block on disk and brings {@code world} up to date: blocks up to the state
     * database's savepoint are only verified (hash chain, and private values against the hashes
     * on the chain), the ones after it are also applied. A state database that does not match the
     * log is rebuilt from the whole log. A torn tail is cut off with a warning; anything else that
     * does not verify stops the start.
     */
    Replay replay(String channelId, WorldState world) {
        StateDb.Savepoint savepoint = world.savepoint();
        try {
            PrivateLogContents privateLog = readPrivateLog();
            String rebuilt = null;
            long applied;
            try {
                applied = scan(channelId, world, privateLog, savepoint);
                if (world.height() < savepoint.height()) {
                    throw new StaleStateDb("its savepoint is at height " + savepoint.height() + ", ahead of "
                            + blocks.path().toAbsolutePath() + ", which ends at height " + world.height());
                }
            } catch (StaleStateDb e) {
                rebuilt = e.getMessage();
                world.rebuild(rebuilt);
                applied = scan(channelId, world, privateLog, StateDb.Savepoint.NONE);
            }
            Map.Entry<Long, PrivateBatch> orphan = privateLog.batches().ceilingEntry(world.height());
            if (orphan != null) {
                LOG.warn("{} holds private data for block {} and later, which never reached {}; cutting it off",
                        privates.path(), orphan.getKey(), BLOCKS);
                privates.truncate(privateLog.offsets().get(orphan.getKey()));
            }
            return new Replay(world.height(), applied, savepoint.height(), rebuilt);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ledger at " + dir.toAbsolutePath(), e);
        }
    }

    /** One pass over the block log; returns how many blocks it applied. */
    private long scan(String channelId, WorldState world, PrivateLogContents privateLog, StateDb.Savepoint savepoint)
            throws IOException {
        String where = blocks.path().toAbsolutePath().toString();
        long[] applied = {0};
        FramedLog.Tail tail;
        try {
            tail = blocks.scan((index, offset, payload) -> {
                Block block = Block.decodeAndVerify(payload, index, world.lastBlockHash(), where);
                if (!block.channelId().equals(channelId)) {
                    throw new IllegalStateException("the ledger at " + dir.toAbsolutePath() + " holds channel '"
                            + block.channelId() + "', but channel '" + channelId + "' was configured");
                }
                PrivateBatch batch = privateLog.batches().get(block.number());
                if (block.number() >= savepoint.height()) {
                    applyReplayed(block, offset, batch, world, where);
                    applied[0]++;
                    return;
                }
                if (block.number() == savepoint.height() - 1 && !MessageDigest.isEqual(block.hash(), savepoint.hash())) {
                    throw new StaleStateDb("its savepoint at height " + savepoint.height() + " names block " + block.number()
                            + " with hash " + WorldState.hex(savepoint.hash()) + ", but block " + block.number() + " in "
                            + where + " has hash " + block.hashHex() + " (a state database of another ledger, or of a"
                            + " block log that was replaced)");
                }
                if (batch != null) {
                    privateByTx(block, decodeTransactions(block, where), batch, where);
                }
                world.skipApplied(block);
            });
        } catch (FramedLog.CorruptFrameException e) {
            throw Block.broken(e.index(), e.getMessage(), where, e);
        }
        if (tail.tornBytes() > 0) {
            LOG.warn("{} ended in a partial record ({} bytes at byte {}): block {} was being written when the process"
                    + " stopped, was never acknowledged, and has been cut off", blocks.path(), tail.tornBytes(),
                    tail.validEnd(), tail.frames());
            blocks.truncate(tail.validEnd());
        }
        return applied[0];
    }

    private record PrivateLogContents(TreeMap<Long, PrivateBatch> batches, Map<Long, Long> offsets) {
    }

    private PrivateLogContents readPrivateLog() throws IOException {
        String where = privates.path().toAbsolutePath().toString();
        TreeMap<Long, PrivateBatch> batches = new TreeMap<>();
        Map<Long, Long> offsets = new HashMap<>();
        FramedLog.Tail tail;
        try {
            tail = privates.scan((index, offset, payload) -> {
                PrivateBatch batch;
                try {
                    batch = PrivateBatch.decode(payload);
                } catch (RecordReader.MalformedRecordException e) {
                    throw new IllegalStateException(where + ": record " + index + " at byte " + offset
                            + " does not decode (" + e.getMessage() + "); refusing to start", e);
                }
                if (!batches.isEmpty() && batch.blockNumber() <= batches.lastKey()) {
                    throw new IllegalStateException(where + ": record " + index + " is for block " + batch.blockNumber()
                            + ", out of order; refusing to start");
                }
                batches.put(batch.blockNumber(), batch);
                offsets.put(batch.blockNumber(), offset);
            });
        } catch (FramedLog.CorruptFrameException e) {
            throw new IllegalStateException(where + ": " + e.getMessage() + "; refusing to start", e);
        }
        if (tail.tornBytes() > 0) {
            LOG.warn("{} ended in a partial record ({} bytes at byte {}) left by a crash before it was forced;"
                    + " it was never acknowledged and has been cut off", privates.path(), tail.tornBytes(), tail.validEnd());
            privates.truncate(tail.validEnd());
        }
        return new PrivateLogContents(batches, offsets);
    }

    private static void applyReplayed(Block block, long frameOffset, PrivateBatch batch, WorldState world, String where) {
        List<TxRecord.Located> located = decodeTransactions(block, where);
        List<TxRecord> txs = new ArrayList<>(located.size());
        List<int[]> valueOffsets = new ArrayList<>(located.size());
        boolean needsPrivate = false;
        for (TxRecord.Located l : located) {
            txs.add(l.tx());
            valueOffsets.add(l.valueOffsets());
            needsPrivate |= l.tx().validationCode() == ValidationCode.VALID && !l.tx().privateWrites().isEmpty();
        }
        if (batch == null && needsPrivate) {
            throw Block.broken(block.number(), "its private data is missing from " + PRIVATE, where, null);
        }
        world.apply(block, frameOffset, txs, valueOffsets, batch == null ? Map.of() : privateByTx(block, located, batch, where));
    }

    private static List<TxRecord.Located> decodeTransactions(Block block, String where) {
        List<TxRecord.Located> txs = new ArrayList<>(block.transactions().size());
        for (int i = 0; i < block.transactions().size(); i++) {
            try {
                txs.add(TxRecord.decodeLocated(block.transactions().get(i)));
            } catch (RecordReader.MalformedRecordException | java.time.DateTimeException e) {
                throw Block.broken(block.number(), "transaction " + i + " does not decode (" + e.getMessage() + ")", where, e);
            }
        }
        return txs;
    }

    /** The block's private values by transaction, each checked against the hash its transaction put on the chain. */
    private static Map<Integer, List<PrivateBatch.Entry>> privateByTx(Block block, List<TxRecord.Located> txs,
            PrivateBatch batch, String where) {
        Map<Integer, List<PrivateBatch.Entry>> byTx = new HashMap<>();
        for (PrivateBatch.Entry e : batch.entries()) {
            if (e.txIndex() < 0 || e.txIndex() >= txs.size()) {
                throw Block.broken(block.number(), "private data names transaction " + e.txIndex()
                        + ", which the block does not have", where, null);
            }
            verifyAgainstChain(block.number(), txs.get(e.txIndex()).tx(), e, where);
            byTx.computeIfAbsent(e.txIndex(), i -> new ArrayList<>()).add(e);
        }
        return byTx;
    }

    /** A private value must hash to what the chain recorded, or the private store was altered. */
    private static void verifyAgainstChain(long block, TxRecord tx, PrivateBatch.Entry e, String where) {
        byte[] keyHash = Block.sha256(e.key().getBytes(StandardCharsets.UTF_8));
        for (TxRecord.HashedWrite w : tx.privateWrites()) {
            if (w.collection().equals(e.collection()) && MessageDigest.isEqual(w.keyHash(), keyHash) && w.op() == e.op()) {
                if (e.op() != TxRecord.PrivateOp.PUT || MessageDigest.isEqual(w.valueHash(), Block.sha256(e.value()))) {
                    return;
                }
                break;
            }
        }
        throw Block.broken(block, "private data of transaction " + tx.txId() + " in collection '" + e.collection()
                + "' does not match the hash on the chain (" + PRIVATE + " altered?)", where, null);
    }

    /**
     * Block 0 of a new ledger holds no transactions, as a channel's genesis block holds only
     * configuration, so transactions land in block 1 onwards on both ledgers.
     */
    void appendGenesis(String channelId, WorldState world) {
        Block genesis = Block.create(0, Block.GENESIS_PREVIOUS_HASH, java.time.Instant.now(), channelId, List.of());
        long at;
        try {
            at = appendBlock(genesis.encode());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the genesis block to " + blocks.path(), e);
        }
        world.apply(genesis, at, List.of(), List.of(), Map.of());
    }

    /** Appends and forces the private values of a block; called before {@link #appendBlock}. */
    void appendPrivate(PrivateBatch batch) throws IOException {
        privates.append(List.of(batch.encode()));
        privates.force();
    }

    /** Appends and forces a block, returning the file offset of its frame. */
    long appendBlock(byte[] encodedBlock) throws IOException {
        long at = blocks.append(List.of(encodedBlock));
        blocks.force();
        return at;
    }

    /**
     * Committed values as the world state reads them: straight from the block log, where every
     * written value already is, at the offset {@link WorldState} noted when it applied the block.
     */
    WorldState.ValueSource blockValues() {
        return valueReader::read;
    }

    /**
     * Purge means the value must leave the disk, not just the state. An append-only file cannot
     * forget, so the private log is rewritten without the purged values and swapped in atomically.
     * Purges are rare; the rewrite is proportional to the private log.
     */
    void purgePrivate(Map<String, Version> purgedAt) throws IOException {
        Path tmp = dir.resolve(PRIVATE + ".purge");
        List<byte[]> kept = new ArrayList<>();
        privates.scan((index, offset, payload) -> {
            PrivateBatch batch = PrivateBatch.decode(payload);
            List<PrivateBatch.Entry> entries = new ArrayList<>(batch.entries().size());
            for (PrivateBatch.Entry e : batch.entries()) {
                Version purge = purgedAt.get(purgeId(e.collection(), e.key()));
                boolean before = purge != null && (batch.blockNumber() < purge.blockNumber()
                        || (batch.blockNumber() == purge.blockNumber() && e.txIndex() < purge.txNumber()));
                if (!(before && e.op() == TxRecord.PrivateOp.PUT)) {
                    entries.add(e);
                }
            }
            kept.add(new PrivateBatch(batch.blockNumber(), entries).encode());
        });
        Files.deleteIfExists(tmp);
        try (FramedLog out = FramedLog.open(tmp, PRIVATE_MAGIC)) {
            out.append(kept);
            out.force();
        }
        privates.close();
        Files.move(tmp, privates.path(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(dir);
        privates = FramedLog.open(dir.resolve(PRIVATE), PRIVATE_MAGIC);
    }

    static String purgeId(String collection, String key) {
        return collection + '\u0000' + key;
    }

    private static void forceDirectory(Path dir) {
        // Makes new or renamed files survive a crash; not every platform can open a directory.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debug("cannot force directory {}: {}", dir, e.toString());
        }
    }

    @Override
    public void close() {
        try {
            valueReader.close();
            blocks.close();
            privates.close();
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the ledger at " + dir.toAbsolutePath(), e);
        }
    }
}
