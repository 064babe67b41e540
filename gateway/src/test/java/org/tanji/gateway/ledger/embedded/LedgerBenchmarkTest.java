package org.tanji.gateway.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tanji.gateway.ledger.embedded.testcc.KvContract;

/**
 * A short run of both durability modes. Larger runs: {@code -Dtanji.bench.transactions=20000
 * -Dtanji.bench.concurrency=64}.
 */
class LedgerBenchmarkTest extends LedgerTestSupport {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerBenchmarkTest.class);

    private LedgerBenchmark.Result run(String name, Durability durability, int transactions, int concurrency) {
        return LedgerBenchmark.run(dir.resolve(name), durability, transactions, concurrency,
                i -> new LedgerBenchmark.Invocation(KvContract.fn("put"), List.of("asset-" + i, "{\"kgCO2e\":\"" + i + ".5\"}")),
                ALICE, ROOTS);
    }

    @Test
    void groupCommitBeatsFsyncPerTransactionAndLosesNothing() {
        int transactions = Integer.getInteger("tanji.bench.transactions", 2000);
        int concurrency = Integer.getInteger("tanji.bench.concurrency", 64);
        run("warm-up", Durability.GROUP_COMMIT, Math.min(transactions, 500), concurrency);

        LedgerBenchmark.Result perTx = run("per-tx", Durability.FSYNC_PER_TRANSACTION, transactions, concurrency);
        LedgerBenchmark.Result group = run("group", Durability.GROUP_COMMIT, transactions, concurrency);
        LOG.info("benchmark {}", perTx);
        LOG.info("benchmark {}", group);

        assertThat(group.committed()).isEqualTo(transactions);
        assertThat(perTx.committed()).isEqualTo(transactions);
        assertThat(perTx.blocks()).isEqualTo(transactions);
        assertThat(group.blocks()).isLessThan(transactions);
        assertThat(group.p99Millis()).isGreaterThanOrEqualTo(group.medianMillis());
    }
}
