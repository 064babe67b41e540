/**
 * The off-chain store: content-addressed documents (reports, evidence, artwork) that ledger
 * records refer to by hash, kept in a MongoDB-wire server — embedded by default, external when
 * {@code TANJI_MONGO_URI} is set. Reads re-check the hash, and an orphan sweep keeps the store
 * from accumulating documents that never made it onto the ledger.
 */
package org.tanji.gateway.store;
