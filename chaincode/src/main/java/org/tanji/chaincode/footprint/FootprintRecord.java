package org.tanji.chaincode.footprint;

import java.util.List;
import java.util.Map;

/**
 * A footprint as the ledger holds it: the hash of the full document, its key figures, who
 * submitted it, and its state. A footprint is immutable; a change is a new footprint whose
 * {@code precedingPfIds} name this one, which then turns {@code Deprecated} in a new version.
 *
 * @param reduction the reduction against the preceding version, when the footprint claims one; the
 *     contract computes it from the two ledger records, never from what the submitter says
 * @param consumedMwh the electricity (MWh, decimal string) behind the footprint's declared amount
 *     ({@code declaredUnitAmount} of {@code declaredUnit}, after allocation), as the registry's
 *     calculation recorded it; {@code null} for a footprint submitted without a calculation. It is
 *     the cap on every green-certificate claim of the footprint together, which the {@code greencert}
 *     contract reads from here and from nowhere else
 */
public record FootprintRecord(
        String id,
        int version,
        String status,
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
        String unit,
        String referencePeriodStart,
        String referencePeriodEnd,
        String geography,
        List<String> standards,
        List<String> precedingPfIds,
        String supersededBy,
        Map<String, String> stages,
        String submitterId,
        String submitterMsp,
        String submitterRole,
        String recordedAt,
        String updatedAt,
        String txId,
        Reduction reduction,
        String consumedMwh) {

    public static final String ACTIVE = "Active";
    public static final String DEPRECATED = "Deprecated";
    public static final String UNIT = "kgCO2e";

    FootprintRecord deprecatedBy(String successorId, String at, String tx) {
        return new FootprintRecord(id, version + 1, DEPRECATED, documentHash, productCategory, productName, companyName,
                productIds, companyIds, declaredUnit, declaredUnitAmount, value, valueIncludingBiogenic, unit,
                referencePeriodStart, referencePeriodEnd, geography, standards, precedingPfIds, successorId, stages,
                submitterId, submitterMsp, submitterRole, recordedAt, at, tx, reduction, consumedMwh);
    }
}
