package org.tanji.gateway.ledger.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.tanji.gateway.ledger.ChaincodeEvent;
import org.tanji.gateway.ledger.MvccConflict;
import org.tanji.gateway.ledger.Submitted;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

class ChaincodeEventsTest extends LedgerTestSupport {

    private static void awaitEvents(List<ChaincodeEvent> events, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (events.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void eventIsDeliveredOnlyOnceItsTransactionIsCommitted() throws Exception {
        EmbeddedLedger ledger = open();
        List<ChaincodeEvent> events = new CopyOnWriteArrayList<>();
        Disposable subscription = ledger.events().subscribe(events::add);

        Mono<Submitted> tx;
        try (AutoCloseable hold = ledger.committer().holdBlocks()) {
            tx = queue(ledger, submitting(ledger, "putWithEvent", "label-1", "issued", "LabelIssued"));
            Thread.sleep(100);
            assertThat(events).as("events before commit").isEmpty();
        }
        Submitted s = tx.block(TIMEOUT);
        awaitEvents(events, 1);
        subscription.dispose();

        assertThat(events).hasSize(1);
        ChaincodeEvent e = events.get(0);
        assertThat(e.name()).isEqualTo("LabelIssued");
        assertThat(new String(e.payload(), UTF_8)).isEqualTo("issued");
        assertThat(e.txId()).isEqualTo(s.txId());
        assertThat(e.blockNumber()).isEqualTo(s.blockNumber());
    }

    /**
     * Caches that follow the events (label verifications, signing keys, factor sets) must have
     * dropped what a transaction changed before its submitter is told it committed, or the
     * submitter's next read can still see the old answer.
     */
    @Test
    void subscribersHaveSeenTheEventBeforeTheSubmitterHearsOfTheCommit() {
        EmbeddedLedger ledger = open();
        List<ChaincodeEvent> events = new CopyOnWriteArrayList<>();
        Disposable subscription = ledger.events().subscribe(events::add);

        for (int i = 0; i < 20; i++) {
            Submitted s = submit(ledger, "putWithEvent", "label-" + i, "v" + i, "LabelIssued");
            assertThat(events).as("events seen when tx %d's commit was answered", i).hasSize(i + 1);
            assertThat(events.get(i).txId()).isEqualTo(s.txId());
        }
        subscription.dispose();
    }

    @Test
    void invalidatedTransactionsPublishNoEventAndTheLastSetEventWins() throws Exception {
        EmbeddedLedger ledger = open();
        List<ChaincodeEvent> events = new CopyOnWriteArrayList<>();
        Disposable subscription = ledger.events().subscribe(events::add);

        Mono<Submitted> first;
        Mono<Submitted> second;
        try (AutoCloseable hold = ledger.committer().holdBlocks()) {
            first = queue(ledger, submitting(ledger, "incrementWithEvent", "n", "Counted"));
            second = queue(ledger, submitting(ledger, "incrementWithEvent", "n", "Counted"));
        }
        Submitted valid = first.block(TIMEOUT);
        Throwable conflict = failure(second);
        submit(ledger, "put", "after", "x");
        awaitEvents(events, 1);
        Thread.sleep(50);
        subscription.dispose();

        assertThat(conflict).isInstanceOf(MvccConflict.class);
        assertThat(events).extracting(ChaincodeEvent::txId).containsExactly(valid.txId());
        assertThat(events.get(0).name()).isEqualTo("Counted");
    }

    @Test
    void noSubscriberDoesNotHoldUpCommits() {
        EmbeddedLedger ledger = open();
        for (int i = 0; i < 20; i++) {
            submit(ledger, "putWithEvent", "k" + i, "v", "Unheard");
        }
        assertThat(ledger.height()).isEqualTo(1 + 20);
    }
}
