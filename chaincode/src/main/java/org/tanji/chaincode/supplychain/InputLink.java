package org.tanji.chaincode.supplychain;

/**
 * A supplier footprint a leader attached as an input of its own product's footprint (the roll-up).
 * The link is recorded once, with the request that delivered the input and the hash of the exact
 * document delivered, so the leader can show which supplier figure its footprint rests on.
 *
 * @param footprintId         the leader's (downstream) footprint
 * @param supplierFootprintId the supplier's (upstream) footprint used as an input
 * @param requestId           the fulfilled request that delivered it
 * @param deliveredHash       the hash the ledger anchored for that delivery
 */
public record InputLink(
        String footprintId,
        String supplierFootprintId,
        String requestId,
        String deliveredHash,
        String attachedBy,
        String attachedAt,
        String txId) {
}
