package org.tanji.chaincode.certification;

/**
 * One unit of a serialized label: the label (certification) covers a GTIN, and each unit is a
 * serial number of that GTIN, optionally within a lot. Units are issued in batches, many per
 * transaction, and a (label, serial) pair is issued at most once.
 *
 * @param issuedAt the ledger time of the transaction that issued the unit (RFC 3339)
 * @param batchId  the client's id of the batch that issued the unit (a gateway job), so a batch
 *     replayed after a crash can tell its own earlier units from units other batches issued;
 *     {@code null} when the caller named none
 */
public record UnitRecord(
        String labelId,
        String serial,
        String lot,
        String gtin,
        String issuedAt,
        String txId,
        String batchId) {
}
