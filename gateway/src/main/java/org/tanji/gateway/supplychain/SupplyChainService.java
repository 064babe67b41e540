package org.tanji.gateway.supplychain;

import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.tanji.chaincode.supplychain.InputLink;
import org.tanji.chaincode.supplychain.InputStatus;
import org.tanji.chaincode.supplychain.RequestGroup;
import org.tanji.chaincode.supplychain.SupplyChainContract;
import org.tanji.chaincode.supplychain.SupplyRequest;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.LedgerJson;
import org.tanji.gateway.ledger.Submitted;
import org.tanji.gateway.ledger.TransactionProof;
import org.tanji.gateway.pact.EventOutbox;
import org.tanji.gateway.pact.PactPartners;
import org.tanji.gateway.pact.ServedFootprints;
import org.tanji.gateway.problem.ApiException;
import org.tanji.gateway.security.ClientRegistry;
import org.tanji.gateway.store.DocumentStore;
import org.tanji.gateway.store.StoredDocument;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import reactor.core.publisher.Mono;

/**
 * Opens, answers and reads supply-chain requests. A delivery is the footprint exactly as PACT serves
 * it (with the ledger's status and verification); its canonical bytes go to the store first, under
 * their hash, and then the ledger anchors that hash, so the ledger never names a missing delivery. What an
 * outside PACT partner sends in answer to a request we sent it is kept and anchored the same way.
 */
@Service
public class SupplyChainService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SupplyChainService.class);
    static final String DELIVERY_KIND = "supply-delivery";
    private final Ledger ledger;
    private final DocumentStore documents;
    private final ServedFootprints footprints;

    private final EventOutbox outbox;
    private final PactAnswers answers;
    private final PactPartners partners;
    private final ClientRegistry clients;

    public SupplyChainService(Ledger ledger, DocumentStore documents, ServedFootprints footprints, EventOutbox outbox,
                              PactAnswers answers, PactPartners partners, ClientRegistry clients) {
        this.ledger = ledger;
        this.outbox = outbox;
        this.documents = documents;
        this.footprints = footprints;
        this.answers = answers;
        this.partners = partners;
        this.clients = clients;
    }

    /** A request as the ledger holds it, with where the last change was committed. */
    public record Anchored(SupplyRequest request, String txId, long blockNumber) {
        static Anchored of(Submitted tx) {
            return new Anchored(LedgerJson.read(tx.payload(), SupplyRequest.class), tx.txId(), tx.blockNumber());
        }
    }

    /** A request as the ledger holds it, with where its current version was committed. */
    public record Proven(@JsonUnwrapped SupplyRequest request, TransactionProof proof) {
    }

    /** Opens a request to a supplier here. */
    public Mono<Anchored> open(LedgerIdentity leader, String supplierId, String productId, String comment) {
        return open(leader, new SupplyChainContract.Opening(UUID.randomUUID().toString(), supplierId, productId, comment, null,
                false));
    }

    private Mono<Anchored> open(LedgerIdentity leader, SupplyChainContract.Opening opening) {
        return ledger.submit(leader, "supplychain:request", List.of(CanonicalJson.string(opening))).map(Anchored::of);
    }

    /**
     * Opens the requests a partner's RequestCreated asks for, one per supplier ({@code supplierId → productId}), as
     * one group whose id {@code groupId} and member ids are derived from it, so a second attempt opens nothing more.
     */
    Mono<RequestGroup> openGroup(LedgerIdentity partner, String groupId, String pactEventId, String comment,
                                 java.util.Map<String, String> suppliers) {
        List<SupplyChainContract.Member> members = suppliers.entrySet().stream()
                .map(e -> new SupplyChainContract.Member(derivedId(groupId + "\n" + e.getKey()), e.getKey(), e.getValue()))
                .toList();
        return ledger.submit(partner, "supplychain:requestGroup", List.of(CanonicalJson.string(
                        new SupplyChainContract.GroupOpening(groupId, pactEventId, comment, members))))
                .map(tx -> LedgerJson.read(tx.payload(), RequestGroup.class));
    }

    /** A name-based UUID: the same name gives the same id on every attempt. */
    static String derivedId(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
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
                        .flatMap(this::answer));
    }

    /**
     * A request that came in as a PACT event is answered to its partner once the ledger holds the answers of its
     * whole group ({@link PactAnswers}): the event is queued durably in the outbox, which retries it. A failure to
     * queue is logged, not answered: the ledger already records the answer, and {@link PactAnswerRecovery} queues
     * it later.
     */
    private Mono<Anchored> answer(Anchored anchored) {
        SupplyRequest r = anchored.request();
        return answers.settled(r).onErrorResume(e -> {
            LOG.error("request {} answered on the ledger, but the PACT answer to {} could not be queued; recovery will"
                    + " queue it", r.id(), r.requesterId(), e);
            return Mono.empty();
        }).thenReturn(anchored);
    }

    /**
     * Asks a registered PACT partner for a product's footprints: the request is anchored on the ledger first, to the
     * partner's ledger identity, under an id that is also the id of the RequestCreated event queued for the partner;
     * the partner's answer is matched to it by that id. The anchored request.
     */
    public Mono<Anchored> requestFromPartner(LedgerIdentity leader, String partnerClient, String productId, String comment) {
        if (partnerClient == null || partnerClient.isBlank()) {
            return Mono.error(ApiException.badRequest("partner", "is required: the partner's client id"));
        }
        if (productId == null || productId.isBlank()) {
            return Mono.error(ApiException.badRequest("productId", "is required"));
        }
        if (partners.byClient(partnerClient).isEmpty()) {
            return Mono.error(ApiException.notFound("no PACT partner " + partnerClient + " is registered"));
        }
        String id = UUID.randomUUID().toString();
        return clients.find(partnerClient)
                .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "the PACT partner "
                        + partnerClient + " has no client here, so it could never answer", List.of(new org.tanji.gateway.problem
                        .FieldError("partner", "has no client to answer with")))))
                .flatMap(partner -> open(leader, new SupplyChainContract.Opening(id, partner.ledgerId(), productId, comment, id,
                        true)))
                .flatMap(anchored -> ask(partnerClient, id, productId, comment).thenReturn(anchored));
    }

    /**
     * Queues the RequestCreated of a request to an outside partner, under the request's id; queueing one that is
     * queued already changes nothing. {@link PactAnswerRecovery} calls it again for an anchored request whose event
     * the outbox lacks (a crash or a failed insert after the commit).
     */
    Mono<String> ask(String partnerClient, String requestId, String productId, String comment) {
        com.fasterxml.jackson.databind.node.ObjectNode criteria = CanonicalJson.mapper().createObjectNode();
        criteria.putArray("productId").add(productId);
        if (comment != null && !comment.isBlank()) {
            criteria.put("comment", comment);
        }
        return outbox.requestCreated(partnerClient, requestId, criteria);
    }

    /**
     * Records what an outside partner answered to a request we sent it, as the partner (the chaincode checks it is
     * the request's partner): the footprints it sent are stored as one document, the list exactly as received
     * (canonical JSON), and the ledger anchors that document's hash and each footprint's. A refusal by the
     * chaincode leaves nothing stored.
     */
    Mono<Anchored> receive(LedgerIdentity partner, String requestId, String answerEventId, List<? extends JsonNode> pfs) {
        com.fasterxml.jackson.databind.node.ArrayNode list = CanonicalJson.mapper().createArrayNode();
        List<SupplyRequest.Received> received = new java.util.ArrayList<>();
        for (JsonNode pf : pfs) {
            list.add(pf);
            received.add(new SupplyRequest.Received(pf.path("id").asText(), documents.idOf(CanonicalJson.bytes(pf))));
        }
        return documents.put(DELIVERY_KIND, CanonicalJson.bytes(list), "application/json")
                .flatMap(stored -> ledger.submit(partner, "supplychain:receive", List.of(requestId, CanonicalJson.string(
                                new SupplyChainContract.Receipt(answerEventId, SupplyRequest.FULFILLED, stored.id(), received, null))))
                        .onErrorResume(ChaincodeRejection.class,
                                e -> documents.deleteIfUnanchored(stored.id()).then(Mono.error(e)))
                        .flatMap(tx -> documents.markAnchored(stored.id(), tx.txId()).thenReturn(tx)))
                .map(Anchored::of);
    }

    /** Records an outside partner's refusal of a request we sent it, with its PACT error code and message. */
    Mono<Anchored> receiveRejection(LedgerIdentity partner, String requestId, String answerEventId, String code, String message) {
        return ledger.submit(partner, "supplychain:receive", List.of(requestId, CanonicalJson.string(new SupplyChainContract.Receipt(
                answerEventId, SupplyRequest.REJECTED, null, null, code + ": " + message)))).map(Anchored::of);
    }

    public Mono<Anchored> reject(LedgerIdentity supplier, String requestId, String reason) {
        return ledger.submit(supplier, "supplychain:reject", List.of(requestId, reason == null ? "" : reason))
                .map(Anchored::of)
                .flatMap(this::answer);
    }

    public Mono<SupplyRequest> get(LedgerIdentity party, String requestId) {
        return ledger.evaluate(party, "supplychain:get", List.of(requestId))
                .map(payload -> LedgerJson.read(payload, SupplyRequest.class));
    }

    /** A request (its two parties only) with the proof of the transaction that wrote its current version. */
    public Mono<Proven> getProven(LedgerIdentity party, String requestId) {
        return get(party, requestId).flatMap(r -> ledger.proof(r.txId()).map(proof -> new Proven(r, proof)));
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
