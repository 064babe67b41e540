package org.tanji.chaincode.certification;

/**
 * One unit of a serialized label: the label (certification) covers a GTIN, and each unit is a
 * serial number of that GTIN, optionally within a lot. Units are issued in batches, many per
 * transaction, and a (label, serial) pair is issued at most once.
 *
 * @param issuedAt the ledger time of the transaction that issued the unit (RFC 3339)
 */
public record UnitRecord(
        String labelId,
        String serial,
        String lot,
        String gtin,
        String issuedAt,
        String txId) {
}
