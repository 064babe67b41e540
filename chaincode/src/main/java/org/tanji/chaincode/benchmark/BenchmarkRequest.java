package org.tanji.chaincode.benchmark;

import java.util.List;

/**
 * A benchmark as a registry admin publishes it.
 *
 * @param unit the declared unit it applies to, as footprints name it (e.g. {@code kilowatt hour})
 * @param thresholds five ascending decimal strings: the upper bounds (inclusive) of grades 1 to 5,
 *     in kg CO2e per one declared unit
 * @param validFrom first day it applies (ISO date); {@code validTo} last day, or absent
 */
public record BenchmarkRequest(
        String productCategory,
        String unit,
        List<String> thresholds,
        String validFrom,
        String validTo,
        String source) {
}
