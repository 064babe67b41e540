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

    public record DeclaredUnit(String amount, String unit) {
    }

    /**
     * Electricity inputs (those whose factor is per watt-hour), location-based: the grid factors
     * of the set. {@code consumedMwh} is for the declared amount after allocation; certificates
     * claimed against the recorded footprint lower the market-based figure (see the claims API).
     */
    public record Electricity(String method, String consumedMwh, String locationBasedKgCO2e) {
    }

    public record Provenance(FactorSetUsed factorSet, List<FactorUsed> factors, List<SupplierUsed> supplierFootprints) {
    }

    public record FactorSetUsed(String name, String version, String documentHash, String validFrom, String validTo) {
    }

    public record FactorUsed(String code, String set, String version, String documentHash, String value, String unit,
                             String source) {
    }

    public record SupplierUsed(String id, String documentHash, String recordHash, String value, String declaredUnit) {
    }

    /** PACT's aggregated figures: emission-weighted primary-data share (percent) and data-quality ratings. */
    public record DataQuality(String primaryDataShare, Dqi dqi) {
    }

    public record Dqi(String coveragePercent, String technologicalDQR, String temporalDQR, String geographicalDQR) {
    }
}
