package org.tanji.gateway.supplychain;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;
import org.tanji.chaincode.supplychain.SupplyRequest;
import org.tanji.gateway.pact.EventOutbox;
import org.tanji.gateway.pact.PactPartners;
import org.tanji.gateway.pact.PactProperties;
import org.tanji.gateway.pact.Rounds;
import org.tanji.gateway.security.ClientRegistry;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps the PACT outbox in step with the ledger. An answer to a partner's request is committed on the ledger
 * first and queued in the outbox after; a crash in between, or a failed insert, would leave the partner without
 * its answer. So once the application is ready, in the background, and then every
 * {@code TANJI_PACT_OUTBOX_RECONCILE}, one round: first {@link EventOutbox#prune prunes} what was delivered or
 * given up longer ago than {@code TANJI_PACT_OUTBOX_RETENTION}, then, for every registered partner, lists the
 * requests it sent ({@code supplychain:sent}, with that partner client's own ledger identity) and queues the
 * answer to each fulfilled or rejected one that came in as a PACT event and is not in the outbox. Answers are
 * keyed by their request, so this never queues one twice, and a pruned answer leaves a tombstone under its key,
 * so it is not re-created and sent again. Pruning and recovery run one after the other in the same round, never
 * side by side.
 */
@Component
public class PactAnswerRecovery implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {
    private static final Logger LOG = LoggerFactory.getLogger(PactAnswerRecovery.class);
    private final SupplyChainService service;
    private final EventOutbox outbox;
    private final PactPartners partners;
    private final ClientRegistry clients;
    private final PactProperties properties;
    private volatile Disposable running;

    public PactAnswerRecovery(SupplyChainService service, EventOutbox outbox, PactPartners partners, ClientRegistry clients,
                              PactProperties properties) {
        this.service = service;
        this.outbox = outbox;
        this.partners = partners;
        this.clients = clients;
        this.properties = properties;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (running != null) {
            return;
        }
        running = Rounds.every(properties.outboxReconcile(), this::reconcile, LOG, "PACT outbox reconciliation");
    }

    @Override
    public void destroy() {
        Disposable r = running;
        if (r != null) {
            r.dispose();
            running = null;
        }
    }

    /** One round: prune, then recover; the number of answers recovered. */
    public Mono<Long> reconcile() {
        return outbox.prune(properties.outboxRetention())
                .doOnNext(pruned -> {
                    if (pruned > 0) {
                        LOG.info("PACT outbox: pruned {} events delivered or given up more than {} ago", pruned,
                                properties.outboxRetention());
                    }
                })
                .then(Flux.fromIterable(partners.all()).concatMap(p -> recover(p.client()), 0).reduce(0L, Long::sum))
                .doOnNext(recovered -> {
                    if (recovered > 0) {
                        LOG.warn("PACT outbox: recovered {} answers the ledger holds but the outbox lacked", recovered);
                    } else {
                        LOG.debug("PACT outbox: no answer to recover");
                    }
                });
    }

    private static String answerId(SupplyRequest r) {
        return EventOutbox.answerId(r.id(), r.status());
    }

    /** Queues the missing answers to one partner's requests, after one outbox query for all of them; how many. */
    private Mono<Long> recover(String partnerClient) {
        return clients.find(partnerClient)
                .switchIfEmpty(Mono.fromRunnable(() -> LOG.info("PACT partner {} has no client here: no answers to recover",
                        partnerClient)))
                .flatMap(client -> Mono.fromCallable(() -> clients.ledgerIdentity(client)).subscribeOn(Schedulers.boundedElastic()))
                .flatMap(identity -> service.list(identity, true))
                .map(requests -> requests.stream().filter(r -> r.pactEventId() != null)
                        .filter(r -> SupplyRequest.FULFILLED.equals(r.status()) || SupplyRequest.REJECTED.equals(r.status()))
                        .toList())
                .flatMap(answered -> outbox.held(answered.stream().map(PactAnswerRecovery::answerId).toList())
                        .flatMapMany(held -> Flux.fromIterable(answered).filter(r -> !held.contains(answerId(r))))
                        .concatMap(r -> service.queueAnswer(r).thenReturn(1L)
                                .doOnNext(n -> LOG.info("PACT answer {} to {} recovered from the ledger", r.status(), r.id()))
                                .onErrorResume(e -> {
                                    LOG.error("PACT answer {} to request {} could not be recovered", r.status(), r.id(), e);
                                    return Mono.empty();
                                }), 0)
                        .reduce(0L, Long::sum))
                .defaultIfEmpty(0L);
    }
}
