package org.tanji.gateway.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state database's file on its own, with blocks built by hand. */
class StateDbFileTest {
    private static final int KEYS = 500;
    private static final int WRITES_PER_BLOCK = 20;

    @TempDir
    Path dir;

    private final Random random = new Random(42);

    private Block block(WorldState world, long number) {
        List<TxRecord.KeyWrite> writes = new ArrayList<>(WRITES_PER_BLOCK);
        for (int k = 0; k < WRITES_PER_BLOCK; k++) {
            byte[] noise = new byte[30];
            random.nextBytes(noise);
            // Overwrites: the same few hundred keys again and again, so live state stays small.
            writes.add(new TxRecord.KeyWrite("key-" + (number * WRITES_PER_BLOCK + k) % KEYS,
                    (number + ":" + HexFormat.of().formatHex(noise)).getBytes(StandardCharsets.UTF_8)));
        }
        TxRecord tx = new TxRecord("tx-" + number, "Org1MSP", new byte[0], Instant.now(), List.of(), ValidationCode.VALID,
                List.of(), List.of(), writes, List.of(), List.of(), List.of(), List.of(), null, new byte[0]);
        Block block = Block.create(number, world.lastBlockHash(), Instant.now(), "ch", List.of(tx.encode()));
        world.apply(block, List.of(tx), Map.of());
        return block;
    }

    /**
     * MVStore never overwrites a page in place; without compaction every commit would add a chunk
     * for good (here some 100 KiB per block, hundreds of MiB over the run). With it, the file
     * stays within a small multiple of its live data, and closing rewrites it down to that.
     */
    @Test
    void fileStaysBoundedOverManyCommittedBlocksOfOverwrites() throws Exception {
        StateDb db = StateDb.open(dir, false);
        // The default 45 s keeps freed space for readers on older roots; this run is a few seconds.
        db.retainFreedChunksFor(0);
        // About every 8th commit, as often as a busy ledger compacts in its 8 s.
        db.compactAtMostEvery(java.time.Duration.ofMillis(4));
        WorldState world = new WorldState(null, db);
        world.apply(Block.create(0, Block.GENESIS_PREVIOUS_HASH, Instant.now(), "ch", List.of()), List.of(), Map.of());
        Path file = dir.resolve(StateDb.FILE);
        int blocks = 3_000;
        long largest = 0;
        for (int n = 1; n <= blocks; n++) {
            block(world, n);
            // A commit per block: a busy ledger commits about once a second, so this is years of
            // such seconds in the number of chunks written.
            world.checkpoint(true);
            largest = Math.max(largest, Files.size(file));
        }
        byte[] lastHash = world.lastBlockHash();
        assertThat(db.compactions()).isPositive();
        world.close();
        long compacted = Files.size(file);

        assertThat(largest).as("largest size while running, against %d bytes of live data", compacted)
                .isLessThan(5 * compacted + (2 << 20));
        assertThat(largest).as("without compaction: some 300 MiB").isLessThan(32L << 20);

        StateDb reopened = StateDb.open(dir, true);
        try {
            assertThat(reopened.savepoint().height()).isEqualTo(blocks + 1);
            assertThat(reopened.savepoint().hash()).isEqualTo(lastHash);
            assertThat(reopened.maps().state().size()).isEqualTo(KEYS);
            assertThat(reopened.maps().history().size()).isEqualTo(blocks * WRITES_PER_BLOCK);
            assertThat(reopened.maps().transactions().size()).isEqualTo(blocks);
        } finally {
            reopened.abandon();
        }
    }

    @Test
    void blocksAppliedButNotCommittedAreNotInTheFile() {
        StateDb db = StateDb.open(dir, false);
        WorldState world = new WorldState(null, db);
        world.apply(Block.create(0, Block.GENESIS_PREVIOUS_HASH, Instant.now(), "ch", List.of()), List.of(), Map.of());
        block(world, 1);
        world.checkpoint(true);
        byte[] committedHash = world.lastBlockHash();
        block(world, 2);
        block(world, 3);
        // As after a crash: no close, no commit.
        world.abandon();

        StateDb reopened = StateDb.open(dir, true);
        try {
            assertThat(reopened.savepoint().height()).isEqualTo(2);
            assertThat(reopened.savepoint().hash()).isEqualTo(committedHash);
            assertThat(reopened.maps().transactions().keySet()).containsExactly("tx-1");
        } finally {
            reopened.abandon();
        }
    }
}
