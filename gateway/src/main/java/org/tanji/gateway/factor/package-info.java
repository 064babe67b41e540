/**
 * Emission-factor sets: publishing (JSON or CSV, stored off-chain under its hash, anchored on the
 * ledger), and the in-memory index that answers "the grid factor for CN-AH valid on 2025-06-30"
 * without touching the ledger. Units are JSR 385 units (Indriya), checked dimensionally:
 *
 * <pre>{@code
 * BigDecimal kwh = ActivityUnits.convert(new BigDecimal("1.5"), ActivityUnits.parse("MWh"), ActivityUnits.parse("kWh"));
 * // 1500
 * factorSets.lookup("grid-electricity", "CN-AH", LocalDate.parse("2025-06-30"));
 * }</pre>
 */
package org.tanji.gateway.factor;
