/**
 * Emission-factor set anchors. A registry admin anchors the SHA-256 of a set's canonical form (the
 * full set lives off-chain), so every calculation can name the exact version it used:
 *
 * <pre>{@code
 * ledger.submit(admin, "factorset:anchor", List.of(CanonicalJson.string(new FactorSetAnchor(
 *         "CN-grid", "2025.1", "Anhui registry", "provincial grid bulletin 2025", "CN-AH",
 *         "2025-01-01", "2025-12-31", "sha256:...", 12))));
 * }</pre>
 */
package org.tanji.chaincode.factor;
