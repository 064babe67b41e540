package org.tanji.gateway.supplychain;

import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.tanji.chaincode.supplychain.InputLink;
import org.tanji.chaincode.supplychain.InputStatus;
import org.tanji.chaincode.supplychain.SupplyChainContract;
import org.tanji.chaincode.supplychain.SupplyRequest;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.LedgerJson;
import org.tanji.gateway.ledger.Submitted;
import org.tanji.gateway.pact.EventOutbox;
import org.tanji.gateway.pact.ServedFootprints;
import org.tanji.gateway.problem.ApiException;
import org.tanji.gateway.store.DocumentStore;
import org.tanji.gateway.store.StoredDocument;

import com.fasterxml.jackson.core.type.TypeReference;

import reactor.core.publisher.Mono;

/**
 * Opens, answers and reads supply-chain requests. A delivery is the footprint exactly as PACT serves
 * it (with the ledger's status and verification); its canonical bytes go to the store first, under
 * their hash, and then the ledger anchors that hash, so the ledger never names a missing delivery.
 */
@Service
public class SupplyChainService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SupplyChainService.class);
    static final String DELIVERY_KIND = "supply-delivery";
    private final Ledger ledger;
    private final DocumentStore documents;
    private final ServedFootprints footprints;

    private final EventOutbox outbox;

    public SupplyChainService(Ledger ledger, DocumentStore documents, ServedFootprints footprints, EventOutbox outbox) {
        this.ledger = ledger;
        this.outbox = outbox;
        this.documents = documents;
        this.footprints = footprints;
    }

    /** A request as the ledger holds it, with where the last change was committed. */
    public record Anchored(SupplyRequest request, String txId, long blockNumber) {
        static Anchored of(Submitted tx) {
            return new Anchored(LedgerJson.read(tx.payload(), SupplyRequest.class), tx.txId(), tx.blockNumber());
        }
    }

    /** Opens a request; {@code pactEventId} names the PACT event it came from, if any. */
    public Mono<Anchored> open(LedgerIdentity leader, String supplierId, String productId, String comment, String pactEventId) {
        String opening = CanonicalJson.string(new SupplyChainContract.Opening(UUID.randomUUID().toString(), supplierId,
                productId, comment, pactEventId));
        return ledger.submit(leader, "supplychain:request", List.of(opening)).map(Anchored::of);
    }

    public Mono<Anchored> fulfil(LedgerIdentity supplier, String requestId, String footprintId) {
        if (footprintId == null || footprintId.isBlank()) {
            return Mono.error(ApiException.badRequest("footprintId", "is required: the footprint to deliver"));
        }
        return footprints.byId(footprintId)
                .switchIfEmpty(Mono.error(ApiException.notFound("no footprint " + footprintId)))
                .flatMap(pf -> documents.put(DELIVERY_KIND, CanonicalJson.bytes(pf), "application/json"))
                .flatMap(stored -> ledger.submit(supplier, "supplychain:fulfil", List.of(requestId,
                                CanonicalJson.string(new SupplyChainContract.Delivery(footprintId, stored.id()))))
                        .onErrorResume(ChaincodeRejection.class,
                                e -> documents.deleteIfUnanchored(stored.id()).then(Mono.error(e)))
                        .flatMap(tx -> documents.markAnchored(stored.id(), tx.txId()).thenReturn(tx))
                        .map(Anchored::of)
                        .flatMap(a -> answer(a, Mono.just(stored))));
    }

    /**
     * A request that came in as a PACT event is answered to its partner once the ledger holds the answer:
     * the event is queued durably in the outbox, which retries it. A failure to queue is logged, not
     * answered: the ledger already records the answer, and {@link PactAnswerRecovery} queues it later.
     */
    private Mono<Anchored> answer(Anchored anchored, Mono<StoredDocument> delivery) {
        SupplyRequest r = anchored.request();
        return queueAnswer(r, delivery).onErrorResume(e -> {
            LOG.error("request {} answered on the ledger, but its PACT event to {} could not be queued; recovery will"
                    + " queue it", r.id(), r.requesterId(), e);
            return Mono.empty();
        }).thenReturn(anchored);
    }

    /**
     * Queues the PACT answer to a fulfilled or rejected request that came in as a partner's RequestCreated; a
     * fulfilment delivers exactly the document the ledger anchored ({@code deliveredHash}). Idempotent: an
     * answer already queued is not queued again. Nothing for other requests.
     */
    Mono<Void> queueAnswer(SupplyRequest r) {
        return queueAnswer(r, documents.get(r.deliveredHash()));
    }

    /** As {@link #queueAnswer(SupplyRequest)}, with the delivered document from {@code delivery} (read only for a fulfilment). */
    private Mono<Void> queueAnswer(SupplyRequest r, Mono<StoredDocument> delivery) {
        if (r.pactEventId() == null) {
            return Mono.empty();
        }
        if (SupplyRequest.FULFILLED.equals(r.status())) {
            return delivery
                    .switchIfEmpty(Mono.error(() -> new IllegalStateException("the delivery " + r.deliveredHash()
                            + " anchored for request " + r.id() + " is missing from the store")))
                    .flatMap(stored -> outbox.requestFulfilled(partner(r), r.id(), r.pactEventId(),
                            List.of(LedgerJson.tree(stored.content()))));
        }
        if (SupplyRequest.REJECTED.equals(r.status())) {
            return outbox.requestRejected(partner(r), r.id(), r.pactEventId(), "NotFound", r.reason());
        }
        return Mono.empty();
    }

    /** The client id a PACT partner calls us with: the ledger id is {@code Msp/client}. */
    private static String partner(SupplyRequest r) {
        return r.requesterId().substring(r.requesterId().indexOf('/') + 1);
    }

    /** Asks a registered PACT partner for a product's footprints; the id of the queued RequestCreated event. */
    public Mono<String> requestFromPartner(String partnerClient, String productId, String comment) {
        if (productId == null || productId.isBlank()) {
            return Mono.error(ApiException.badRequest("productId", "is required"));
        }
        com.fasterxml.jackson.databind.node.ObjectNode criteria = CanonicalJson.mapper().createObjectNode();
        criteria.putArray("productId").add(productId);
        if (comment != null && !comment.isBlank()) {
            criteria.put("comment", comment);
        }
        return outbox.requestCreated(partnerClient, criteria)
                .switchIfEmpty(Mono.error(ApiException.notFound("no PACT partner " + partnerClient + " is registered")));
    }

    public Mono<Anchored> reject(LedgerIdentity supplier, String requestId, String reason) {
        return ledger.submit(supplier, "supplychain:reject", List.of(requestId, reason == null ? "" : reason))
                .map(Anchored::of)
                .flatMap(a -> answer(a, Mono.empty()));
    }

    public Mono<SupplyRequest> get(LedgerIdentity party, String requestId) {
        return ledger.evaluate(party, "supplychain:get", List.of(requestId))
                .map(payload -> LedgerJson.read(payload, SupplyRequest.class));
    }

    /** The caller's inbox ({@code sent == false}) or the requests it sent. */
    public Mono<List<SupplyRequest>> list(LedgerIdentity party, boolean sent) {
        return ledger.evaluate(party, sent ? "supplychain:sent" : "supplychain:inbox", List.of())
                .map(payload -> LedgerJson.read(payload, new TypeReference<List<SupplyRequest>>() { }));
    }

    /** An input link as committed. */
    public record Attached(InputLink link, String txId, long blockNumber) {
    }

    /** Attaches the supplier footprint a fulfilled request delivered as an input of the leader's footprint. */
    public Mono<Attached> attach(LedgerIdentity leader, String footprintId, String requestId) {
        if (requestId == null || requestId.isBlank()) {
            return Mono.error(ApiException.badRequest("requestId", "is required: the fulfilled request that delivered the input"));
        }
        return ledger.submit(leader, "supplychain:attach", List.of(footprintId, requestId))
                .map(tx -> new Attached(LedgerJson.read(tx.payload(), InputLink.class), tx.txId(), tx.blockNumber()));
    }

    /** The supplier footprints a footprint rests on, flagged where the supplier's has been deprecated. */
    public Mono<List<InputStatus>> inputs(LedgerIdentity reader, String footprintId) {
        return ledger.evaluate(reader, "supplychain:inputs", List.of(footprintId))
                .map(payload -> LedgerJson.read(payload, new TypeReference<List<InputStatus>>() { }));
    }

    /** The footprints that use a supplier footprint as an input. */
    public Mono<List<String>> downstream(LedgerIdentity reader, String supplierFootprintId) {
        return ledger.evaluate(reader, "supplychain:downstream", List.of(supplierFootprintId))
                .map(payload -> LedgerJson.read(payload, new TypeReference<List<String>>() { }));
    }

    /** The exact document delivered for a fulfilled request, hash re-checked by the store. */
    public Mono<StoredDocument> delivery(LedgerIdentity party, String requestId) {
        return get(party, requestId).flatMap(r -> r.deliveredHash() == null
                ? Mono.error(new ApiException(HttpStatus.CONFLICT, "request " + requestId + " is " + r.status()
                        + "; nothing was delivered"))
                : documents.get(r.deliveredHash()).switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.INTERNAL_SERVER_ERROR,
                        "the delivery " + r.deliveredHash() + " anchored for request " + requestId + " is missing from the store"))));
    }
}
