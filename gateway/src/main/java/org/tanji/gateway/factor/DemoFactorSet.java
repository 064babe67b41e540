package org.tanji.gateway.factor;

import java.util.List;

/**
 * The emission-factor set the demo registry publishes. Its values are INVENTED for trying the
 * registry, of a plausible order of magnitude only; the name, publisher, source and every
 * description say so, so that no one mistakes them for official figures.
 */
public final class DemoFactorSet {
    public static final String NAME = "demo-cn-ah";
    public static final String VERSION = "2025-demo";
    private static final String SOURCE = "DEMO values invented for trying Tanji - not from any official publication";

    private DemoFactorSet() {
    }

    /** The set in its canonical form, made by the same reader as a published set (values like "2.0" become "2"). */
    public static FactorSet set() {
        return FactorSetReader.canonical(new FactorSet(NAME, VERSION, "Tanji demo registry (DEMO, not official)", SOURCE,
                "CN-AH", "2025-01-01", "2025-12-31", List.of(
                        factor("aluminium-primary", "DEMO primary aluminium ingot", "16.5", "kgCO2e/kg", "material"),
                        factor("diesel-truck", "DEMO road freight, diesel truck", "0.095", "kgCO2e/tkm", "transport"),
                        factor("grid-electricity", "DEMO grid electricity, Anhui", "0.57", "kgCO2e/kWh", EmissionFactor.ELECTRICITY),
                        factor("lithium-carbonate", "DEMO battery-grade lithium carbonate", "9.8", "tCO2e/t", "material"),
                        factor("natural-gas-heat", "DEMO natural gas, industrial heat", "0.056", "kgCO2e/MJ", "fuel"),
                        factor("steel-hot-rolled", "DEMO hot-rolled steel coil", "2.0", "tCO2e/t", "material"))));
    }

    private static EmissionFactor factor(String code, String description, String value, String unit, String kind) {
        return new EmissionFactor(code, description, value, unit, SOURCE, kind);
    }
}
