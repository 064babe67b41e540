package org.tanji.gateway.pact;

import org.tanji.gateway.security.CurrentClient;

import reactor.core.publisher.Mono;

/**
 * Acts on a PACT event once it is durably accepted (never on a resent one). Features implement it
 * (the supply chain opens a request from a RequestCreated) so the PACT package knows none of them.
 * A listener's failure is logged, not answered: the partner's event is already accepted.
 */
public interface PactEventListener {
    Mono<Void> accepted(CurrentClient.Acting partner, String eventId, PactEvent event);
}
