package org.tanji.chaincode.signing;

/**
 * A certifier's request to anchor a new signing key: the algorithm and the public key as base64
 * DER SubjectPublicKeyInfo. The key id is derived from the key by the contract.
 */
public record KeyRegistration(String alg, String publicKey) {
}
