package org.tanji.chaincode.supplychain;

import java.util.ArrayList;
import java.util.List;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.tanji.chaincode.certification.CertificationContract;
import org.tanji.chaincode.certification.LabelRecord;
import org.tanji.chaincode.footprint.FootprintContract;
import org.tanji.chaincode.footprint.FootprintRecord;
import org.tanji.chaincode.support.Caller;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.chaincode.support.Check;
import org.tanji.chaincode.support.ErrorCode;
import org.tanji.chaincode.support.State;
import org.tanji.chaincode.support.TanjiException;


/**
 * Footprint requests between companies. A company asks a supplier (another company's client) for
 * a product's footprint; only that supplier may fulfil or reject it, once. Fulfilling anchors the
 * hash of the exact document delivered together with the footprint and its certification at that
 * moment, read here from the ledger rather than taken from the caller, so the record cannot claim a
 * certification that did not exist, and only a footprint of the requested product is accepted. Only the two
 * parties may read a request.
 *
 * <p>A PACT RequestCreated that several suppliers can answer opens one request per supplier in a single
 * {@link RequestGroup}; the partner gets one answer for all of them. A request to an outside PACT partner
 * ({@code external}) is answered over PACT: the partner's own identity records what it sent with
 * {@link #receive}. Which supplier footprints feed which footprint ({@link #inputs}, {@link #downstream}) is
 * shown only to the organisations involved.
 */
@Contract(name = "supplychain", info = @Info(title = "Tanji supply-chain requests", version = "1"))
public final class SupplyChainContract implements ContractInterface {
    public static final String TYPE = "tanji.request";
    static final String BY_SUPPLIER = "tanji.request~supplier";
    static final String BY_REQUESTER = "tanji.request~requester";
    static final String BY_DELIVERY = "tanji.request~delivery";
    static final String INPUT = "tanji.input";
    static final String BY_UPSTREAM = "tanji.input~upstream";
    static final String GROUP = "tanji.requestgroup";
    public static final String EVENT = "tanji.request";
    /** The most requests one RequestCreated opens; past it the partner narrows its criteria. */
    static final int MAX_GROUP = 500;

    /**
     * What a leader sends to open a request. {@code external}: the supplier is an outside PACT partner, asked with
     * a RequestCreated whose id is the request's own id; {@code pactEventId} is then that id.
     */
    public record Opening(String id, String supplierId, String productId, String comment, String pactEventId,
                          boolean external) {
    }

    /** What a partner's RequestCreated opens: one request per supplier, as one {@link RequestGroup}. */
    public record GroupOpening(String id, String pactEventId, String comment, List<Member> requests) {
    }

    /** One request of a {@link GroupOpening}: its id, the supplier, and the product id that supplier recorded. */
    public record Member(String id, String supplierId, String productId) {
    }

    /** A group with its member requests as they stand. */
    public record GroupStatus(RequestGroup group, List<SupplyRequest> requests) {
    }

    /**
     * What an outside partner answered over PACT. Fulfilled: {@code deliveredHash} names the stored list of
     * footprints it sent, {@code received} each of them; rejected: {@code reason} is its error code and message.
     */
    public record Receipt(String answerEventId, String status, String deliveredHash, List<SupplyRequest.Received> received,
                          String reason) {
    }

    /** What a supplier sends to fulfil one. */
    public record Delivery(String footprintId, String deliveredHash) {
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String request(Context ctx, String openingJson) {
        Caller caller = Caller.of(ctx);
        caller.require(Caller.COMPANY, "requesting a footprint");
        Opening o = CanonicalJson.parse(openingJson, Opening.class);
        State state = new State(ctx.getStub());
        String id = Check.uuid("id", o.id());
        String supplier = ledgerId("supplierId", o.supplierId());
        if (supplier.equals(caller.id())) {
            throw TanjiException.invalid("supplierId: a company does not request footprints from itself");
        }
        String productId = Check.identifier("productId", o.productId());
        String pactEventId = Check.optional("pactEventId", o.pactEventId());
        if (o.external() && pactEventId != null && !pactEventId.equals(id)) {
            throw TanjiException.invalid("pactEventId: a request to an outside partner is asked with an event of its own id " + id);
        }
        SupplyRequest r = newRequest(state, caller, id, supplier, productId, Check.optional("comment", o.comment()),
                o.external() ? id : pactEventId, null, o.external());
        emit(state, r);
        return CanonicalJson.string(r);
    }

    /**
     * Opens every request a partner's RequestCreated asks for, one per supplier, and records them as one group,
     * in one transaction: all of them or none, so a retry after a failure finds the group whole or absent.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String requestGroup(Context ctx, String groupJson) {
        Caller caller = Caller.of(ctx);
        caller.require(Caller.COMPANY, "requesting footprints");
        GroupOpening g = CanonicalJson.parse(groupJson, GroupOpening.class);
        State state = new State(ctx.getStub());
        String id = Check.uuid("id", g.id());
        String pactEventId = Check.required("pactEventId", g.pactEventId());
        String comment = Check.optional("comment", g.comment());
        String key = state.key(GROUP, id);
        if (state.exists(key)) {
            throw new TanjiException(ErrorCode.ALREADY_EXISTS, "request group " + id + " already exists");
        }
        if (g.requests() == null || g.requests().isEmpty() || g.requests().size() > MAX_GROUP) {
            throw TanjiException.invalid("requests must name 1 to " + MAX_GROUP + " suppliers");
        }
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        java.util.Set<String> suppliers = new java.util.HashSet<>();
        List<SupplyRequest> opened = new ArrayList<>();
        for (int i = 0; i < g.requests().size(); i++) {
            Member m = g.requests().get(i);
            String field = "requests[" + i + "]";
            String supplier = ledgerId(field + ".supplierId", m.supplierId());
            if (supplier.equals(caller.id())) {
                throw TanjiException.invalid(field + ".supplierId: a company does not request footprints from itself");
            }
            if (!suppliers.add(supplier)) {
                throw TanjiException.invalid(field + ".supplierId: " + supplier + " is asked twice");
            }
            String requestId = Check.uuid(field + ".id", m.id());
            if (!ids.add(requestId)) {
                throw TanjiException.invalid(field + ".id: " + requestId + " is used twice");
            }
            opened.add(newRequest(state, caller, requestId, supplier, Check.identifier(field + ".productId", m.productId()), comment,
                    pactEventId, id, false));
        }
        RequestGroup group = new RequestGroup(id, caller.id(), pactEventId, List.copyOf(ids), state.now(), state.txId());
        state.put(key, group);
        opened.forEach(r -> emit(state, r));
        return CanonicalJson.string(group);
    }

    /** A request group with its members as they stand, for the partner that opened it. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String group(Context ctx, String id) {
        Caller caller = Caller.of(ctx);
        State state = new State(ctx.getStub());
        RequestGroup group = state.get(state.key(GROUP, Check.uuid("id", id)), RequestGroup.class);
        if (group == null) {
            throw TanjiException.notFound("request group " + id + " does not exist");
        }
        if (!caller.id().equals(group.requesterId())) {
            throw TanjiException.denied("request group " + id + " is visible only to " + group.requesterId());
        }
        List<SupplyRequest> members = new ArrayList<>();
        for (String requestId : group.requestIds()) {
            members.add(find(state, requestId));
        }
        return CanonicalJson.string(new GroupStatus(group, members));
    }

    /** Writes a new open request with its two indexes; refuses an id already taken. */
    private static SupplyRequest newRequest(State state, Caller caller, String id, String supplier, String productId, String comment,
                                      String pactEventId, String groupId, boolean external) {
        String key = state.key(TYPE, id);
        if (state.exists(key)) {
            throw new TanjiException(ErrorCode.ALREADY_EXISTS, "request " + id + " already exists");
        }
        SupplyRequest r = new SupplyRequest(id, 1, SupplyRequest.OPEN, caller.id(), caller.mspId(), supplier, productId,
                comment, pactEventId, null, null, null, false, null, null, null, state.now(), state.now(), state.txId(),
                groupId, external, null, null);
        state.put(key, r);
        state.index(BY_SUPPLIER, supplier, id);
        state.index(BY_REQUESTER, caller.id(), id);
        return r;
    }

    /**
     * Records an outside partner's answer to a request we sent it over PACT. Only the partner's own identity may
     * (the gateway submits it when the partner's RequestFulfilled or RequestRejected arrives, authenticated as the
     * partner), only for an external request, once. The same answer event again is answered with the record as
     * it stands, so a retried intake records nothing twice.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String receive(Context ctx, String id, String receiptJson) {
        Caller caller = Caller.of(ctx);
        State state = new State(ctx.getStub());
        SupplyRequest r = find(state, id);
        if (!caller.id().equals(r.supplierId())) {
            throw TanjiException.denied("only the partner " + r.supplierId() + " may answer request " + id);
        }
        if (!r.external()) {
            throw TanjiException.conflict("request " + id + " was not sent to an outside partner; its supplier answers it"
                    + " with fulfil or reject");
        }
        Receipt receipt = CanonicalJson.parse(receiptJson, Receipt.class);
        String answerEvent = Check.required("answerEventId", receipt.answerEventId());
        if (r.settled()) {
            if (answerEvent.equals(r.answerEventId())) {
                return CanonicalJson.string(r);
            }
            throw TanjiException.conflict("request " + id + " is already " + r.status());
        }
        SupplyRequest done;
        if (SupplyRequest.FULFILLED.equals(receipt.status())) {
            String delivered = Check.documentHash("deliveredHash", receipt.deliveredHash());
            if (receipt.received() == null || receipt.received().isEmpty()) {
                throw TanjiException.invalid("received must list the footprints the partner sent");
            }
            List<SupplyRequest.Received> received = new ArrayList<>();
            for (int i = 0; i < receipt.received().size(); i++) {
                SupplyRequest.Received one = receipt.received().get(i);
                received.add(new SupplyRequest.Received(Check.identifier("received[" + i + "].footprintId", one.footprintId()),
                        Check.documentHash("received[" + i + "].documentHash", one.documentHash())));
            }
            done = r.answeredByPartner(SupplyRequest.FULFILLED, delivered, received, null, answerEvent, state.now(), state.txId());
            state.index(BY_DELIVERY, delivered, r.id());
        } else if (SupplyRequest.REJECTED.equals(receipt.status())) {
            done = r.answeredByPartner(SupplyRequest.REJECTED, null, null, Check.required("reason", receipt.reason()), answerEvent,
                    state.now(), state.txId());
        } else {
            throw TanjiException.invalid("status must be FULFILLED or REJECTED, got '" + receipt.status() + "'");
        }
        state.put(state.key(TYPE, r.id()), done);
        emit(state, done);
        return CanonicalJson.string(done);
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String fulfil(Context ctx, String id, String deliveryJson) {
        Caller caller = Caller.of(ctx);
        State state = new State(ctx.getStub());
        SupplyRequest r = answerable(state, caller, id);
        Delivery d = CanonicalJson.parse(deliveryJson, Delivery.class);
        FootprintRecord footprint = FootprintContract.find(ctx, d.footprintId());
        if (!footprint.submitterMsp().equals(caller.mspId())) {
            throw TanjiException.denied("footprint " + footprint.id() + " belongs to " + footprint.submitterMsp()
                    + "; a supplier delivers its own organisation's footprints");
        }
        if (!covers(footprint, r.productId())) {
            throw TanjiException.invalid("footprintId: footprint " + footprint.id() + " is for " + footprint.productIds()
                    + ", not for the requested product " + r.productId());
        }
        String delivered = Check.documentHash("deliveredHash", d.deliveredHash());
        LabelRecord label = validLabel(ctx, footprint.id());
        SupplyRequest done = r.fulfilled(footprint.id(), footprint.documentHash(), delivered, label != null,
                label == null ? null : label.certifierId() + " (" + label.certifierName() + ")",
                label == null ? null : label.labelId(), state.now(), state.txId());
        state.put(state.key(TYPE, r.id()), done);
        state.index(BY_DELIVERY, delivered, r.id());
        emit(state, done);
        return CanonicalJson.string(done);
    }

    /** Whether the footprint names the product among its productIds (case-insensitive, as PACT's filters compare them). */
    private static boolean covers(FootprintRecord footprint, String productId) {
        String wanted = productId.toLowerCase(java.util.Locale.ROOT);
        return footprint.productIds() != null
                && footprint.productIds().stream().anyMatch(p -> p.toLowerCase(java.util.Locale.ROOT).equals(wanted));
    }

    /**
     * The ids of the requests whose delivery is the document with this hash: the store's orphan sweep
     * asks it, so a delivery whose "anchored" mark was lost is kept. Ids only, no parties or contents.
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String byDelivery(Context ctx, String deliveredHash) {
        return CanonicalJson.string(new State(ctx.getStub()).lookup(BY_DELIVERY, Check.documentHash("deliveredHash", deliveredHash)));
    }

    /**
     * The roll-up: the leader of a fulfilled request attaches the supplier footprint it received as an
     * input of one of its own organisation's footprints. Recorded once per pair; the supplier footprint
     * must be the one the request delivered.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String attach(Context ctx, String footprintId, String requestId) {
        Caller caller = Caller.of(ctx);
        caller.require(Caller.COMPANY, "attaching a supplier footprint");
        State state = new State(ctx.getStub());
        SupplyRequest r = find(state, requestId);
        if (!caller.id().equals(r.requesterId())) {
            throw TanjiException.denied("only the leader " + r.requesterId() + " may use what request " + requestId + " delivered");
        }
        if (!SupplyRequest.FULFILLED.equals(r.status())) {
            throw TanjiException.conflict("request " + requestId + " is " + r.status() + "; nothing was delivered to attach");
        }
        FootprintRecord downstream = FootprintContract.find(ctx, footprintId);
        if (!downstream.submitterMsp().equals(caller.mspId())) {
            throw TanjiException.denied("footprint " + footprintId + " belongs to " + downstream.submitterMsp()
                    + "; a leader attaches inputs to its own organisation's footprints");
        }
        if (downstream.id().equals(r.footprintId())) {
            throw TanjiException.invalid("footprintId: a footprint is not an input of itself");
        }
        String key = state.key(INPUT, downstream.id(), r.footprintId());
        if (state.exists(key)) {
            throw new TanjiException(ErrorCode.ALREADY_EXISTS, "footprint " + r.footprintId() + " is already an input of "
                    + downstream.id());
        }
        InputLink link = new InputLink(downstream.id(), r.footprintId(), r.id(), r.deliveredHash(), caller.id(), state.now(),
                state.txId());
        state.put(key, link);
        state.index(BY_UPSTREAM, r.footprintId(), downstream.id());
        state.emitFields(INPUT, "footprintId", link.footprintId(), "supplierFootprintId", link.supplierFootprintId());
        return CanonicalJson.string(link);
    }

    /**
     * The supplier footprints a footprint rests on, each flagged once the supplier's footprint is deprecated. The
     * leader's organisation (the footprint's) sees every input; a supplier's organisation sees only the links to
     * its own footprints; anyone else is refused, since the links name the requests and who supplies whom.
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String inputs(Context ctx, String footprintId) {
        Caller caller = Caller.of(ctx);
        State state = new State(ctx.getStub());
        FootprintRecord downstream = FootprintContract.find(ctx, footprintId);
        boolean leader = caller.mspId().equals(downstream.submitterMsp());
        List<InputStatus> out = new ArrayList<>();
        for (InputLink link : state.values(INPUT, InputLink.class, downstream.id())) {
            FootprintRecord upstream = FootprintContract.find(ctx, link.supplierFootprintId());
            if (leader || caller.mspId().equals(upstream.submitterMsp())) {
                boolean deprecated = FootprintRecord.DEPRECATED.equals(upstream.status());
                out.add(new InputStatus(link, upstream.status(), upstream.supersededBy(), deprecated));
            }
        }
        if (!leader && out.isEmpty()) {
            throw TanjiException.denied("the inputs of footprint " + downstream.id() + " are visible only to its organisation "
                    + downstream.submitterMsp() + " and to the organisations that supplied them");
        }
        return CanonicalJson.string(out);
    }

    /**
     * The footprints that use a supplier footprint as an input: whom its deprecation flags. The supplier's
     * organisation sees all of them; a leader's organisation only its own; anyone else is refused.
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String downstream(Context ctx, String supplierFootprintId) {
        Caller caller = Caller.of(ctx);
        State state = new State(ctx.getStub());
        FootprintRecord upstream = FootprintContract.find(ctx, supplierFootprintId);
        boolean supplier = caller.mspId().equals(upstream.submitterMsp());
        List<String> out = new ArrayList<>();
        for (String downstreamId : state.lookup(BY_UPSTREAM, upstream.id())) {
            InputLink link = state.get(state.key(INPUT, downstreamId, upstream.id()), InputLink.class);
            if (supplier || caller.mspId().equals(Caller.mspOf(link.attachedBy()))) {
                out.add(downstreamId);
            }
        }
        if (!supplier && out.isEmpty()) {
            throw TanjiException.denied("the footprints using " + upstream.id() + " are visible only to its organisation "
                    + upstream.submitterMsp() + " and to the organisations that use it");
        }
        return CanonicalJson.string(out);
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String reject(Context ctx, String id, String reason) {
        Caller caller = Caller.of(ctx);
        State state = new State(ctx.getStub());
        SupplyRequest r = answerable(state, caller, id);
        SupplyRequest done = r.rejected(Check.required("reason", reason), state.now(), state.txId());
        state.put(state.key(TYPE, r.id()), done);
        emit(state, done);
        return CanonicalJson.string(done);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String get(Context ctx, String id) {
        Caller caller = Caller.of(ctx);
        SupplyRequest r = find(new State(ctx.getStub()), id);
        if (!caller.id().equals(r.requesterId()) && !caller.id().equals(r.supplierId())) {
            throw TanjiException.denied("request " + id + " is visible only to " + r.requesterId() + " and " + r.supplierId());
        }
        return CanonicalJson.string(r);
    }

    /** Requests addressed to the caller, newest first. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String inbox(Context ctx) {
        return list(ctx, BY_SUPPLIER);
    }

    /** Requests the caller sent, newest first. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String sent(Context ctx) {
        return list(ctx, BY_REQUESTER);
    }

    private static String list(Context ctx, String index) {
        Caller caller = Caller.of(ctx);
        State state = new State(ctx.getStub());
        List<SupplyRequest> found = state.indexed(index, TYPE, SupplyRequest.class, caller.id());
        found.sort(java.util.Comparator.comparing(SupplyRequest::createdAt).reversed());
        return CanonicalJson.string(found);
    }

    /** A client's ledger id, {@code Msp/client}, as {@code Caller.id()} writes it. */
    static String ledgerId(String field, String value) {
        Check.required(field, value);
        if (!value.matches("^[A-Za-z0-9.-]+/[^/\\s]+$")) {
            throw TanjiException.invalid(field + " must be a ledger id Msp/client, got '" + value + "'");
        }
        return value;
    }

    private static SupplyRequest find(State state, String id) {
        SupplyRequest r = state.get(state.key(TYPE, Check.uuid("id", id)), SupplyRequest.class);
        if (r == null) {
            throw TanjiException.notFound("request " + id + " does not exist");
        }
        return r;
    }

    /** The request, if the caller is its supplier and it is still open. */
    private static SupplyRequest answerable(State state, Caller caller, String id) {
        SupplyRequest r = find(state, id);
        if (!caller.id().equals(r.supplierId())) {
            throw TanjiException.denied("only the supplier " + r.supplierId() + " may answer request " + id);
        }
        if (r.external()) {
            throw TanjiException.conflict("request " + id + " went to an outside partner, who answers it over PACT");
        }
        if (!SupplyRequest.OPEN.equals(r.status())) {
            throw TanjiException.conflict("request " + id + " is already " + r.status());
        }
        return r;
    }

    /** The footprint's most recently decided valid label, or {@code null} if none is valid now. */
    private static LabelRecord validLabel(Context ctx, String footprintId) {
        List<LabelRecord> labels = CanonicalJson.read(
                new CertificationContract().labelsOfFootprint(ctx, footprintId).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                LabelList.class);
        java.time.Instant now = ctx.getStub().getTxTimestamp();
        return labels.stream()
                .filter(l -> LabelRecord.VALID.equals(l.status()) && java.time.Instant.parse(l.validUntil()).isAfter(now))
                .max(java.util.Comparator.comparing(LabelRecord::decidedAt)).orElse(null);
    }

    /** A JSON array of labels, as a class so that {@link CanonicalJson#read} can bind it. */
    static final class LabelList extends ArrayList<LabelRecord> {
        private static final long serialVersionUID = 1L;
    }

    private static void emit(State state, SupplyRequest r) {
        state.emitFields(EVENT,
                "id", r.id(), "status", r.status(), "supplierId", r.supplierId(), "requesterId", r.requesterId());
    }
}
