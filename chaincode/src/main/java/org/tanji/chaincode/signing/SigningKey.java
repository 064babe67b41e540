package org.tanji.chaincode.signing;

/**
 * A certifier's label-signing public key as the ledger anchors it. Records are never deleted:
 * a rotated key is {@code RETIRED} and a compromised one {@code REVOKED}, and both stay listed so
 * labels signed earlier remain verifiable.
 *
 * @param kid base64url of the SHA-256 of {@code publicKey}, first 16 characters; recomputed by
 *     the contract, never taken from the caller
 * @param alg {@code ES256} (ECDSA P-256 with SHA-256) or {@code SM2} (SM2 with SM3)
 * @param publicKey base64 of the DER SubjectPublicKeyInfo
 * @param createdAt ledger time of the registration; the key signs nothing issued before it
 * @param retiredAt ledger time its owner registered a successor; it signs nothing issued from then on
 * @param revokedAt ledger time of the revocation
 * @param compromisedSince from when signatures by this key are void (at or before {@code revokedAt})
 */
public record SigningKey(
        String kid,
        String ownerId,
        String mspId,
        String alg,
        String publicKey,
        String status,
        String createdAt,
        String retiredAt,
        String revokedAt,
        String compromisedSince,
        String reason,
        String revokedBy,
        int version,
        String txId) {

    public static final String ACTIVE = "ACTIVE";
    public static final String RETIRED = "RETIRED";
    public static final String REVOKED = "REVOKED";

    SigningKey retired(String at, String tx) {
        return new SigningKey(kid, ownerId, mspId, alg, publicKey, RETIRED, createdAt, at, revokedAt, compromisedSince,
                "rotated", revokedBy, version + 1, tx);
    }

    SigningKey revoked(String at, String since, String why, String by, String tx) {
        return new SigningKey(kid, ownerId, mspId, alg, publicKey, REVOKED, createdAt, retiredAt, at, since, why, by,
                version + 1, tx);
    }
}
