package org.tanji.gateway.pact;

import org.tanji.gateway.security.CurrentClient;

import reactor.core.publisher.Mono;

/**
 * Acts on a PACT event once it is durably accepted. Features implement it (the supply chain opens requests
 * from a RequestCreated, records a partner's answer) so the PACT package knows none of them.
 *
 * <p>{@link EventIntake} calls it until it succeeds: an error leaves the event to be tried again later (with
 * backoff, after a restart too, and when the partner resends it), so a listener must be idempotent: derive
 * what it creates from {@code eventKey} so that a second attempt finds what the first did. A listener that
 * finds the event can never succeed ends with {@link Refused}, and the event is not tried again.
 */
public interface PactEventListener {

    /** Whether this listener acts on events like {@code event}; an event no listener acts on is settled when stored. */
    boolean actsOn(PactEvent event);

    /**
     * Acts on the event.
     *
     * @param partner  the client that posted it, with the ledger identity it acts with
     * @param eventKey unique to this partner's event (partner, CloudEvents source and id), the same on every attempt
     * @param eventId  the CloudEvents id, as the partner names the event
     */
    Mono<Void> accepted(CurrentClient.Acting partner, String eventKey, String eventId, PactEvent event);

    /** The event can never be acted on (the message says why): it is recorded as refused and not tried again. */
    final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }
}
