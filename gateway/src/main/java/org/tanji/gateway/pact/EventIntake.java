package org.tanji.gateway.pact;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tanji.gateway.security.ClientRegistry;
import org.tanji.gateway.security.CurrentClient;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Acts on accepted PACT events until every {@link PactEventListener} has succeeded on them, and only then marks
 * them processed in the {@link EventInbox}. The first attempt runs as the event is accepted. A failed one (the
 * ledger refusing or unreachable, the process dying half-way) leaves the event {@code PENDING}: it is tried again
 * after {@code TANJI_PACT_INTAKE_RETRY_INITIAL × 2^(n-1)} (at most {@code TANJI_PACT_INTAKE_RETRY_MAX}), up to
 * {@code TANJI_PACT_INTAKE_ATTEMPTS} times, by a round that runs once the application is ready (so what a crash
 * left undone is replayed at start-up) and then every {@code TANJI_PACT_INTAKE_RETRY_INITIAL}. The partner
 * resending an event whose processing is unfinished (pending or failed) tries it again at once.
 *
 * <p>One event is worked on by one attempt at a time in this process; listeners are idempotent
 * ({@link PactEventListener}), so an attempt that repeats work already done finds it done.
 */
@Component
public class EventIntake extends ReadyRounds {
    private static final Logger LOG = LoggerFactory.getLogger(EventIntake.class);
    private static final int BATCH = 100;
    private final EventInbox inbox;
    private final List<PactEventListener> listeners;
    private final ClientRegistry clients;
    private final PactProperties properties;
    private final RetrySchedule retries;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public EventIntake(EventInbox inbox, List<PactEventListener> listeners, ClientRegistry clients, PactProperties properties) {
        super(properties.intakeRetryInitial(), LOG, "PACT intake round");
        this.inbox = inbox;
        this.listeners = List.copyOf(listeners);
        this.clients = clients;
        this.properties = properties;
        this.retries = RetrySchedule.ofIntake(properties);
    }

    @Override
    protected Mono<?> round() {
        return retryDue();
    }

    /** Whether any listener acts on this event: if none does, it is settled as soon as it is stored. */
    boolean actedOn(PactEvent event) {
        return listeners.stream().anyMatch(l -> l.actsOn(event));
    }

    /**
     * Acts on an event just accepted, or resent while unfinished, and records the outcome. Completes empty when
     * the event is already being worked on here; never fails (a failure is recorded for the next attempt).
     */
    Mono<Void> process(String key, CurrentClient.Acting partner, CloudEventParser.Parsed event) {
        return Mono.defer(() -> inFlight.add(key) ? attempt(key, partner, event) : Mono.empty());
    }

    /** One round: every pending event due now, one after another; how many were tried. */
    Mono<Long> retryDue() {
        return inbox.due(BATCH).concatMap(this::retry, 0).count();
    }

    private Mono<Void> retry(Document stored) {
        String key = stored.getString("_id");
        return Mono.defer(() -> {
            if (!inFlight.add(key)) {
                return Mono.empty();
            }
            // Read again once claimed: the attempt that held it may have settled it since the round listed it.
            return inbox.state(key).filter(EventInbox.PENDING::equals)
                    .flatMap(pending -> acting(stored.getString("partner")))
                    .flatMap(partner -> attempt(key, partner, CloudEventParser.parse(stored.getString("event"),
                            PactVersion.valueOf(stored.getString("version")))))
                    .onErrorResume(e -> settle(key, e))
                    .doFinally(s -> inFlight.remove(key));
        });
    }

    private Mono<CurrentClient.Acting> acting(String clientId) {
        return clients.find(clientId)
                .switchIfEmpty(Mono.error(() -> new PactEventListener.Refused("the partner's client " + clientId
                        + " no longer exists")))
                .flatMap(client -> Mono.fromCallable(() -> new CurrentClient.Acting(client, clients.ledgerIdentity(client)))
                        .subscribeOn(Schedulers.boundedElastic()));
    }

    /** Runs every listener that acts on the event, in order; then records the outcome and releases the claim on it. */
    private Mono<Void> attempt(String key, CurrentClient.Acting partner, CloudEventParser.Parsed event) {
        return Flux.fromIterable(listeners).filter(l -> l.actsOn(event.event()))
                .concatMap(l -> l.accepted(partner, key, event.id(), event.event()), 0)
                .then(Mono.defer(() -> inbox.processed(key)))
                .onErrorResume(e -> settle(key, e))
                .onErrorResume(e -> {
                    LOG.error("PACT event {} from {}: the outcome of acting on it could not be recorded", event.id(),
                            partner.client().clientId(), e);
                    return Mono.empty();
                })
                .doFinally(s -> inFlight.remove(key));
    }

    /** Records a failed attempt: refused for good, or due again after the backoff. */
    private Mono<Void> settle(String key, Throwable e) {
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof PactEventListener.Refused) {
            LOG.warn("PACT event {} refused: {}", key.replace('\n', ' '), why);
            return inbox.refused(key, why);
        }
        LOG.warn("PACT event {}: acting on it failed: {}", key.replace('\n', ' '), why);
        return inbox.failed(key, why, retries, properties.intakeAttempts());
    }
}
