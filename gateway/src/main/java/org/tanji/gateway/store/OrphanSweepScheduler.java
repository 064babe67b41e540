package org.tanji.gateway.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the {@link OrphanSweeper} every {@code tanji.store.sweep-interval}, removing orphans older
 * than {@code tanji.store.orphan-grace}. Runs never overlap, and a failed run is logged and the
 * next one goes ahead.
 *
 * <p>It runs only when a {@link LedgerReferences} is available when the application starts; without
 * one it cannot tell an orphan from a document whose anchoring was not recorded, so it keeps
 * everything.
 */
public class OrphanSweepScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweepScheduler.class);

    private final OrphanSweeper sweeper;
    private final Supplier<LedgerReferences> ledgerReferences;
    private final Duration interval;
    private final Duration grace;
    private final Clock clock;
    private volatile Disposable running;

    /**
     * @param ledgerReferences resolved when started; may supply {@code null}, which disables sweeping
     */
    public OrphanSweepScheduler(OrphanSweeper sweeper, Supplier<LedgerReferences> ledgerReferences,
                                Duration interval, Duration grace, Clock clock) {
        this.sweeper = Objects.requireNonNull(sweeper, "sweeper");
        this.ledgerReferences = Objects.requireNonNull(ledgerReferences, "ledgerReferences");
        this.interval = requirePositive(interval, "sweep interval");
        this.grace = Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("orphan grace must not be negative: " + grace);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized void start() {
        if (running != null) {
            return;
        }
        LedgerReferences references = ledgerReferences.get();
        if (references == null) {
            log.warn("no LedgerReferences bean: the orphan sweep of the off-chain store is off, unanchored documents are kept");
            return;
        }
        log.info("orphan sweep every {}, grace {}", interval, grace);
        running = Flux.interval(interval, interval, Schedulers.parallel())
                // A run longer than the interval skips ticks instead of queueing them.
                .onBackpressureDrop()
                .concatMap(tick -> sweepNow(references)
                        .onErrorResume(error -> {
                            log.warn("orphan sweep failed; will retry in {}", interval, error);
                            return Mono.empty();
                        }), 0)
                .subscribe();
    }

    /** One sweep, now, with the configured grace; for the schedule and for admin triggers. */
    public Mono<Long> sweepNow(LedgerReferences references) {
        return Mono.defer(() -> {
            Instant cutoff = clock.instant().minus(grace);
            return sweeper.sweep(cutoff, references::isReferenced);
        });
    }

    @Override
    public synchronized void stop() {
        if (running != null) {
            running.dispose();
            running = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }

    private static Duration requirePositive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive: " + duration);
        }
        return duration;
    }
}
