/**
 * Green-electricity certificate (绿证) claims over HTTP. The double-claim check and the cap (the
 * electricity the footprint's ledger record says it consumed) are the chaincode's ({@code greencert}
 * contract); this package passes the claim on and reports location- and market-based electricity
 * emissions:
 *
 * <pre>{@code
 * POST /api/v1/green-certificates/claims
 * {"footprintId": "...", "certificates": [{"issuer": "SGCC", "serialStart": "1001", "serialEnd": "1100", "mwh": "100", "year": 2025}]}
 * }</pre>
 */
package org.tanji.gateway.greencert;
