package org.tanji.chaincode.benchmark;

import java.math.BigDecimal;
import java.util.List;

/**
 * A published benchmark version. Versions count up per (category, unit) and are never changed;
 * a revision is a new version with its own validity.
 */
public record BenchmarkRecord(
        String productCategory,
        String unit,
        int version,
        List<String> thresholds,
        String validFrom,
        String validTo,
        String source,
        String publishedBy,
        String publishedAt,
        String txId) {

    /**
     * The grade ("1" best to "5") of a footprint of {@code value} kg CO2e per declared unit, or
     * {@code null} when it is above grade 5's bound. A value exactly on a bound takes that grade:
     * the bounds are upper limits, "not exceeding". Compared with {@code compareTo}, so "12.50"
     * and "12.5" are the same bound.
     */
    public String grade(BigDecimal value) {
        for (int i = 0; i < thresholds.size(); i++) {
            if (value.compareTo(new BigDecimal(thresholds.get(i))) <= 0) {
                return Integer.toString(i + 1);
            }
        }
        return null;
    }
}
