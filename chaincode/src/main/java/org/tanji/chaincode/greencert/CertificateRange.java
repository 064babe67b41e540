package org.tanji.chaincode.greencert;

/**
 * A contiguous run of one issuer's certificate serials, both ends inclusive.
 *
 * @param serialStart decimal digits, at most {@value GreenCertificateContract#SERIAL_DIGITS}
 * @param mwh the electricity claimed from the range (decimal string); one certificate stands for
 *     1 MWh, so it may not exceed the number of serials
 * @param year the generation year the certificates were issued for
 */
public record CertificateRange(String issuer, String serialStart, String serialEnd, String mwh, Integer year) {
}
