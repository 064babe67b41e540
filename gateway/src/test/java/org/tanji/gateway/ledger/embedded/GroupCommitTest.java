package org.tanji.gateway.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

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
