package org.tanji.chaincode.footprint;

import java.util.List;
import java.util.Map;

import org.tanji.chaincode.greencert.CertificateRange;

/**
 * The key figures of a footprint, as the gateway extracts them from the full PACT document that
 * it stored off-chain under {@code documentHash}. The contract re-validates every field.
 *
 * @param value kg CO2e per declared unit, excluding biogenic uptake (a decimal string)
 * @param stages lifecycle-stage breakdown (stage name to kg CO2e per declared unit)
 * @param claimReduction whether the footprint claims a reduction against the one footprint its
 *     {@code precedingPfIds} names; the contract computes the reduction ({@link Reduction})
 * @param certificates green-electricity certificates claimed with the footprint, in the same
 *     transaction (a market-based calculation); {@code null} or empty for none
 * @param consumedMwh the electricity the footprint's calculation consumed for its declared amount,
 *     after allocation (MWh, decimal string); kept in the record as the cap on every certificate
 *     claim against the footprint, {@code null} for a footprint that was not calculated (no claims
 *     can be made against it then); required with {@code certificates}
 */
public record FootprintSubmission(
        String id,
        String documentHash,
        String productCategory,
        String productName,
        String companyName,
        List<String> productIds,
        List<String> companyIds,
        String declaredUnit,
        String declaredUnitAmount,
        String value,
        String valueIncludingBiogenic,
        String referencePeriodStart,
        String referencePeriodEnd,
        String geography,
        List<String> standards,
        List<String> precedingPfIds,
        Map<String, String> stages,
        Boolean claimReduction,
        List<CertificateRange> certificates,
        String consumedMwh) {
}
