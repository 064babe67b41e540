/**
 * The PACT v3 exchange API for partners (HTTPS only): {@code GET /3/footprints} with PACT's filters and
 * paging, {@code GET /3/footprints/{id}}, and PACT's {@code {code, message}} error bodies. Footprints
 * are answered from {@link org.tanji.gateway.pact.FootprintIndex}, an in-memory index rebuilt from the
 * ledger at start and kept current by chaincode events.
 *
 * <pre>{@code
 * curl --cacert data/tls/cert.pem -H "Authorization: Bearer $TOKEN" \
 *      'https://127.0.0.1:8443/3/footprints?geography=CN&status=Active&limit=10'
 * }</pre>
 */
package org.tanji.gateway.pact;
