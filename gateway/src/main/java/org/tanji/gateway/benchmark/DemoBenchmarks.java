package org.tanji.gateway.benchmark;

import java.util.List;

import org.tanji.chaincode.benchmark.BenchmarkRequest;

/**
 * The grading benchmarks the demo registry publishes, one per demo product category and declared
 * unit, so its labels can be granted (a grant takes its grade from a benchmark). Their bounds are
 * INVENTED for trying the registry; each one's source says so, so no one mistakes them for an
 * official grading scheme.
 */
public final class DemoBenchmarks {
    public static final String SOURCE = "DEMO benchmark invented for trying Tanji - not an official grading scheme";

    private DemoBenchmarks() {
    }

    /** Open-ended from 2025-01-01; the demo footprints (62.5, 412.7, 1.92 kg CO2e) grade 2, 3 and 2. */
    public static List<BenchmarkRequest> all() {
        return List.of(
                demo("lithium-battery", "kilowatt hour", "50", "65", "80", "95", "110"),
                demo("pv-module", "piece", "350", "400", "450", "500", "550"),
                demo("steel", "kilogram", "1.5", "2.0", "2.5", "3.0", "3.5"));
    }

    private static BenchmarkRequest demo(String category, String unit, String... thresholds) {
        return new BenchmarkRequest(category, unit, List.of(thresholds), "2025-01-01", null, SOURCE);
    }
}
