package org.tanji.chaincode.greencert;

import java.util.List;

/**
 * Certificates claimed against one footprint's electricity. The cap, the electricity the footprint
 * consumed, is not part of the request: the contract reads it from the footprint's ledger record,
 * so no caller can raise it.
 */
public record ClaimRequest(String footprintId, List<CertificateRange> certificates) {
}
