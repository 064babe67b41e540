/**
 * Footprint calculations (GB/T 24067-2024 / ISO 14067): activity data times anchored emission
 * factors plus suppliers' recorded footprints, per lifecycle stage, reproducible to the byte.
 * {@link org.tanji.gateway.calculation.Calculator} is the pure arithmetic;
 * {@link org.tanji.gateway.calculation.CalculationService} gathers what it needs from the ledger
 * and store, and records the result as a footprint when asked:
 *
 * <pre>{@code
 * POST /api/v1/calculations
 * {"productName": "LFP cell", "declaredUnit": {"amount": "1", "unit": "kilowatt hour"},
 *  "factorSet": {"name": "demo-cn", "version": "2025.1"},
 *  "referencePeriod": {"start": "2025-01-01T00:00:00Z", "end": "2026-01-01T00:00:00Z"},
 *  "stages": [{"stage": "production", "inputs": [
 *      {"description": "cell line electricity", "quantity": "12.5", "unit": "kWh", "factorCode": "grid-electricity"}]}]}
 * }</pre>
 */
package org.tanji.gateway.calculation;
