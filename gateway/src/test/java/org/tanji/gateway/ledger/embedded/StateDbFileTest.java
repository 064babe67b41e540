package org.tanji.gateway.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state database's directory on its own, with blocks built by hand. */
class StateDbFileTest {
    private static final int KEYS = 500;
    private static final int WRITES_PER_BLOCK = 20;

    @TempDir
    Path dir;

    private final Random random = new Random(42);

    private static TxRecord tx(String txId, List<TxRecord.KeyWrite> writes) {
        return new TxRecord(txId, "Org1MSP", new byte[0], Instant.now(), List.of(), ValidationCode.VALID,
                List.of(), List.of(), writes, List.of(), List.of(), List.of(), List.of(), null, new byte[0]);
    }

    private Block block(WorldState world, long number) {
        List<TxRecord.KeyWrite> writes = new ArrayList<>(WRITES_PER_BLOCK);
        for (int k = 0; k < WRITES_PER_BLOCK; k++) {
            byte[] noise = new byte[30];
            random.nextBytes(noise);
            // Overwrites: the same few hundred keys again and again, so live state stays small.
            writes.add(new TxRecord.KeyWrite("key-" + (number * WRITES_PER_BLOCK + k) % KEYS,
                    (number + ":" + HexFormat.of().formatHex(noise)).getBytes(StandardCharsets.UTF_8)));
        }
        TxRecord tx = tx("tx-" + number, writes);
        Block block = Block.create(number, world.lastBlockHash(), Instant.now(), "ch", List.of(tx.encode()));
        world.apply(block, List.of(tx), Map.of());
        return block;
    }

    private static WorldState genesis(StateDb db) {
        return genesis(new WorldState(null, db));
    }

    private static WorldState genesis(WorldState world) {
        world.apply(Block.create(0, Block.GENESIS_PREVIOUS_HASH, Instant.now(), "ch", List.of()), List.of(), Map.of());
        return world;
    }

    private static long size(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static int count(java.util.Iterator<?> it) {
        int n = 0;
        for (; it.hasNext(); it.next()) {
            n++;
        }
        return n;
    }

    /**
     * Overwrites leave old values behind until compaction merges them away; the directory must
     * stay within a small multiple of the live data, and everything must be there after a reopen.
     */
    @Test
    void directoryStaysBoundedOverManyBlocksOfOverwritesAndReopensWhole() throws Exception {
        StateDb db = StateDb.open(dir, false);
        WorldState world = genesis(db);
        Path state = dir.resolve(StateDb.DIR);
        int blocks = 3_000;
        long largest = 0;
        for (int n = 1; n <= blocks; n++) {
            block(world, n);
            if (n % 100 == 0) {
                largest = Math.max(largest, size(state));
            }
        }
        byte[] lastHash = world.lastBlockHash();
        world.close();
        long closed = size(state);
        // 500 live keys, 60,000 history entries of some 60 bytes each, 3,000 transactions.
        assertThat(largest).as("largest size while running, against %d bytes when closed", closed)
                .isLessThan(4 * closed + (16 << 20));

        StateDb reopened = StateDb.open(dir, true);
        try {
            assertThat(reopened.savepoint().height()).isEqualTo(blocks + 1);
            assertThat(reopened.savepoint().hash()).isEqualTo(lastHash);
            assertThat(count(reopened.range("", "", false))).isEqualTo(KEYS);
            assertThat(reopened.history("key-7")).hasSize(blocks * WRITES_PER_BLOCK / KEYS);
            assertThat(reopened.transaction("tx-1").blockNumber()).isEqualTo(1);
            assertThat(reopened.transaction("tx-" + blocks).blockNumber()).isEqualTo(blocks);
            assertThat(reopened.transaction("tx-" + (blocks + 1))).isNull();
        } finally {
            reopened.abandon();
        }
    }

    /** Each block is one atomic batch with its savepoint: a crash (no flush, no close) loses no applied block. */
    @Test
    void everyAppliedBlockIsThereAfterACrash() {
        StateDb db = StateDb.open(dir, false);
        WorldState world = genesis(db);
        block(world, 1);
        block(world, 2);
        block(world, 3);
        byte[] lastHash = world.lastBlockHash();
        world.abandon();

        StateDb reopened = StateDb.open(dir, true);
        try {
            assertThat(reopened.savepoint().height()).isEqualTo(4);
            assertThat(reopened.savepoint().hash()).isEqualTo(lastHash);
            assertThat(reopened.transaction("tx-3")).isEqualTo(new WorldState.TxLocation(3, 0, ValidationCode.VALID));
        } finally {
            reopened.abandon();
        }
    }

    /**
     * A block that fails half-way is not written at all, and no later block is applied in this run:
     * the state would otherwise skip it.
     */
    @Test
    void aBlockThatFailsHalfWayLeavesNothingAndStopsLaterBlocks() {
        StateDb db = StateDb.open(dir, false);
        // Values past the inline size are read back from a block log, by position.
        WorldState world = genesis(new WorldState((position, length) -> new byte[length], db));
        TxRecord good = tx("tx-good", List.of(new TxRecord.KeyWrite("fine", "v".getBytes(StandardCharsets.UTF_8))));
        TxRecord bad = tx("tx-bad", List.of(new TxRecord.KeyWrite("big", new byte[100])));
        Block block = Block.create(1, world.lastBlockHash(), Instant.now(), "ch", List.of(good.encode(), bad.encode()));
        // A value past the inline size needs its offset in the block log; none is given for the second transaction.
        List<int[]> offsets = new ArrayList<>();
        offsets.add(new int[] {0});
        assertThatThrownBy(() -> world.apply(block, 0, List.of(good, bad), offsets, Map.of()))
                .isInstanceOf(IndexOutOfBoundsException.class);

        assertThat(db.get("fine")).as("the first transaction of the failed block").isNull();
        assertThat(db.transaction("tx-good")).isNull();
        assertThat(world.height()).isEqualTo(1);
        assertThatThrownBy(() -> block(world, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("until the ledger restarts");
        world.close();

        StateDb reopened = StateDb.open(dir, true);
        try {
            assertThat(reopened.savepoint().height()).isEqualTo(1);
            assertThat(reopened.get("fine")).isNull();
        } finally {
            reopened.abandon();
        }
    }

    /** Keys in code-point order, as Fabric's LevelDB returns its UTF-8 keys, whatever their UTF-16 form. */
    @Test
    void keysRoundTripAndSortInCodePointOrder() {
        List<String> ordered = List.of("", "\u0000", "\u0000\u0000", "\u0001", "a", "a\u0000", "a\u0000b", "ab", "\u007f",
                "\u0080", "\u07ff", "\u0800", "\u3fff", "\u4000", "\uD7FF", "\uE000", "\uFFFD", "\uFFFF", "\uD800",
                "\uD800\uDC00", "\uD83D\uDE00", "\uDBFF\uDFFF", "\uDC00", "\uDFFF");
        for (int i = 0; i < ordered.size(); i++) {
            byte[] a = StateTypes.stateKey(ordered.get(i));
            assertThat(StateTypes.userKey(a, 1)).isEqualTo(ordered.get(i));
            for (int j = i + 1; j < ordered.size(); j++) {
                byte[] b = StateTypes.stateKey(ordered.get(j));
                assertThat(WorldState.KEY_ORDER.compare(ordered.get(i), ordered.get(j)))
                        .as("%s < %s in code-point order", ordered.get(i), ordered.get(j)).isNegative();
                assertThat(java.util.Arrays.compareUnsigned(a, b))
                        .as("%s < %s in bytes", ordered.get(i), ordered.get(j)).isNegative();
            }
        }
    }
}
