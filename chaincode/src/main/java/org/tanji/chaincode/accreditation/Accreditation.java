package org.tanji.chaincode.accreditation;

import java.time.Instant;
import java.util.List;

/**
 * A registry's accreditation of a certification body: which product categories and regions it may
 * certify, and whether it is active. Suspension and withdrawal are new versions, never deletions.
 *
 * @param certifierId the certifier's ledger identity, {@code "<mspId>/<CN>"}
 * @param productCategories categories it may certify ({@code "*"} for all)
 * @param regions ISO 3166 codes it may certify; {@code "CN"} covers {@code "CN-AH"}
 * @param status {@code ACTIVE}, {@code SUSPENDED} or {@code WITHDRAWN}
 */
public record Accreditation(
        String certifierId,
        String mspId,
        String name,
        List<String> productCategories,
        List<String> regions,
        String status,
        String validUntil,
        String reason,
        int version,
        String updatedBy,
        String updatedAt,
        String txId) {

    public static final String ACTIVE = "ACTIVE";
    public static final String SUSPENDED = "SUSPENDED";
    public static final String WITHDRAWN = "WITHDRAWN";

    /** Whether this accreditation lets its holder certify the given category in the given geography at {@code at}. */
    public boolean covers(String productCategory, String geography, Instant at) {
        if (!ACTIVE.equals(status)) {
            return false;
        }
        if (validUntil != null && !at.isBefore(Instant.parse(validUntil))) {
            return false;
        }
        boolean category = productCategories.contains("*") || productCategories.contains(productCategory);
        // Locale.ROOT: every endorser must reach the same answer, whatever its default locale.
        String place = geography.toUpperCase(java.util.Locale.ROOT);
        boolean region = regions.stream().map(r -> r.toUpperCase(java.util.Locale.ROOT))
                .anyMatch(r -> r.equals("*") || r.equals(place) || place.startsWith(r + "-"));
        return category && region;
    }

    Accreditation withStatus(String newStatus, String why, String by, String at, String tx) {
        return new Accreditation(certifierId, mspId, name, productCategories, regions, newStatus, validUntil, why,
                version + 1, by, at, tx);
    }
}
