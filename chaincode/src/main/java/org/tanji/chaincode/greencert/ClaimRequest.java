package org.tanji.chaincode.greencert;

import java.util.List;

/**
 * Certificates claimed against one footprint's electricity.
 *
 * @param consumedMwh the electricity the footprint's calculation consumed, as the gateway read it
 *     from the anchored document (decimal string); when given, all claims of the footprint together
 *     may not exceed it. Checked here, in the transaction, so two concurrent claims cannot both pass.
 */
public record ClaimRequest(String footprintId, List<CertificateRange> certificates, String consumedMwh) {
}
