/**
 * Grading benchmarks (分级): per product category and declared unit, the upper bounds of grades 1
 * to 5 in kg CO2e per unit. A certification grades a footprint against the benchmark valid on the
 * decision's day:
 *
 * <pre>{@code
 * BenchmarkRecord b = BenchmarkContract.validOn(ctx, "lithium-battery", "kilowatt hour", day);
 * String grade = b.grade(new BigDecimal(footprint.value()));
 * }</pre>
 */
package org.tanji.chaincode.benchmark;
