package org.tanji.chaincode.certification;

/**
 * A certification decision as submitted. For {@code GRANTED} the gateway supplies a fresh random
 * {@code labelId} (the contract cannot draw random numbers); later decisions name the label, or
 * the footprint when it has exactly one live label.
 *
 * @param grade optional on {@code GRANTED} and {@code RENEWED}: the contract grades the footprint
 *     from the benchmark valid on the decision's day, and refuses a grade that differs from it
 */
public record DecisionRequest(
        String decision,
        String footprintId,
        String labelId,
        String grade,
        String validUntil,
        String reason,
        String gtin) {
}
