package org.tanji.gateway.factor;

import java.time.LocalDate;
import java.util.List;

import org.tanji.chaincode.factor.FactorSetAnchor;
import org.tanji.chaincode.support.CanonicalJson;

/**
 * An emission-factor set in its canonical form: factors sorted by code, values normalised. Its
 * canonical JSON is what the store holds and whose hash the ledger anchors.
 *
 * @param region ISO 3166-2 code, or {@code null} for a set that applies anywhere
 * @param validTo last day it applies (inclusive), or {@code null}
 */
public record FactorSet(String name, String version, String publisher, String source, String region, String validFrom,
                        String validTo, List<EmissionFactor> factors) {

    public byte[] canonical() {
        return CanonicalJson.bytes(this);
    }

    public FactorSetAnchor anchor(String documentHash) {
        return new FactorSetAnchor(name, version, publisher, source, region, validFrom, validTo, documentHash,
                factors.size());
    }

    /** Whether the set applies on every day from {@code first} to {@code last}, both inclusive. */
    public boolean covers(LocalDate first, LocalDate last) {
        return !first.isBefore(LocalDate.parse(validFrom)) && (validTo == null || !last.isAfter(LocalDate.parse(validTo)));
    }

    public EmissionFactor factor(String code) {
        for (EmissionFactor f : factors) {
            if (f.code().equals(code)) {
                return f;
            }
        }
        return null;
    }
}
