package org.tanji.chaincode.certification;

import java.util.List;

/**
 * Answer of {@code labelunit:issue}. Units issued by this transaction all share its label, GTIN,
 * lot, time and transaction id, so only their serials are listed; units that were already issued
 * are returned as the ledger holds them, since their lot, time and batch may differ.
 */
public record UnitBatchResult(
        String labelId,
        String gtin,
        String lot,
        String issuedAt,
        String txId,
        String batchId,
        List<String> issued,
        List<UnitRecord> skipped) {

    /** The record of a unit this transaction issued, exactly as the ledger stores it. */
    public UnitRecord issuedUnit(String serial) {
        return new UnitRecord(labelId, serial, lot, gtin, issuedAt, txId, batchId);
    }
}
