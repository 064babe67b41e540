package org.tanji.chaincode.supplychain;

import java.util.List;

/**
 * A chain leader's request for a supplier's footprint, and its outcome. Each step (created,
 * fulfilled, rejected) is a new version of the record; the key's history is the exchange's trail.
 *
 * @param requesterId     the leader's ledger id ({@code Msp/client})
 * @param supplierId      the supplier's ledger id, whose inbox shows the request
 * @param pactEventId     the PACT RequestCreated event id when the request came in as one, or, for a request to an
 *                        outside partner, the id of the RequestCreated we sent it (the request's own id); else {@code null}
 * @param deliveredHash   hash of the exact document delivered ({@code sha256:<hex>}), once fulfilled; for an outside
 *                        partner's answer, of the list of footprints it sent
 * @param certified       whether the delivered footprint had a valid label at delivery
 * @param certifiedBy     the certifier's ledger id and name of that label, when certified
 * @param groupId         the {@link RequestGroup} this request belongs to: the requests one PACT RequestCreated opened,
 *                        which the partner gets one answer for; {@code null} for a request opened on its own
 * @param external        the supplier is an outside PACT partner: it answers over PACT, and what it sent is recorded
 *                        with {@code supplychain:receive}, never with fulfil or reject
 * @param received        for an outside partner's fulfilment, each footprint it sent with the hash of its document
 * @param answerEventId   for an outside partner's answer, the id of its RequestFulfilled or RequestRejected event
 */
public record SupplyRequest(
        String id,
        int version,
        String status,
        String requesterId,
        String requesterMsp,
        String supplierId,
        String productId,
        String comment,
        String pactEventId,
        String footprintId,
        String footprintDocumentHash,
        String deliveredHash,
        boolean certified,
        String certifiedBy,
        String labelId,
        String reason,
        String createdAt,
        String updatedAt,
        String txId,
        String groupId,
        boolean external,
        List<Received> received,
        String answerEventId) {

    public static final String OPEN = "OPEN";
    public static final String FULFILLED = "FULFILLED";
    public static final String REJECTED = "REJECTED";

    /**
     * One footprint an outside partner sent in answer.
     *
     * @param footprintId  the footprint's id, as the partner names it
     * @param documentHash hash of the canonical JSON of the footprint as received
     */
    public record Received(String footprintId, String documentHash) {
    }

    /** Whether the request has been answered (fulfilled or rejected). */
    public boolean settled() {
        return !OPEN.equals(status);
    }

    SupplyRequest fulfilled(String footprint, String footprintHash, String delivered, boolean isCertified, String by,
                            String label, String at, String tx) {
        return new SupplyRequest(id, version + 1, FULFILLED, requesterId, requesterMsp, supplierId, productId, comment,
                pactEventId, footprint, footprintHash, delivered, isCertified, by, label, null, createdAt, at, tx, groupId,
                external, null, null);
    }

    SupplyRequest rejected(String why, String at, String tx) {
        return new SupplyRequest(id, version + 1, REJECTED, requesterId, requesterMsp, supplierId, productId, comment,
                pactEventId, null, null, null, false, null, null, why, createdAt, at, tx, groupId, external, null, null);
    }

    /** An outside partner's answer: what it sent (fulfilled) or why it refused (rejected), with its event's id. */
    SupplyRequest answeredByPartner(String answerStatus, String delivered, List<Received> footprints, String why,
                                    String answerEvent, String at, String tx) {
        return new SupplyRequest(id, version + 1, answerStatus, requesterId, requesterMsp, supplierId, productId, comment,
                pactEventId, null, null, delivered, false, null, null, why, createdAt, at, tx, groupId, external,
                footprints, answerEvent);
    }
}
