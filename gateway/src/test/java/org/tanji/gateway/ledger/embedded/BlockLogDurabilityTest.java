package org.tanji.gateway.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.Submitted;
import org.tanji.gateway.ledger.TransactionProof;
import org.tanji.gateway.ledger.embedded.testcc.KvContract;

class BlockLogDurabilityTest extends LedgerTestSupport {

    private record Frame(long offset, int length) {
    }

    private static List<Frame> frames(Path blocksLog) throws Exception {
        List<Frame> frames = new ArrayList<>();
        try (FramedLog log = FramedLog.open(blocksLog, LedgerFiles.BLOCK_MAGIC)) {
            log.scan((index, offset, payload) -> frames.add(new Frame(offset, payload.length)));
        }
        return frames;
    }

    private static void flipByte(Path file, long at) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x40);
        }
    }

    /** The genesis block and five blocks of one transaction each (blocks 1 to 5), closed. */
    private List<Submitted> fiveBlocks() {
        EmbeddedLedger ledger = open(config().withDurability(Durability.FSYNC_PER_TRANSACTION));
        List<Submitted> txs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            txs.add(submit(ledger, "put", "k" + i, "value-" + i));
        }
        ledger.close();
        return txs;
    }

    @Test
    void stateHistoryAndProofsSurviveARestart() {
        EmbeddedLedger ledger = open();
        Submitted first = submit(ledger, "put", "doc", "one");
        Submitted second = submit(ledger, "put", "doc", "two");
        submit(ledger, "putIndexed", "idx", "a", "b", "v");
        TransactionProof proof = ledger.proof(second.txId()).block(TIMEOUT);
        String history = evaluate(ledger, "history", "doc");
        long height = ledger.height();
        ledger.close();

        EmbeddedLedger reopened = open();

        assertThat(reopened.height()).isEqualTo(height);
        assertThat(evaluate(reopened, "get", "doc")).isEqualTo("two");
        assertThat(evaluate(reopened, "history", "doc")).isEqualTo(history).contains(first.txId());
        assertThat(evaluate(reopened, "listIndexed", "idx", "a")).isEqualTo("idx:a/b=v");
        assertThat(reopened.proof(second.txId()).block(TIMEOUT)).isEqualTo(proof);
        Submitted next = submit(reopened, "increment", "counter");
        assertThat(next.blockNumber()).isEqualTo(height);
    }

    /**
     * Values above {@link WorldState#INLINE_MAX} bytes are not kept in the heap but read back from
     * the block log; every way of reading state must still see exactly what was written, in the
     * same block as other transactions, and again after the log is replayed.
     */
    @Test
    void largeValuesAreReadBackFromTheBlockLogInStateRangesAndHistory() {
        String big1 = "first-" + "x".repeat(WorldState.INLINE_MAX * 3);
        String big2 = "second-" + "é".repeat(WorldState.INLINE_MAX * 2);
        String bigIndexed = "indexed-" + "0123456789".repeat(20);
        EmbeddedLedger ledger = open();
        Submitted first = submit(ledger, "put", "doc", big1);
        Submitted second = submit(ledger, "put", "doc", big2);
        submit(ledger, "put", "small", "s");
        submit(ledger, "putIndexed", "idx", "a", "b", bigIndexed);
        assertThat(second.blockNumber()).isGreaterThan(first.blockNumber());

        assertThat(evaluate(ledger, "get", "doc")).isEqualTo(big2);
        assertThat(evaluate(ledger, "get", "small")).isEqualTo("s");
        assertThat(evaluate(ledger, "listIndexed", "idx", "a")).isEqualTo("idx:a/b=" + bigIndexed);
        String history = evaluate(ledger, "history", "doc");
        assertThat(history).contains(big1, big2, first.txId(), second.txId());
        ledger.close();

        EmbeddedLedger reopened = open();
        assertThat(evaluate(reopened, "get", "doc")).isEqualTo(big2);
        assertThat(evaluate(reopened, "listIndexed", "idx", "a")).isEqualTo("idx:a/b=" + bigIndexed);
        assertThat(evaluate(reopened, "history", "doc")).isEqualTo(history);
        submit(reopened, "put", "doc", big1 + "-again");
        assertThat(evaluate(reopened, "get", "doc")).isEqualTo(big1 + "-again");
    }

    @Test
    void flippedByteInsideACommittedBlockStopsTheStartAndNamesTheBlock() throws Exception {
        fiveBlocks();
        Path log = config().dir().resolve(LedgerFiles.BLOCKS);
        Frame block2 = frames(log).get(2);
        flipByte(log, block2.offset() + FramedLog.HEADER_BYTES + block2.length() / 2);

        assertThatThrownBy(this::open)
                .isInstanceOfSatisfying(BrokenChainException.class, e -> assertThat(e.blockNumber()).isEqualTo(2))
                .hasMessageStartingWith("block 2: ")
                .hasMessageContaining(log.toAbsolutePath().toString())
                .hasMessageContaining("refusing to start");
    }

    @Test
    void flippedByteInTheLastBlocksHeaderIsCaughtEvenWithoutASuccessor() throws Exception {
        fiveBlocks();
        Path log = config().dir().resolve(LedgerFiles.BLOCKS);
        Frame last = frames(log).get(5);
        // Format byte, then block number (8), previous hash (32), data hash (32): the byte after is the timestamp.
        flipByte(log, last.offset() + FramedLog.HEADER_BYTES + 1 + 8 + 32 + 32 + 7);

        assertThatThrownBy(this::open)
                .isInstanceOfSatisfying(BrokenChainException.class, e -> assertThat(e.blockNumber()).isEqualTo(5))
                .hasMessageContaining("header hash mismatch");
    }

    @Test
    void damagedFrameLengthIsCorruptionNotATornTail() throws Exception {
        fiveBlocks();
        Path log = config().dir().resolve(LedgerFiles.BLOCKS);
        Frame last = frames(log).get(5);
        flipByte(log, last.offset() + 6);

        assertThatThrownBy(this::open)
                .isInstanceOfSatisfying(BrokenChainException.class, e -> assertThat(e.blockNumber()).isEqualTo(5));
    }

    @Test
    void tornLastRecordIsCutOffAndTheLedgerCarriesOn() throws Exception {
        List<Submitted> txs = fiveBlocks();
        Path log = config().dir().resolve(LedgerFiles.BLOCKS);
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
            f.setLength(f.length() - 20);
        }

        EmbeddedLedger ledger = open();

        assertThat(ledger.height()).isEqualTo(5);
        assertThat(evaluate(ledger, "get", "k3")).isEqualTo("value-3");
        ChaincodeRejection lost = (ChaincodeRejection) failure(ledger.proof(txs.get(4).txId()));
        assertThat(lost.code()).isEqualTo("NOT_FOUND");
        Submitted again = submit(ledger, "put", "k4", "again");
        assertThat(again.blockNumber()).isEqualTo(5);
        ledger.close();

        EmbeddedLedger reopened = open();
        assertThat(reopened.height()).isEqualTo(6);
        assertThat(evaluate(reopened, "get", "k4")).isEqualTo("again");
    }

    @Test
    void zeroFilledTailLeftByACrashIsCutOff() throws Exception {
        fiveBlocks();
        Path log = config().dir().resolve(LedgerFiles.BLOCKS);
        long size = Files.size(log);
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
            f.setLength(size + 4096);
        }

        EmbeddedLedger ledger = open();

        assertThat(ledger.height()).isEqualTo(6);
        assertThat(Files.size(log)).isEqualTo(size);
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefused() {
        open();

        assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class).hasMessageContaining("already open");
    }

    @Test
    void ledgerOfAnotherChannelIsRefused() {
        fiveBlocks();
        EmbeddedLedgerConfig other = new EmbeddedLedgerConfig(config().dir(), "other-channel", KvContract.NAME, ROOTS,
                Durability.GROUP_COMMIT, 16);

        assertThatThrownBy(() -> open(other)).isInstanceOf(IllegalStateException.class).hasMessageContaining("other-channel");
    }
}
