package org.tanji.chaincode.greencert;

/** The value of a range-index entry: which claim holds the serials, so a refusal can name it. */
record ClaimedRange(String claimId, String footprintId, String issuer, String serialStart, String serialEnd) {
}
