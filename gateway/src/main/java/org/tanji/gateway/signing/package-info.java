/**
 * Label signing and verification: certifiers' signing keys (private halves in
 * {@code <data>/signing-keys/<kid>.p8}, public halves anchored by the {@code signingkey} contract
 * and published as a JWK Set at {@code /.well-known/tanji/certifier-keys.json}), the signed QR
 * texts, {@code POST /api/v1/labels/verify} and the offline verifier {@code ./tanji verify}.
 *
 * <h2>The QR text (format 1)</h2>
 * A URL, so any phone camera opens the label's page; GS1 Digital Link when the label names a GTIN:
 * <pre>
 * {base}/l/{labelId}?v={value}&amp;u={unit}&amp;g={grade}&amp;e={validUntil}&amp;i={issuedAt}&amp;k={kid}&amp;s={sig}
 * {base}/01/{gtin14}[/10/{lot}][/21/{serial}]?l={labelId}&amp;v=…&amp;u=…&amp;g=…&amp;e=…&amp;i=…&amp;k=…&amp;s=…
 * </pre>
 * <ul>
 * <li>{@code l}: the label id (base32, 26 to 64 characters); in the path of the {@code /l/} form.</li>
 * <li>{@code gtin14}, {@code lot} (AI 10), {@code serial} (AI 21): GS1 rules, the GTIN as 14 digits with
 *     its check digit, lot and serial 1 to 20 characters of GS1's character set 82.</li>
 * <li>{@code v}, {@code u}: the certified footprint value (decimal) and its unit, as the ledger records them.</li>
 * <li>{@code g}: the grade.</li>
 * <li>{@code e}: the label's validUntil; {@code i}: when the label was granted (or the unit issued), the
 *     ledger's transaction time. Both in epoch seconds with a fraction only as long as needed
 *     ({@code 1767225600}, {@code 1767225600.123456}), so the exact ledger time is kept.</li>
 * <li>{@code k}: the signing key's id, the first 16 base64url characters of the SHA-256 of its DER
 *     SubjectPublicKeyInfo (96 bits); the contract derives it, so it cannot be squatted.</li>
 * <li>{@code s}: the signature, raw {@code r||s} (64 bytes) in unpadded base64url (86 characters).</li>
 * </ul>
 * Parameters come in exactly this order; values are percent-encoded except RFC 3986's unreserved
 * characters, with upper-case hex. A verifier re-renders the parsed text and requires it to equal
 * the scanned text, so no character can change unnoticed; only the scheme, host and path prefix
 * ({@code base}) are not signed. A typical Digital Link text is about 260 characters, QR version
 * 10 to 12 at error correction M; texts over 2048 characters are refused.
 *
 * <p>The signed bytes are UTF-8 of these lines joined by {@code \n}, absent fields as empty lines:
 * {@code TANJI-LABEL-1}, labelId, gtin, lot, serial, v, u, g, e, i, k (decoded values; times in
 * their wire form). {@code ES256}: ECDSA P-256/SHA-256 with the RFC 6979 nonce. {@code SM2}: SM2
 * with SM3 and the default user id {@code 1234567812345678}, nonce derived the RFC 6979 way with
 * HMAC-SM3. Both are deterministic, so the same label always gets the same text and a reprint
 * never changes a printed code (a renewal changes {@code e}, and so gives a new text; the old one
 * stays genuine).
 *
 * <h2>Which key, and when a signature counts</h2>
 * A label is signed by the key its grant recorded on the ledger ({@code LabelRecord.signingKeyId},
 * the certifier's active key then); a unit by the certifier's key active when the unit was issued.
 * A signature by key K over a text issued at {@code i} is valid when it verifies and K was
 * registered at or before {@code i}, was not retired (a successor registered) at or before
 * {@code i}, and is not revoked with {@code compromisedSince} at or before {@code i}. So rotation
 * keeps earlier labels valid, and a revocation voids only what was issued from the compromise on.
 * Online, the registry also requires the key's owner to be the label's certifier and {@code v},
 * {@code u}, {@code g}, {@code i} to equal the ledger's record (which catches a stolen key
 * back-dating {@code i}); offline that is up to the published key's times.
 */
package org.tanji.gateway.signing;
