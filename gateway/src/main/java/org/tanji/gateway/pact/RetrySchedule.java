package org.tanji.gateway.pact;

import java.time.Duration;

/**
 * When an outgoing PACT event is tried again: PACT asks for exponential backoff, so the wait doubles after
 * each failure, from {@code initial} ({@code TANJI_PACT_RETRY_INITIAL}) up to {@code max}
 * ({@code TANJI_PACT_RETRY_MAX}), where it stays; how long an event is tried at all is the outbox's business
 * ({@code TANJI_PACT_RETRY_FOR}).
 *
 * @param initial the wait after the first failure
 * @param max     the longest wait
 */
record RetrySchedule(Duration initial, Duration max) {

    static RetrySchedule of(PactProperties properties) {
        return new RetrySchedule(properties.retryInitial(), properties.retryMax());
    }

    /** The wait after the {@code failure}-th failed attempt (1 for the first): {@code initial × 2^(failure-1)}, at most {@code max}. */
    Duration afterFailure(int failure) {
        Duration wait = initial;
        // Doubling stops at the maximum, so no failure count overflows the duration.
        for (int i = 1; i < failure && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
