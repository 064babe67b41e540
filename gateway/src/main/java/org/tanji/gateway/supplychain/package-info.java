/**
 * Footprint requests between companies over the ledger's {@code supplychain} contract: a leader asks
 * a supplier, the supplier fulfils from its footprints or rejects, and the exact document delivered
 * is kept in the store under the hash the ledger anchors, so either side can prove the exchange later.
 *
 * <pre>{@code
 * POST /api/v1/supply-chain/requests            {supplierId, productId, comment?}
 * GET  /api/v1/supply-chain/requests            the caller's inbox (?box=sent for its own requests)
 * POST /api/v1/supply-chain/requests/{id}/fulfil {footprintId}
 * GET  /api/v1/supply-chain/requests/{id}/delivery   the exact bytes delivered
 * }</pre>
 */
package org.tanji.gateway.supplychain;
