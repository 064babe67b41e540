package org.tanji.gateway.pact;

import java.time.Duration;

import org.slf4j.Logger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Background work done in {@link Rounds} from the moment the application is ready (its first round then, so
 * what a restart left undone is picked up at once) until the application stops.
 */
public abstract class ReadyRounds implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {
    private final Duration interval;
    private final Logger log;
    private final String what;
    private volatile Disposable running;

    /** Rounds every {@code interval}; a failed one is logged on {@code log} as {@code what} failed. */
    protected ReadyRounds(Duration interval, Logger log, String what) {
        this.interval = interval;
        this.log = log;
        this.what = what;
    }

    /** One round. */
    protected abstract Mono<?> round();

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (running == null) {
            running = Rounds.every(interval, this::round, log, what);
        }
    }

    @Override
    public void destroy() {
        Disposable r = running;
        if (r != null) {
            r.dispose();
            running = null;
        }
    }
}
