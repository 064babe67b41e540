package org.tanji.gateway.pact;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the PACT exchange.
 *
 * @param eventRate    events per second one partner may post to {@code /3/events} ({@code TANJI_PACT_EVENT_RATE});
 *     more are refused with 429 before they are accepted, so a throttled event is never half-taken
 * @param partners     JSON file of the partners we send events to ({@code TANJI_PACT_PARTNERS}); none without it
 * @param outboxPoll   how often the outbox looks for events due to be sent ({@code TANJI_PACT_OUTBOX_POLL})
 * @param retryInitial the wait after a first failed delivery, doubled after each further failure
 *     ({@code TANJI_PACT_RETRY_INITIAL})
 * @param retryMax     the longest wait between two attempts ({@code TANJI_PACT_RETRY_MAX})
 * @param retryFor     how long after it was queued an event is still tried ({@code TANJI_PACT_RETRY_FOR}); PACT: 72 h
 * @param outboxRetention how long after it was queued a delivered or given-up event is kept
 *     ({@code TANJI_PACT_OUTBOX_RETENTION}); older ones are pruned
 * @param outboxReconcile how often answers the ledger holds are checked against the outbox and old events are pruned
 *     ({@code TANJI_PACT_OUTBOX_RECONCILE}); also once soon after start-up
 * @param intakeRetryInitial the wait after a first failure to act on an accepted event (open the requests a
 *     RequestCreated asks for, record a partner's answer), doubled after each further failure; also how often
 *     the inbox is checked for events due again ({@code TANJI_PACT_INTAKE_RETRY_INITIAL})
 * @param intakeRetryMax the longest wait between two attempts ({@code TANJI_PACT_INTAKE_RETRY_MAX})
 * @param intakeAttempts how many times an accepted event is tried before it is marked {@code FAILED}
 *     ({@code TANJI_PACT_INTAKE_ATTEMPTS}); the partner's resending it tries again
 */
@ConfigurationProperties(prefix = "tanji.pact")
public record PactProperties(Integer eventRate, Path partners, Duration outboxPoll, Duration retryInitial,
                             Duration retryMax, Duration retryFor, Duration outboxRetention,
                             Duration outboxReconcile, Duration intakeRetryInitial, Duration intakeRetryMax,
                             Integer intakeAttempts) {

    public PactProperties {
        eventRate = eventRate == null ? 100 : eventRate;
        if (eventRate < 1) {
            throw new IllegalArgumentException("tanji.pact.event-rate (TANJI_PACT_EVENT_RATE) must be at least 1; got " + eventRate);
        }
        outboxPoll = positive(outboxPoll, Duration.ofSeconds(5), "outbox-poll (TANJI_PACT_OUTBOX_POLL)");
        retryInitial = positive(retryInitial, Duration.ofSeconds(30), "retry-initial (TANJI_PACT_RETRY_INITIAL)");
        retryMax = positive(retryMax, Duration.ofHours(1), "retry-max (TANJI_PACT_RETRY_MAX)");
        retryFor = positive(retryFor, Duration.ofHours(72), "retry-for (TANJI_PACT_RETRY_FOR)");
        outboxRetention = positive(outboxRetention, Duration.ofDays(30), "outbox-retention (TANJI_PACT_OUTBOX_RETENTION)");
        outboxReconcile = positive(outboxReconcile, Duration.ofMinutes(5), "outbox-reconcile (TANJI_PACT_OUTBOX_RECONCILE)");
        intakeRetryInitial = positive(intakeRetryInitial, Duration.ofSeconds(5), "intake-retry-initial (TANJI_PACT_INTAKE_RETRY_INITIAL)");
        intakeRetryMax = positive(intakeRetryMax, Duration.ofMinutes(10), "intake-retry-max (TANJI_PACT_INTAKE_RETRY_MAX)");
        intakeAttempts = intakeAttempts == null ? 12 : intakeAttempts;
        if (intakeAttempts < 1) {
            throw new IllegalArgumentException("tanji.pact.intake-attempts (TANJI_PACT_INTAKE_ATTEMPTS) must be at least 1; got "
                    + intakeAttempts);
        }
    }

    private static Duration positive(Duration value, Duration otherwise, String name) {
        Duration d = value == null ? otherwise : value;
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("tanji.pact." + name + " must be positive; got " + d);
        }
        return d;
    }
}
