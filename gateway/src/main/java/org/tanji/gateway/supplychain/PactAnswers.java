package org.tanji.gateway.supplychain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.tanji.chaincode.supplychain.SupplyChainContract;
import org.tanji.chaincode.supplychain.SupplyRequest;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.LedgerJson;
import org.tanji.gateway.pact.EventOutbox;
import org.tanji.gateway.pact.PactError;
import org.tanji.gateway.security.ClientRegistry;
import org.tanji.gateway.store.DocumentStore;
import org.tanji.gateway.store.StoredDocument;

import com.fasterxml.jackson.databind.JsonNode;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The one answer a partner gets to each RequestCreated it sent. The event opened one request per matching
 * supplier, as one ledger {@code RequestGroup}; the answer is queued in the {@link EventOutbox} once every
 * request of the group is answered on the ledger: a RequestFulfilled carrying the document each supplier
 * delivered (exactly as the ledger anchored it, in the group's order) if any supplier fulfilled, else a
 * RequestRejected ({@code NotFound}) with the suppliers' reasons. An event that opened no request (no
 * product id, no matching supplier) is rejected at once. The answer's outbox key is the group's id, so it is
 * queued once however many suppliers answer and whoever queues it ({@link SupplyChainService} after each answer,
 * {@link PactAnswerRecovery} after a crash). A request opened on its own from a PACT event (before groups) is
 * answered alone, under its own id.
 */
@Component
public class PactAnswers {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PactAnswers.class);
    private final Ledger ledger;
    private final DocumentStore documents;
    private final EventOutbox outbox;
    private final ClientRegistry clients;

    public PactAnswers(Ledger ledger, DocumentStore documents, EventOutbox outbox, ClientRegistry clients) {
        this.ledger = ledger;
        this.documents = documents;
        this.outbox = outbox;
        this.clients = clients;
    }

    /** Whether the answer under this key is queued already (or was, and has been pruned). */
    Mono<Boolean> answered(String answerKey) {
        return outbox.held(List.of(EventOutbox.answerId(answerKey, SupplyRequest.FULFILLED),
                EventOutbox.answerId(answerKey, SupplyRequest.REJECTED))).map(held -> !held.isEmpty());
    }

    /** Rejects a partner's RequestCreated that opened no request, with a PACT error code and a message. */
    Mono<Void> reject(String partnerClient, String answerKey, String requestEventId, String code, String message) {
        return outbox.requestRejected(partnerClient, answerKey, requestEventId, code, message);
    }

    /**
     * After a request was answered on the ledger: queues the partner's answer if the request came from a PACT
     * RequestCreated and it was the last of its group still open. Nothing for other requests.
     */
    Mono<Void> settled(SupplyRequest r) {
        if (r.pactEventId() == null || r.external() || !r.settled()) {
            return Mono.empty();
        }
        if (r.groupId() == null) {
            return queue(r.id(), r, List.of(r));
        }
        return requester(r).flatMap(identity -> ledger.evaluate(identity, "supplychain:group", List.of(r.groupId())))
                .map(payload -> LedgerJson.read(payload, SupplyChainContract.GroupStatus.class))
                .filter(group -> group.requests().stream().allMatch(SupplyRequest::settled))
                .flatMap(group -> queue(group.group().id(), r, group.requests()));
    }

    /**
     * Queues every answer missing from the outbox among the requests a partner sent (its whole sent box: a group's
     * members are all in it); how many were queued.
     */
    Mono<Long> recover(List<SupplyRequest> sent) {
        Map<String, List<SupplyRequest>> groups = new LinkedHashMap<>();
        for (SupplyRequest r : sent) {
            if (r.pactEventId() != null && !r.external()) {
                groups.computeIfAbsent(r.groupId() == null ? r.id() : r.groupId(), k -> new ArrayList<>()).add(r);
            }
        }
        groups.values().removeIf(members -> !members.stream().allMatch(SupplyRequest::settled));
        Map<String, String> answerIds = new LinkedHashMap<>();
        groups.forEach((key, members) -> answerIds.put(key, EventOutbox.answerId(key, status(members))));
        return outbox.held(answerIds.values())
                .flatMapMany(held -> Flux.fromIterable(groups.entrySet()).filter(g -> !held.contains(answerIds.get(g.getKey()))))
                .concatMap(g -> queue(g.getKey(), g.getValue().get(0), g.getValue()).thenReturn(1L)
                        .doOnNext(n -> LOG.info("PACT answer {} recovered from the ledger", answerIds.get(g.getKey())))
                        .onErrorResume(e -> {
                            LOG.error("PACT answer {} could not be recovered", answerIds.get(g.getKey()), e);
                            return Mono.empty();
                        }), 0)
                .reduce(0L, Long::sum);
    }

    /** FULFILLED if any supplier fulfilled, else REJECTED: the status of the one answer. */
    private static String status(List<SupplyRequest> members) {
        return members.stream().anyMatch(m -> SupplyRequest.FULFILLED.equals(m.status())) ? SupplyRequest.FULFILLED
                : SupplyRequest.REJECTED;
    }

    /** Queues the answer to the partner's event, under {@code answerKey}, from its requests, all answered. */
    private Mono<Void> queue(String answerKey, SupplyRequest any, List<SupplyRequest> members) {
        String partner = clientOf(any.requesterId());
        if (SupplyRequest.REJECTED.equals(status(members))) {
            return outbox.requestRejected(partner, answerKey, any.pactEventId(), PactError.NOT_FOUND, reasons(members));
        }
        List<String> hashes = members.stream().filter(m -> SupplyRequest.FULFILLED.equals(m.status()))
                .map(SupplyRequest::deliveredHash).toList();
        return documents.getAll(hashes).flatMap(stored -> {
            List<JsonNode> pfs = new ArrayList<>();
            for (String hash : hashes) {
                StoredDocument doc = stored.get(hash);
                if (doc == null) {
                    return Mono.error(new IllegalStateException("the delivery " + hash + " anchored for PACT event "
                            + any.pactEventId() + " is missing from the store"));
                }
                pfs.add(LedgerJson.tree(doc.content()));
            }
            return outbox.requestFulfilled(partner, answerKey, any.pactEventId(), pfs);
        });
    }

    /** Why every supplier asked refused: the one reason, or each distinct one. */
    private static String reasons(List<SupplyRequest> members) {
        List<String> distinct = members.stream().map(SupplyRequest::reason).distinct().toList();
        return members.size() == 1 ? distinct.get(0)
                : "none of the " + members.size() + " suppliers asked can fulfil this request: " + String.join("; ", distinct);
    }

    /** The ledger identity of the partner that opened a request: it may read the request's group. */
    private Mono<LedgerIdentity> requester(SupplyRequest r) {
        String client = clientOf(r.requesterId());
        return clients.find(client)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("the partner " + client + " that opened request "
                        + r.id() + " has no client here")))
                .flatMap(c -> Mono.fromCallable(() -> clients.ledgerIdentity(c)).subscribeOn(Schedulers.boundedElastic()));
    }

    /** The client id a PACT partner calls us with: the ledger id is {@code Msp/client}. */
    static String clientOf(String ledgerId) {
        return ledgerId.substring(ledgerId.indexOf('/') + 1);
    }
}
