package org.tanji.gateway.signing;

import org.tanji.gateway.label.LabelStatus;
import org.tanji.gateway.label.LabelVerification;
import org.tanji.gateway.label.ScanCheck;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to {@code POST /api/v1/labels/verify}: what the scanned text proves by itself
 * ({@code signatureValid}, checked offline against the anchored key) kept apart from what the
 * ledger says now ({@code status}), each with its reason when it fails.
 *
 * @param matchesProduct whether the GTIN and serial in the text are the label's (null: nothing to compare)
 * @param signed the facts the text carries, as signed
 * @param verification the live verification of the label the text names
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LabelScan(
        String labelId,
        boolean signatureValid,
        String signatureReason,
        Boolean matchesProduct,
        String matchReason,
        LabelStatus status,
        String statusReason,
        Signed signed,
        LabelVerification verification) {

    /** What the text says, with the key that signed it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Signed(String labelId, String gtin, String lot, String serial, String footprintValue,
                         String footprintUnit, String grade, String validUntil, String issuedAt, String keyId, String alg,
                         String keyOwner, String keyStatus) {

        static Signed of(QrText t, PublishedKey key) {
            if (!t.signed()) {
                return new Signed(t.labelId(), t.gtin(), t.lot(), t.serial(), null, null, null, null, null, null, null,
                        null, null);
            }
            return new Signed(t.labelId(), t.gtin(), t.lot(), t.serial(), t.value(), t.unit(), t.grade(),
                    t.validUntilInstant().toString(), t.issuedAtInstant().toString(), t.kid(),
                    key == null ? null : key.alg().name(), key == null ? null : key.ownerId(),
                    key == null ? null : key.status());
        }
    }

    public ScanCheck check() {
        return new ScanCheck(signatureValid, signatureReason, matchesProduct, matchReason);
    }
}
