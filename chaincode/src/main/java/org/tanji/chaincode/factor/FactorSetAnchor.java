package org.tanji.chaincode.factor;

/**
 * What a registry admin anchors for an emission-factor set: its identity and validity, and the
 * hash of the canonical form the gateway stored off-chain.
 *
 * @param region ISO 3166-2 code such as {@code CN-AH}, or absent for a set that applies anywhere
 * @param validFrom first day the set applies (ISO date)
 * @param validTo last day it applies (ISO date, inclusive), or absent for open-ended
 * @param documentHash {@code sha256:<hex>} of the set's canonical JSON
 */
public record FactorSetAnchor(
        String name,
        String version,
        String publisher,
        String source,
        String region,
        String validFrom,
        String validTo,
        String documentHash,
        Integer factorCount) {
}
