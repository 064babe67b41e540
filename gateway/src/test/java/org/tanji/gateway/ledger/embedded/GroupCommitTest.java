package org.tanji.gateway.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tanji.gateway.ledger.Submitted;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class GroupCommitTest extends LedgerTestSupport {

    @Test
    void transactionsQueuedDuringAnFsyncShareTheNextBlock() throws Exception {
        EmbeddedLedger ledger = open();
        List<Mono<Submitted>> txs = new ArrayList<>();
        try (AutoCloseable hold = ledger.committer().holdBlocks()) {
            for (int i = 0; i < 50; i++) {
                txs.add(queue(ledger, submitting(ledger, "put", "k" + i, "v")));
            }
        }

        List<Submitted> done = Flux.concat(txs).collectList().block(TIMEOUT);

        assertThat(done).extracting(Submitted::blockNumber).containsOnly(1L);
        assertThat(ledger.height()).isEqualTo(2);
        assertThat(ledger.proof(done.get(49).txId()).block(TIMEOUT).txIndex()).isEqualTo(49);
    }

    @Test
    void theBarrierRunsBeforeEachBlockIsWrittenAndAFailingOneFailsOnlyThatBlock() {
        EmbeddedLedger ledger = open();
        List<Long> heightsSeen = new ArrayList<>();
        boolean[] fail = {false};
        ledger.beforeEachBlockWrite(() -> {
            // On the committer thread, before the block exists anywhere: the height is still the old one.
            heightsSeen.add(ledger.height());
            if (fail[0]) {
                throw new IllegalStateException("store is gone");
            }
        });

        Submitted first = submitting(ledger, "put", "a", "1").block(TIMEOUT);
        fail[0] = true;
        assertThatThrownBy(() -> submitting(ledger, "put", "b", "2").block(TIMEOUT))
                .isInstanceOf(org.tanji.gateway.ledger.LedgerUnavailable.class)
                .hasMessageContaining("could not be made durable")
                .hasMessageContaining("store is gone");
        fail[0] = false;
        Submitted third = submitting(ledger, "put", "c", "3").block(TIMEOUT);

        assertThat(first.blockNumber()).isEqualTo(1);
        assertThat(third.blockNumber()).as("the failed block's number is taken by the next").isEqualTo(2);
        assertThat(heightsSeen).containsExactly(1L, 2L, 2L);
        assertThat(ledger.height()).isEqualTo(3);
    }

    @Test
    void concurrentSubmitsNeedFewerBlocksThanTransactions() {
        EmbeddedLedger ledger = open();

        List<Submitted> done = Flux.range(0, 400)
                .flatMap(i -> submitting(ledger, "put", "key-" + i, "value-" + i), 64)
                .collectList()
                .block(TIMEOUT);

        assertThat(done).hasSize(400);
        assertThat(ledger.height()).isLessThan(400);
    }

    @Test
    void batchLimitCapsTheBlockSize() throws Exception {
        EmbeddedLedger ledger = open(config().withMaxBatch(10));
        List<Mono<Submitted>> txs = new ArrayList<>();
        try (AutoCloseable hold = ledger.committer().holdBlocks()) {
            for (int i = 0; i < 25; i++) {
                txs.add(queue(ledger, submitting(ledger, "put", "k" + i, "v")));
            }
        }

        Flux.concat(txs).blockLast(TIMEOUT);

        assertThat(ledger.height()).isEqualTo(1 + 3);
    }

    @Test
    void fsyncPerTransactionWritesOneBlockPerTransaction() {
        EmbeddedLedger ledger = open(config().withDurability(Durability.FSYNC_PER_TRANSACTION));

        Flux.range(0, 40).flatMap(i -> submitting(ledger, "put", "key-" + i, "v"), 8).blockLast(TIMEOUT);

        assertThat(ledger.height()).isEqualTo(1 + 40);
    }

    @Test
    void closeCommitsWhatIsAlreadyQueued() throws Exception {
        EmbeddedLedger ledger = open();
        List<Mono<Submitted>> txs = new ArrayList<>();
        AutoCloseable hold = ledger.committer().holdBlocks();
        for (int i = 0; i < 5; i++) {
            txs.add(queue(ledger, submitting(ledger, "put", "k" + i, "v")));
        }
        hold.close();
        ledger.close();

        assertThat(Flux.concat(txs).collectList().block(TIMEOUT)).hasSize(5);
        EmbeddedLedger reopened = open();
        assertThat(evaluate(reopened, "get", "k4")).isEqualTo("v");
    }
}
