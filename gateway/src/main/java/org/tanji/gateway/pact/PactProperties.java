package org.tanji.gateway.pact;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the PACT exchange.
 *
 * @param eventRate events per second one partner may post to {@code /3/events} ({@code TANJI_PACT_EVENT_RATE});
 *     more are refused with 429 before they are accepted, so a throttled event is never half-taken
 */
@ConfigurationProperties(prefix = "tanji.pact")
public record PactProperties(Integer eventRate) {

    public PactProperties {
        eventRate = eventRate == null ? 100 : eventRate;
        if (eventRate < 1) {
            throw new IllegalArgumentException("tanji.pact.event-rate (TANJI_PACT_EVENT_RATE) must be at least 1; got " + eventRate);
        }
    }
}
