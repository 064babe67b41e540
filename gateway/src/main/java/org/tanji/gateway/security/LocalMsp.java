package org.tanji.gateway.security;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.tanji.gateway.ledger.LedgerIdentity;

/**
 * A local certificate authority per organisation, for the embedded ledger. It issues client
 * certificates shaped like Fabric's: Node OU ({@code client} or {@code admin}) and the client's
 * role in a Fabric-CA attribute extension, so the chaincode's {@code ClientIdentity} reads them
 * exactly as on a peer. Keys and certificates are kept as PEM files under
 * {@code <data>/crypto/<mspId>/}, created on first use.
 */
public final class LocalMsp {
    /** Fabric CA's attribute extension, read by {@code ClientIdentity.getAttributeValue}. */
    static final ASN1ObjectIdentifier FABRIC_ATTRIBUTES = new ASN1ObjectIdentifier("1.2.3.4.5.6.7.8.1");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final Map<String, Issued> cas = new ConcurrentHashMap<>();
    private final Map<String, LedgerIdentity> identities = new ConcurrentHashMap<>();

    private record Issued(X509Certificate certificate, PrivateKey key) {
    }

    public LocalMsp(Path cryptoDir) {
        this.root = cryptoDir;
    }

    /** The root CA certificate of an organisation, created on first use. */
    public X509Certificate rootCertificate(String mspId) {
        return ca(mspId).certificate();
    }

    /** The ledger identity of a client, created on first use and stable across restarts. */
    public LedgerIdentity identity(String mspId, String clientId, String role) {
        return identities.computeIfAbsent(mspId + "/" + clientId, k -> loadOrIssue(mspId, clientId, role));
    }

    private Issued ca(String mspId) {
        return cas.computeIfAbsent(mspId, id -> {
            Path dir = root.resolve(id).resolve("ca");
            Issued existing = load(dir);
            if (existing != null) {
                return existing;
            }
            try {
                KeyPair pair = newKeyPair();
                X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, id)
                        .addRDN(BCStyle.CN, "ca." + id.toLowerCase()).build();
                Instant now = Instant.now();
                JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                        Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), name,
                        pair.getPublic());
                JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
                b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
                X509Certificate cert = sign(b, pair.getPrivate());
                Issued issued = new Issued(cert, pair.getPrivate());
                store(dir, issued);
                return issued;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot create the CA of " + id, e);
            }
        });
    }

    private LedgerIdentity loadOrIssue(String mspId, String clientId, String role) {
        Path dir = root.resolve(mspId).resolve("users").resolve(clientId);
        Issued existing = load(dir);
        if (existing == null) {
            existing = issue(mspId, clientId, role);
            store(dir, existing);
        }
        return new LedgerIdentity(mspId, existing.certificate(), existing.key());
    }

    private Issued issue(String mspId, String clientId, String role) {
        try {
            Issued ca = ca(mspId);
            KeyPair pair = newKeyPair();
            String nodeOu = "registry-admin".equals(role) ? "admin" : "client";
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, mspId).addRDN(BCStyle.OU, nodeOu)
                    .addRDN(BCStyle.CN, clientId).build();
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()), serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), subject,
                    pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.certificate()));
            String attrs = "{\"attrs\":{\"tanji.role\":\"" + role + "\"}}";
            b.addExtension(FABRIC_ATTRIBUTES, false, attrs.getBytes(StandardCharsets.UTF_8));
            return new Issued(sign(b, ca.key()), pair.getPrivate());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + clientId, e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM);
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException {
        try {
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static Issued load(Path dir) {
        Path certFile = dir.resolve("cert.pem");
        Path keyFile = dir.resolve("key.pem");
        if (!Files.exists(certFile) || !Files.exists(keyFile)) {
            return null;
        }
        try (PEMParser certs = new PEMParser(new StringReader(Files.readString(certFile)));
             PEMParser keys = new PEMParser(new StringReader(Files.readString(keyFile)))) {
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) certs.readObject());
            Object parsed = keys.readObject();
            // JcaPEMWriter writes EC keys as SEC1 "EC PRIVATE KEY", which parses to a key pair.
            PrivateKeyInfo info = parsed instanceof org.bouncycastle.openssl.PEMKeyPair pair ? pair.getPrivateKeyInfo()
                    : (PrivateKeyInfo) parsed;
            PrivateKey key = new JcaPEMKeyConverter().getPrivateKey(info);
            return new Issued(cert, key);
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("unreadable identity in " + dir + "; delete it to re-issue", e);
        }
    }

    private static void store(Path dir, Issued issued) {
        try {
            Files.createDirectories(dir);
            write(dir.resolve("cert.pem"), pem(issued.certificate()));
            // PKCS#8 "PRIVATE KEY", as Fabric's cryptogen writes keys.
            write(dir.resolve("key.pem"), pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(issued.key(), null)));
            try {
                Files.setPosixFilePermissions(dir.resolve("key.pem"), PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system: the data folder's own permissions must protect the key.
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write identity to " + dir, e);
        }
    }

    private static void write(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
