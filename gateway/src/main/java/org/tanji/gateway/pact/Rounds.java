package org.tanji.gateway.pact;

import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Background work done in rounds: the outbox's deliveries and its reconciliation with the ledger, and the
 * inbox's events tried again.
 */
public final class Rounds {
    private Rounds() {
    }

    /**
     * Runs {@code round} now and then every {@code interval}, off the event loop, one round at a time (a tick
     * that comes while a round is still running is dropped). A failed round is logged as a warning naming
     * {@code what}; the next one runs as planned. Dispose the result to stop.
     */
    public static Disposable every(Duration interval, Supplier<Mono<?>> round, Logger log, String what) {
        return Flux.interval(Duration.ZERO, interval, Schedulers.boundedElastic())
                .onBackpressureDrop()
                .concatMap(tick -> round.get().onErrorResume(e -> {
                    log.warn("{} failed; next one in {}", what, interval, e);
                    return Mono.empty();
                }), 0)
                .subscribe();
    }
}
