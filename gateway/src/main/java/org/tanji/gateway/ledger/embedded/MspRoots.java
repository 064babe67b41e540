package org.tanji.gateway.ledger.embedded;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.LedgerIdentity;

/**
 * The single-node stand-in for a channel's MSP definitions: which root CA vouches for which MSP
 * id. A creator whose certificate does not chain to its MSP's root is refused before simulation,
 * as a peer's endorser refuses a proposal from an identity its channel MSP does not accept.
 */
final class MspRoots {
    private static final int CACHE_LIMIT = 10_000;

    private record Seen(String mspId, X509Certificate certificate) {
    }

    private final Map<String, X509Certificate> roots;
    // Signature checks cost far more than a simulation; a certificate that verified once stays verified.
    private final Map<Seen, CreatorIdentity> verified = new ConcurrentHashMap<>();

    MspRoots(Map<String, X509Certificate> roots) {
        this.roots = Map.copyOf(roots);
    }

    CreatorIdentity verify(LedgerIdentity identity) {
        if (identity == null || identity.mspId() == null || identity.certificate() == null) {
            throw new ChaincodeRejection("ACCESS_DENIED", "no creator identity was given");
        }
        String msp = identity.mspId();
        X509Certificate cert = identity.certificate();
        try {
            cert.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw denied(msp, "it is outside its validity period (" + e.getMessage() + ")");
        }
        Seen key = new Seen(msp, cert);
        CreatorIdentity known = verified.get(key);
        if (known != null) {
            return known;
        }
        X509Certificate root = roots.get(msp);
        if (root == null) {
            throw denied(msp, "no such MSP is configured");
        }
        if (cert.getBasicConstraints() != -1) {
            throw denied(msp, "a CA certificate cannot be used as a client identity");
        }
        if (!cert.getIssuerX500Principal().equals(root.getSubjectX500Principal())) {
            throw denied(msp, "it was not issued by the MSP's root CA");
        }
        try {
            cert.verify(root.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw denied(msp, "its signature does not verify against the MSP's root CA");
        }
        CreatorIdentity creator = CreatorIdentity.of(msp, cert);
        if (verified.size() >= CACHE_LIMIT) {
            verified.clear();
        }
        verified.put(key, creator);
        return creator;
    }

    private static ChaincodeRejection denied(String msp, String why) {
        return new ChaincodeRejection("ACCESS_DENIED", "creator certificate is not valid for MSP " + msp + ": " + why);
    }
}
