/**
 * Green-electricity certificate (绿证) claims. A claim binds serial ranges of certificates to a
 * footprint; a serial is claimed once across the whole network, a certificate's generation year
 * must be a year of the footprint's reference period, and all claims of a footprint together may
 * not exceed the electricity its ledger record says it consumed. Every check lives here so that no
 * gateway can bypass them:
 *
 * <pre>{@code
 * ledger.submit(company, "greencert:claim", List.of(CanonicalJson.string(new ClaimRequest(footprintId,
 *         List.of(new CertificateRange("SGCC", "1001", "1100", "100", 2025))))));
 * }</pre>
 */
package org.tanji.chaincode.greencert;
