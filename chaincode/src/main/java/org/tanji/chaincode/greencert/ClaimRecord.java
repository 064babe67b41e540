package org.tanji.chaincode.greencert;

import java.util.List;

/**
 * A committed claim. Its id is the id of the transaction that made it: unique, and drawn without
 * randomness in the chaincode.
 *
 * @param totalMwh the sum of the ranges' {@code mwh}, as a decimal string
 */
public record ClaimRecord(
        String claimId,
        String footprintId,
        List<CertificateRange> certificates,
        String totalMwh,
        String claimedBy,
        String claimedMsp,
        String claimedAt,
        String txId) {
}
