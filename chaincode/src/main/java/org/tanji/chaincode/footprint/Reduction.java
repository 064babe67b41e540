package org.tanji.chaincode.footprint;

/**
 * A footprint's reduction against the one version it replaces, computed by the contract from the
 * two ledger records' values (kg CO2e per declared unit, decimal strings).
 *
 * @param reducedKgCO2e {@code precedingValue - value}, exact
 * @param reductionPercent {@code reducedKgCO2e / precedingValue x 100}, rounded to 2 places half-even
 */
public record Reduction(String precedingPfId, String precedingValue, String value, String reducedKgCO2e,
                        String reductionPercent) {
}
