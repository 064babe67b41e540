/**
 * Green-electricity certificate (绿证) claims. A claim binds serial ranges of certificates to a
 * footprint; a serial is claimed once across the whole network, and a certificate's generation year
 * must be a year of the footprint's reference period. Both checks live here so that no gateway can
 * bypass them:
 *
 * <pre>{@code
 * ledger.submit(company, "greencert:claim", List.of(CanonicalJson.string(new ClaimRequest(footprintId,
 *         List.of(new CertificateRange("SGCC", "1001", "1100", "100", 2025)), null))));
 * }</pre>
 */
package org.tanji.chaincode.greencert;
