package org.tanji.gateway.factor;

import java.util.List;

/**
 * One emission factor of a set: kg (or g, t) CO2e per unit of activity.
 *
 * @param value a decimal string, normalised (no trailing zeros) in the canonical form
 * @param unit e.g. {@code kgCO2e/kWh}
 * @param source where the number comes from; the set's source when the publisher gave none
 * @param kind what the activity is, one of {@link #KINDS}, or {@code null} when the publisher did not
 *     say; only {@code electricity} counts as electricity (market-based accounting, green certificates)
 */
public record EmissionFactor(String code, String description, String value, String unit, String source, String kind) {
    public static final String ELECTRICITY = "electricity";
    public static final List<String> KINDS = List.of(ELECTRICITY, "fuel", "heat", "material", "transport", "other");

    /**
     * Whether the factor is for electricity. A factor that names its kind is electricity exactly
     * when its kind is {@code electricity} (a natural-gas factor per kWh of heat is {@code fuel});
     * one that does not is electricity when its activity is energy by the watt-hour
     * ({@link ActivityUnits.FactorUnit#wattHours()}), as grid factors are published.
     */
    public boolean electricity() {
        return kind == null ? ActivityUnits.factorUnit(unit).wattHours() : ELECTRICITY.equals(kind);
    }
}
