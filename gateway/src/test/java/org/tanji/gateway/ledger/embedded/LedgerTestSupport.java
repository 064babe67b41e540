package org.tanji.gateway.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.Submitted;
import org.tanji.gateway.ledger.embedded.testcc.KvContract;

import reactor.core.publisher.Mono;

/** Opens real embedded ledgers in a temporary directory and closes them after each test. */
abstract class LedgerTestSupport {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final TestPki.Ca ORG1 = TestPki.ca("Org1MSP");
    static final TestPki.Ca ORG2 = TestPki.ca("Org2MSP");
    static final LedgerIdentity ALICE = TestPki.client(ORG1, "alice");
    static final LedgerIdentity BOB = TestPki.client(ORG2, "bob");
    static final Map<String, X509Certificate> ROOTS = Map.of(ORG1.mspId(), ORG1.certificate(), ORG2.mspId(), ORG2.certificate());

    @TempDir
    Path dir;

    private final List<EmbeddedLedger> opened = new ArrayList<>();

    EmbeddedLedgerConfig config() {
        return EmbeddedLedgerConfig.of(dir.resolve("ledger"), ROOTS);
    }

    EmbeddedLedger open() {
        return open(config());
    }

    EmbeddedLedger open(EmbeddedLedgerConfig config) {
        EmbeddedLedger ledger = EmbeddedLedger.open(config);
        opened.add(ledger);
        return ledger;
    }

    @AfterEach
    void closeLedgers() {
        opened.forEach(EmbeddedLedger::close);
    }

    static Mono<Submitted> submitting(EmbeddedLedger ledger, String function, String... args) {
        return ledger.submit(ALICE, KvContract.fn(function), List.of(args));
    }

    static Submitted submit(EmbeddedLedger ledger, String function, String... args) {
        return submitting(ledger, function, args).block(TIMEOUT);
    }

    static String evaluate(EmbeddedLedger ledger, String function, String... args) {
        return evaluate(ledger, ALICE, function, args);
    }

    static String evaluate(EmbeddedLedger ledger, LedgerIdentity who, String function, String... args) {
        byte[] payload = ledger.evaluate(who, KvContract.fn(function), List.of(args)).block(TIMEOUT);
        return new String(payload, StandardCharsets.UTF_8);
    }

    static String text(Submitted s) {
        return new String(s.payload(), StandardCharsets.UTF_8);
    }

    /** The error a Mono fails with; fails the test if it succeeds. */
    static Throwable failure(Mono<?> mono) {
        AtomicReference<Throwable> error = new AtomicReference<>();
        Object value = mono.onErrorResume(e -> {
            error.set(e);
            return Mono.empty();
        }).block(TIMEOUT);
        assertThat(value).as("expected a failure but got a value").isNull();
        assertThat(error.get()).as("expected a failure").isNotNull();
        return error.get();
    }

    /**
     * Subscribes to {@code tx} and returns once the committer has queued it, so the order of
     * {@code queue} calls is the order of the transactions in the next block.
     */
    static Mono<Submitted> queue(EmbeddedLedger ledger, Mono<Submitted> tx) throws InterruptedException {
        long before = ledger.committer().acceptedCount();
        Mono<Submitted> cached = tx.cache();
        cached.subscribe(s -> { }, e -> { });
        awaitAccepted(ledger, before + 1);
        return cached;
    }

    /** Waits until the committer has queued {@code count} transactions in total. */
    static void awaitAccepted(EmbeddedLedger ledger, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (ledger.committer().acceptedCount() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + ledger.committer().acceptedCount() + " of " + count + " transactions were queued");
            }
            Thread.sleep(2);
        }
    }
}
