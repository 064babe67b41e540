package org.tanji.gateway.label;

/**
 * What a scanned QR text says about itself, apart from the label's live status: whether the
 * certifier's signature over it holds, and whether the product it names (GTIN, serial) is the one
 * the ledger records for the label. {@code null} fields were not checked (e.g. a bare /l/ link).
 *
 * @param signatureValid whether the signature verifies against the certifier's anchored key
 * @param signatureReason why not, in words, when it does not
 * @param matchesProduct whether the GTIN and serial in the text match the label's ledger record
 * @param matchReason why not ("does not match this product: …"), when it does not
 */
public record ScanCheck(Boolean signatureValid, String signatureReason, Boolean matchesProduct, String matchReason) {
}
