/**
 * Suppliers' raw data, confidential but provable: the ledger holds a salted hash, the store an
 * AES-GCM copy under a key per supplier, and the supplier discloses a document to one counterparty,
 * who checks it against the anchored hash.
 *
 * <pre>{@code
 * POST /api/v1/supplier-data?kind=meter-readings   (raw bytes)  → {id, saltedHash, txId, blockNumber}
 * POST /api/v1/supplier-data/{id}/disclosures      {counterpartyId}
 * GET  /api/v1/supplier-data/{id}                  owner or a disclosed counterparty: content and salt
 * POST /api/v1/supplier-data/{id}/check            {content, salt} (base64) → matches, anchored at tx … block …
 * }</pre>
 */
package org.tanji.gateway.supplierdata;
