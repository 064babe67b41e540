package org.tanji.gateway.ledger;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A client's identity on the ledger: its organisation (MSP id), its X.509 certificate and the key
 * that signs its proposals. The chaincode sees the certificate through {@code ClientIdentity}.
 */
public record LedgerIdentity(String mspId, X509Certificate certificate, PrivateKey privateKey) {
}
