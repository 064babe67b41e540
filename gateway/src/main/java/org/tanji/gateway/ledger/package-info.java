/**
 * The ledger port: {@link org.tanji.gateway.ledger.Ledger} and its value types. Adapters live in
 * {@code ledger.embedded} (in-process, default) and {@code ledger.fabric} (a real network).
 */
package org.tanji.gateway.ledger;
