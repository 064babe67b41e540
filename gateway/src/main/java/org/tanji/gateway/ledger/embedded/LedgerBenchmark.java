package org.tanji.gateway.ledger.embedded;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.MvccConflict;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Measures durable, committed throughput of the embedded ledger: a closed loop of
 * {@code concurrency} clients each submitting and waiting for the commit, against a fresh ledger
 * directory. Latency is from submit to durable acknowledgement.
 *
 * <pre>{@code
 * Result r = LedgerBenchmark.run(dir, Durability.GROUP_COMMIT, 20_000, 64,
 *         i -> new Invocation("footprint:record", List.of(json(i))), identity, roots);
 * }</pre>
 */
public final class LedgerBenchmark {

    /** One transaction of the workload. */
    public record Invocation(String function, List<String> args) {
    }

    /**
     * @param committed         transactions committed VALID
     * @param conflicts         transactions invalidated by MVCC or phantom checks
     * @param rejected          transactions the contract refused
     * @param blocks            blocks written for the run
     * @param committedPerSecond committed (valid, durable) transactions per second of wall time
     */
    public record Result(Durability durability, int transactions, int concurrency, int committed, int conflicts,
            int rejected, long blocks, Duration elapsed, double committedPerSecond, double medianMillis, double p99Millis) {

        @Override
        public String toString() {
            return String.format("%s: %d tx, concurrency %d -> %.0f committed tx/s (%d committed, %d conflicts,"
                    + " %d rejected) in %d blocks, latency median %.2f ms, p99 %.2f ms", durability, transactions,
                    concurrency, committedPerSecond, committed, conflicts, rejected, blocks, medianMillis, p99Millis);
        }
    }

    private LedgerBenchmark() {
    }

    /** Runs the workload against a new ledger in {@code dir}, which should be empty. */
    public static Result run(Path dir, Durability d, int transactions, int concurrency,
            Function<Integer, Invocation> workload, LedgerIdentity id, Map<String, X509Certificate> roots) {
        EmbeddedLedgerConfig config = EmbeddedLedgerConfig.of(dir, roots).withDurability(d);
        try (EmbeddedLedger ledger = EmbeddedLedger.open(config)) {
            long startHeight = ledger.height();
            AtomicLongArray latencies = new AtomicLongArray(transactions);
            AtomicInteger committed = new AtomicInteger();
            AtomicInteger conflicts = new AtomicInteger();
            AtomicInteger rejected = new AtomicInteger();
            long started = System.nanoTime();
            Flux.range(0, transactions)
                    .flatMap(i -> {
                        Invocation inv = workload.apply(i);
                        return Mono.defer(() -> {
                            long t0 = System.nanoTime();
                            return ledger.submit(id, inv.function(), inv.args())
                                    .doOnSuccess(s -> {
                                        latencies.set(i, System.nanoTime() - t0);
                                        committed.incrementAndGet();
                                    });
                        }).onErrorResume(MvccConflict.class, e -> {
                            conflicts.incrementAndGet();
                            return Mono.empty();
                        }).onErrorResume(ChaincodeRejection.class, e -> {
                            rejected.incrementAndGet();
                            return Mono.empty();
                        });
                    }, concurrency)
                    .blockLast();
            long elapsed = System.nanoTime() - started;
            long[] valid = new long[committed.get()];
            int n = 0;
            for (int i = 0; i < transactions && n < valid.length; i++) {
                if (latencies.get(i) > 0) {
                    valid[n++] = latencies.get(i);
                }
            }
            Arrays.sort(valid, 0, n);
            return new Result(d, transactions, concurrency, committed.get(), conflicts.get(), rejected.get(),
                    ledger.height() - startHeight, Duration.ofNanos(elapsed), committed.get() / (elapsed / 1e9),
                    percentile(valid, n, 0.50), percentile(valid, n, 0.99));
        }
    }

    private static double percentile(long[] sorted, int n, double q) {
        if (n == 0) {
            return Double.NaN;
        }
        int idx = (int) Math.ceil(q * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, idx))] / 1e6;
    }
}
