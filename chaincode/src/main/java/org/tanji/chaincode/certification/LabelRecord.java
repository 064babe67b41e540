package org.tanji.chaincode.certification;

/**
 * A carbon label and the certification behind it. Every decision (grant, suspension, revocation,
 * renewal) is a new version of this record, carrying its reason; the key's history is the
 * certification's audit trail. The footprint's figures are copied in so a scan needs one read.
 *
 * @param status {@code VALID}, {@code SUSPENDED} or {@code REVOKED}; expiry is judged by readers
 *     against {@code validUntil}
 * @param signingKeyId the key id ({@code signingkey} contract) of the certifier's active key at
 *     grant time, which signs the label's QR texts; {@code null} on labels granted before keys existed
 */
public record LabelRecord(
        String labelId,
        String footprintId,
        int version,
        String decision,
        String status,
        String grade,
        String validFrom,
        String validUntil,
        String reason,
        String gtin,
        String certifierId,
        String certifierMsp,
        String certifierName,
        String productName,
        String productCategory,
        String geography,
        String footprintValue,
        String footprintUnit,
        String declaredUnit,
        String declaredUnitAmount,
        String documentHash,
        String grantedAt,
        String decidedAt,
        String decidedBy,
        String txId,
        String signingKeyId) {

    public static final String VALID = "VALID";
    public static final String SUSPENDED = "SUSPENDED";
    public static final String REVOKED = "REVOKED";

    /** The next version, after decision {@code d}; a renewal grades again, the other decisions keep the grade. */
    LabelRecord next(Decision d, String newStatus, String newGrade, String newValidUntil, String newReason, String by, String at,
                     String tx) {
        return new LabelRecord(labelId, footprintId, version + 1, d.name(), newStatus, newGrade, validFrom, newValidUntil,
                newReason, gtin, certifierId, certifierMsp, certifierName, productName, productCategory,
                geography, footprintValue, footprintUnit, declaredUnit, declaredUnitAmount, documentHash, grantedAt, at,
                by, tx, signingKeyId);
    }
}
