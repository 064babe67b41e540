package org.tanji.gateway.signing;

import java.util.function.Function;

/**
 * Whether a QR text's signature holds against the published keys, without any server: the same
 * judgement the registry's verify endpoint and the offline verifier make.
 *
 * @param key the key that the text names, when it is known
 */
public record SignatureVerdict(boolean valid, String reason, PublishedKey key) {

    /**
     * The verdict on a scanned text that {@link QrText#parse} accepted: it must also be exactly the
     * form the registry prints, so that no character of it can change unnoticed (not even a
     * different but equivalent %-escape).
     */
    public static SignatureVerdict of(String scanned, QrText text, Function<String, PublishedKey> keys) {
        if (text.signed() && !text.format().equals(scanned)) {
            return new SignatureVerdict(false, "the text differs from the form the registry prints: it was edited",
                    keys.apply(text.kid()));
        }
        return of(text, keys);
    }

    public static SignatureVerdict of(QrText text, Function<String, PublishedKey> keys) {
        if (!text.signed()) {
            return new SignatureVerdict(false, "the text carries no signature", null);
        }
        PublishedKey key = keys.apply(text.kid());
        if (key == null) {
            return new SignatureVerdict(false, "the text is signed with key " + text.kid() + ", which no certifier registered", null);
        }
        if (!key.alg().verify(key.key(), text.signedBytes(), text.signatureBytes())) {
            return new SignatureVerdict(false, "the signature does not match the text: it was edited or forged", key);
        }
        String refusal = key.refusal(text.issuedAtInstant());
        return refusal == null ? new SignatureVerdict(true, null, key) : new SignatureVerdict(false, refusal, key);
    }
}
