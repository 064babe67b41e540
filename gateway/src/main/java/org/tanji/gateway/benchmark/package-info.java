/**
 * Grading benchmarks (分级) over HTTP: a registry admin publishes the upper bounds of grades 1 to 5
 * per product category and declared unit; certifications then take their grade from the
 * benchmark valid on the decision's day (in the chaincode):
 *
 * <pre>{@code
 * POST /api/v1/benchmarks
 * {"productCategory": "lithium-battery", "unit": "kilowatt hour", "thresholds": ["40", "55", "70", "85", "100"],
 *  "validFrom": "2025-01-01"}
 * }</pre>
 */
package org.tanji.gateway.benchmark;
