package org.tanji.chaincode.greencert;

import java.util.List;

/** Certificates claimed against one footprint's electricity. */
public record ClaimRequest(String footprintId, List<CertificateRange> certificates) {
}
