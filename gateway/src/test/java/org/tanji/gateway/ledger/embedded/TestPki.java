package org.tanji.gateway.ledger.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.tanji.gateway.ledger.LedgerIdentity;

/** Test certificate authorities and client identities shaped like Fabric CA's. */
final class TestPki {
    /** Fabric CA puts enrolment attributes in this extension as {@code {"attrs":{...}}}. */
    static final String FABRIC_ATTRS_OID = "1.2.3.4.5.6.7.8.1";
    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    record Ca(String mspId, KeyPair keys, X509Certificate certificate) {
    }

    private TestPki() {
    }

    static Ca ca(String mspId) {
        try {
            KeyPair keys = ecKeys();
            X500Name name = new X500Name("CN=ca." + mspId.toLowerCase() + ",O=" + mspId);
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(365))), name, keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            return new Ca(mspId, keys, sign(b, keys));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client enrolled by {@code ca}, with NodeOU {@code OU=client} and optional Fabric CA attributes JSON. */
    static LedgerIdentity client(Ca ca, String commonName, String attrsJson) {
        try {
            KeyPair keys = ecKeys();
            X500Name subject = new X500Name("CN=" + commonName + ",OU=client,O=" + ca.mspId());
            X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), subject, keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            if (attrsJson != null) {
                b.addExtension(new ASN1ObjectIdentifier(FABRIC_ATTRS_OID), false, attrsJson.getBytes(UTF_8));
            }
            return new LedgerIdentity(ca.mspId(), sign(b, ca.keys()), keys.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static LedgerIdentity client(Ca ca, String commonName) {
        return client(ca, commonName, null);
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIALS.incrementAndGet());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) throws Exception {
        ContentSigner cs = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(b.build(cs));
    }
}
