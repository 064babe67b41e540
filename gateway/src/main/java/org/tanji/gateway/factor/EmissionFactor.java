package org.tanji.gateway.factor;

/**
 * One emission factor of a set: kg (or g, t) CO2e per unit of activity.
 *
 * @param value a decimal string, normalised (no trailing zeros) in the canonical form
 * @param unit e.g. {@code kgCO2e/kWh}
 * @param source where the number comes from; the set's source when the publisher gave none
 */
public record EmissionFactor(String code, String description, String value, String unit, String source) {
}
