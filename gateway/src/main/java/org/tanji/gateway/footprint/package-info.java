/**
 * Product footprints: PACT v3 documents validated field by field, stored off-chain under their
 * hash and anchored on the ledger with their key figures and version lineage.
 */
package org.tanji.gateway.footprint;
