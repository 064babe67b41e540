package org.tanji.gateway.calculation;

import java.math.BigDecimal;
import java.util.List;

/**
 * A supplier's recorded footprint as a calculation uses it.
 *
 * @param value kg CO2e per one declared unit, from the ledger record
 * @param primaryDataShare the supplier's own PACT primary-data share (percent), or {@code null}
 * @param supersededBy the footprint that replaced it, when its status is Deprecated
 * @param inputs the supplier footprints its own calculation used, for the cycle check
 */
public record SupplierFootprint(String id, String status, String supersededBy, String documentHash, String recordHash, BigDecimal value,
                                String declaredUnit, BigDecimal primaryDataShare, List<String> inputs) {
}
