package org.tanji.gateway.label;

import java.util.Map;

import org.tanji.chaincode.footprint.Reduction;

/**
 * The answer to "is this label genuine and still valid?": the live status, the certified figures,
 * who certified them and whether that body is still accredited, and the ledger proof.
 * {@code checkedAt} is when these facts were read from the ledger; any later ledger change to
 * the label or its certifier is read afresh before the next answer.
 */
public record LabelVerification(
        String labelId,
        LabelStatus status,
        String statusReason,
        Footprint footprint,
        String grade,
        String validFrom,
        String validUntil,
        Certifier certifier,
        String gtin,
        String lastDecision,
        String decidedAt,
        Proof proof,
        String checkedAt) {

    /**
     * The certified figures: kg CO2e per declared unit, with the lifecycle-stage breakdown.
     * {@code status} is the footprint's own ledger status: {@code Deprecated} once a newer version
     * replaced it, while the label still certifies these figures. {@code reduction} is the
     * reduction the footprint claims against the version it replaced, as the ledger computed it.
     */
    public record Footprint(String id, String value, String unit, String declaredUnitAmount, String declaredUnit,
                            String productName, String productCategory, String geography, Map<String, String> stages,
                            String documentHash, String status, Reduction reduction) {
    }

    /** The certification body and the live state of its accreditation. */
    public record Certifier(String id, String name, String organisation, String accreditationStatus) {
    }

    /** Where the label's current record sits on the ledger, and its canonical hash. */
    public record Proof(String txId, long blockNumber, String blockHash, String recordHash, String ledger) {
    }
}
