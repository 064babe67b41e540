package org.tanji.chaincode.supplychain;

/**
 * A chain leader's request for a supplier's footprint, and its outcome. Each step (created,
 * fulfilled, rejected) is a new version of the record; the key's history is the exchange's trail.
 *
 * @param requesterId     the leader's ledger id ({@code Msp/client})
 * @param supplierId      the supplier's ledger id, whose inbox shows the request
 * @param pactEventId     the PACT RequestCreated event id when the request came in as one, else {@code null}
 * @param deliveredHash   hash of the exact document delivered ({@code sha256:<hex>}), once fulfilled
 * @param certified       whether the delivered footprint had a valid label at delivery
 * @param certifiedBy     the certifier's ledger id and name of that label, when certified
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
        String txId) {

    public static final String OPEN = "OPEN";
    public static final String FULFILLED = "FULFILLED";
    public static final String REJECTED = "REJECTED";

    SupplyRequest fulfilled(String footprint, String footprintHash, String delivered, boolean isCertified, String by,
                            String label, String at, String tx) {
        return new SupplyRequest(id, version + 1, FULFILLED, requesterId, requesterMsp, supplierId, productId, comment,
                pactEventId, footprint, footprintHash, delivered, isCertified, by, label, null, createdAt, at, tx);
    }

    SupplyRequest rejected(String why, String at, String tx) {
        return new SupplyRequest(id, version + 1, REJECTED, requesterId, requesterMsp, supplierId, productId, comment,
                pactEventId, null, null, null, false, null, null, why, createdAt, at, tx);
    }
}
