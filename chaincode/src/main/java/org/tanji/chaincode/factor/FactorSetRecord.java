package org.tanji.chaincode.factor;

/**
 * An anchored emission-factor set version as the ledger holds it. Never changed once written: a
 * correction is a new version.
 */
public record FactorSetRecord(
        String name,
        String version,
        String publisher,
        String source,
        String region,
        String validFrom,
        String validTo,
        String documentHash,
        int factorCount,
        String anchoredBy,
        String anchoredMsp,
        String anchoredAt,
        String txId) {
}
