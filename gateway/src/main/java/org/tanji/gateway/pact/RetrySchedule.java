package org.tanji.gateway.pact;

import java.time.Duration;

/**
 * When a PACT event is tried again: PACT asks for exponential backoff, so the wait doubles after each
 * failure, from {@code initial} up to {@code max}, where it stays. Outgoing events use
 * {@code TANJI_PACT_RETRY_INITIAL}/{@code _MAX} (how long one is tried at all is the outbox's business,
 * {@code TANJI_PACT_RETRY_FOR}); the intake of incoming ones {@code TANJI_PACT_INTAKE_RETRY_INITIAL}/{@code _MAX}.
 *
 * @param initial the wait after the first failure
 * @param max     the longest wait
 */
record RetrySchedule(Duration initial, Duration max) {

    static RetrySchedule of(PactProperties properties) {
        return new RetrySchedule(properties.retryInitial(), properties.retryMax());
    }

    static RetrySchedule ofIntake(PactProperties properties) {
        return new RetrySchedule(properties.intakeRetryInitial(), properties.intakeRetryMax());
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
