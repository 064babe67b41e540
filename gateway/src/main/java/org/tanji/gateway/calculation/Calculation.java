package org.tanji.gateway.calculation;

import java.util.List;
import java.util.Map;

/**
 * A calculation's answer. Every figure is a decimal string in kg CO2e per declared unit unless
 * its name says otherwise; {@code resultHash} covers the inputs, the provenance and the figures,
 * so the same inputs give the same hash on any registry.
 */
public record Calculation(
        String productName,
        DeclaredUnit declaredUnit,
        String total,
        String unit,
        Map<String, String> byStage,
        Electricity electricity,
        Provenance provenance,
        DataQuality dataQuality,
        String rounding,
        String resultHash) {

    /** The amount of the declared unit the figures are per, as asked. */
    public record DeclaredUnit(String amount, String unit) {
    }

    /**
     * Electricity inputs (those whose factor is electricity, {@link org.tanji.gateway.factor.EmissionFactor#electricity()}),
     * reported both ways.
     * {@code consumedMwh} is for the declared amount after allocation. {@code locationBasedKgCO2e}
     * uses the set's grid factors; {@code marketBasedKgCO2e} counts the {@code certificateMwh} of
     * green certificates this calculation names as zero-emission ({@link Calculator#marketBased}).
     * {@code method} says which of the two the stages and total use.
     */
    public record Electricity(String method, String consumedMwh, String certificateMwh, String locationBasedKgCO2e,
                              String marketBasedKgCO2e) {
    }

    /** Where every number came from: the anchored set, each factor used, each supplier footprint used. */
    public record Provenance(FactorSetUsed factorSet, List<FactorUsed> factors, List<SupplierUsed> supplierFootprints) {
    }

    /** The factor-set version used, with the hash its canonical form is anchored under. */
    public record FactorSetUsed(String name, String version, String documentHash, String validFrom, String validTo) {
    }

    /** One factor used, named with its set, version and the set's hash; {@code kind} as the set gives it, if it does. */
    public record FactorUsed(String code, String set, String version, String documentHash, String value, String unit,
                             String source, String kind) {
    }

    /** One supplier footprint used: its document hash and the hash of its ledger record as read. */
    public record SupplierUsed(String id, String documentHash, String recordHash, String value, String declaredUnit) {
    }

    /** PACT's aggregated figures: emission-weighted primary-data share (percent) and data-quality ratings. */
    public record DataQuality(String primaryDataShare, Dqi dqi) {
    }

    /** Emission-weighted PACT data-quality ratings (1 best to 3) and the share of emissions they cover. */
    public record Dqi(String coveragePercent, String technologicalDQR, String temporalDQR, String geographicalDQR) {
    }
}
