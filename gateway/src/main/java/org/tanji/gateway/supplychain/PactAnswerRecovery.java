package org.tanji.gateway.supplychain;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tanji.gateway.pact.EventOutbox;
import org.tanji.gateway.pact.PactPartners;
import org.tanji.gateway.pact.PactProperties;
import org.tanji.gateway.pact.ReadyRounds;
import org.tanji.gateway.security.ClientRegistry;

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
 * answer to each of its RequestCreated events whose requests are all answered and whose answer is not in the
 * outbox ({@link PactAnswers}), and the RequestCreated of each open request to that partner (one we asked it,
 * {@code supplychain:inbox} under its identity) that the outbox lacks. Answers are keyed by the request group an
 * event opened and requests by their id, so this never queues one twice, and a pruned answer or request leaves a
 * tombstone under its key, so it is not re-created and sent again. Pruning and recovery run one after the other in the same round, never
 * side by side.
 */
@Component
public class PactAnswerRecovery extends ReadyRounds {
    private static final Logger LOG = LoggerFactory.getLogger(PactAnswerRecovery.class);
    private final SupplyChainService service;
    private final PactAnswers answers;
    private final EventOutbox outbox;
    private final PactPartners partners;
    private final ClientRegistry clients;
    private final PactProperties properties;

    public PactAnswerRecovery(SupplyChainService service, PactAnswers answers, EventOutbox outbox, PactPartners partners,
                              ClientRegistry clients, PactProperties properties) {
        super(properties.outboxReconcile(), LOG, "PACT outbox reconciliation");
        this.service = service;
        this.answers = answers;
        this.outbox = outbox;
        this.partners = partners;
        this.clients = clients;
        this.properties = properties;
    }

    @Override
    protected Mono<?> round() {
        return reconcile();
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

    /** Queues the missing answers to one partner's requests, after one outbox query for all of them; how many. */
    private Mono<Long> recover(String partnerClient) {
        return clients.find(partnerClient)
                .switchIfEmpty(Mono.fromRunnable(() -> LOG.info("PACT partner {} has no client here: no answers to recover",
                        partnerClient)))
                .flatMap(client -> Mono.fromCallable(() -> clients.ledgerIdentity(client)).subscribeOn(Schedulers.boundedElastic()))
                .flatMap(identity -> service.list(identity, true).flatMap(answers::recover)
                        .zipWith(service.list(identity, false).flatMap(inbox -> ask(partnerClient, inbox)), Long::sum))
                .defaultIfEmpty(0L);
    }

    /**
     * Queues the RequestCreated of every open request to this outside partner that the outbox lacks: the request
     * is anchored first and its event queued after, so a crash in between would leave it unasked. How many.
     */
    private Mono<Long> ask(String partnerClient, java.util.List<org.tanji.chaincode.supplychain.SupplyRequest> inbox) {
        var unasked = inbox.stream().filter(r -> r.external() && !r.settled()).toList();
        return outbox.held(unasked.stream().map(org.tanji.chaincode.supplychain.SupplyRequest::id).toList())
                .flatMapMany(held -> Flux.fromIterable(unasked).filter(r -> !held.contains(r.id())))
                .concatMap(r -> service.ask(partnerClient, r.id(), r.productId(), r.comment()).thenReturn(1L)
                        .doOnNext(n -> LOG.warn("PACT request {} to {} was anchored but not queued: queued now", r.id(), partnerClient))
                        .onErrorResume(e -> {
                            LOG.error("PACT request {} to {} could not be queued", r.id(), partnerClient, e);
                            return Mono.empty();
                        }), 0)
                .reduce(0L, Long::sum);
    }
}
