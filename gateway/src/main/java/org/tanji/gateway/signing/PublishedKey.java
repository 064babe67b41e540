package org.tanji.gateway.signing;

import java.time.Instant;

import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * A certifier's public key with the times that bound what it may have signed, as the ledger
 * anchors it or as the exported key set republishes it.
 */
public record PublishedKey(String kid, SignatureAlg alg, String ownerId, String mspId, ECPublicKeyParameters key,
                           String status, Instant createdAt, Instant retiredAt, Instant revokedAt,
                           Instant compromisedSince) {

    /**
     * Why this key cannot vouch for a text issued at {@code issuedAt}, or {@code null} if it can:
     * the key must have been registered by then, not yet retired by a successor, and not revoked
     * with a compromise at or before it.
     */
    public String refusal(Instant issuedAt) {
        if (issuedAt.isBefore(createdAt)) {
            return "the text claims to be issued at " + issuedAt + ", before its key " + kid + " was registered (" + createdAt + ")";
        }
        if (compromisedSince != null && !issuedAt.isBefore(compromisedSince)) {
            return "the key " + kid + " was revoked: it is compromised since " + compromisedSince
                    + ", and this text was issued at " + issuedAt;
        }
        if (retiredAt != null && !issuedAt.isBefore(retiredAt)) {
            return "the key " + kid + " was retired at " + retiredAt + ", before this text was issued at " + issuedAt;
        }
        return null;
    }
}
