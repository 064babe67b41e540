package org.tanji.gateway.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tanji.gateway.ledger.MvccConflict;
import org.tanji.gateway.ledger.Submitted;

import reactor.core.publisher.Mono;

/** The committer judges read sets the way Fabric's validator does. */
class MvccValidationTest extends LedgerTestSupport {

    private record Outcome(Submitted submitted, Throwable error) {
    }

    private static Outcome outcome(Mono<Submitted> tx) {
        try {
            return new Outcome(tx.block(TIMEOUT), null);
        } catch (RuntimeException e) {
            return new Outcome(null, e);
        }
    }

    @Test
    void twoIncrementsInOneBlockOneCommitsAndTheOtherConflicts() throws Exception {
        EmbeddedLedger ledger = open();
        submit(ledger, "put", "counter", "0");

        Mono<Submitted> first;
        Mono<Submitted> second;
        try (AutoCloseable hold = ledger.committer().holdBlocks()) {
            first = queue(ledger, submitting(ledger, "increment", "counter"));
            second = queue(ledger, submitting(ledger, "increment", "counter"));
        }
        Outcome a = outcome(first);
        Outcome b = outcome(second);

        assertThat(a.submitted()).isNotNull();
        assertThat(b.error()).isInstanceOf(MvccConflict.class);
        MvccConflict conflict = (MvccConflict) b.error();
        var proof = ledger.proof(conflict.txId()).block(TIMEOUT);
        assertThat(proof.validationCode()).isEqualTo("MVCC_READ_CONFLICT");
        assertThat(proof.blockNumber()).isEqualTo(a.submitted().blockNumber());
        assertThat(proof.txIndex()).isEqualTo(1);
        assertThat(evaluate(ledger, "get", "counter")).isEqualTo("1");
    }

    @Test
    void readStaleByAnEarlierBlockConflicts() throws Exception {
        EmbeddedLedger ledger = open(config().withDurability(Durability.FSYNC_PER_TRANSACTION));
        submit(ledger, "put", "counter", "0");

        Mono<Submitted> first;
        Mono<Submitted> second;
        try (AutoCloseable hold = ledger.committer().holdBlocks()) {
            first = queue(ledger, submitting(ledger, "increment", "counter"));
            second = queue(ledger, submitting(ledger, "increment", "counter"));
        }
        Outcome a = outcome(first);
        Outcome b = outcome(second);

        assertThat(a.submitted()).isNotNull();
        assertThat(b.error()).isInstanceOf(MvccConflict.class);
        var proof = ledger.proof(((MvccConflict) b.error()).txId()).block(TIMEOUT);
        assertThat(proof.blockNumber()).isEqualTo(a.submitted().blockNumber() + 1);
        assertThat(proof.validationCode()).isEqualTo("MVCC_READ_CONFLICT");
        assertThat(evaluate(ledger, "get", "counter")).isEqualTo("1");
    }

    @Test
    void sequentialIncrementsNeverConflict() {
        EmbeddedLedger ledger = open();
        for (int i = 0; i < 5; i++) {
            submit(ledger, "increment", "seq");
        }
        assertThat(evaluate(ledger, "get", "seq")).isEqualTo("5");
    }

    @Test
    void keyInsertedIntoAScannedRangeInTheSameBlockIsAPhantom() throws Exception {
        EmbeddedLedger ledger = open();
        submit(ledger, "put", "r1", "x");

        Mono<Submitted> insert;
        Mono<Submitted> scan;
        try (AutoCloseable hold = ledger.committer().holdBlocks()) {
            insert = queue(ledger, submitting(ledger, "put", "r5", "y"));
            scan = queue(ledger, submitting(ledger, "countRange", "r0", "r9", "count"));
        }
        Outcome inserted = outcome(insert);
        Outcome scanned = outcome(scan);

        assertThat(inserted.submitted()).isNotNull();
        assertThat(scanned.error()).isInstanceOf(MvccConflict.class);
        assertThat(ledger.proof(((MvccConflict) scanned.error()).txId()).block(TIMEOUT).validationCode())
                .isEqualTo("PHANTOM_READ_CONFLICT");
    }

    @Test
    void keyInsertedIntoAScannedRangeByAnEarlierBlockIsAPhantom() throws Exception {
        EmbeddedLedger ledger = open(config().withDurability(Durability.FSYNC_PER_TRANSACTION));
        submit(ledger, "put", "r1", "x");

        Mono<Submitted> scan;
        Mono<Submitted> insert;
        try (AutoCloseable hold = ledger.committer().holdBlocks()) {
            // Both are simulated before either commits; one transaction per block puts the scan
            // in the block after the insert.
            insert = queue(ledger, submitting(ledger, "put", "r5", "y"));
            scan = queue(ledger, submitting(ledger, "countRange", "r0", "r9", "count"));
        }
        Outcome inserted = outcome(insert);
        Outcome scanned = outcome(scan);

        assertThat(inserted.submitted()).isNotNull();
        assertThat(scanned.error()).isInstanceOf(MvccConflict.class);
        var proof = ledger.proof(((MvccConflict) scanned.error()).txId()).block(TIMEOUT);
        assertThat(proof.validationCode()).isEqualTo("PHANTOM_READ_CONFLICT");
        assertThat(proof.blockNumber()).isEqualTo(inserted.submitted().blockNumber() + 1);
    }

    @Test
    void writeOutsideTheScannedRangeDoesNotDisturbTheScan() throws Exception {
        EmbeddedLedger ledger = open();
        submit(ledger, "put", "r1", "x");

        Mono<Submitted> outside;
        Mono<Submitted> scan;
        try (AutoCloseable hold = ledger.committer().holdBlocks()) {
            outside = queue(ledger, submitting(ledger, "put", "s5", "y"));
            scan = queue(ledger, submitting(ledger, "countRange", "r0", "r9", "count"));
        }

        assertThat(outcome(outside).submitted()).isNotNull();
        Outcome scanned = outcome(scan);
        assertThat(scanned.submitted()).isNotNull();
        assertThat(text(scanned.submitted())).isEqualTo("1");
    }
}
