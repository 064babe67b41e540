package org.tanji.gateway.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate the HTTPS port presents: the operator's, or a self-signed one made on first start.
 * The generated one is kept in {@code <data>/tls/} so that clients which pinned it keep trusting the
 * registry across restarts; it names 127.0.0.1 and localhost because the registry binds to loopback
 * unless told otherwise.
 *
 * @param cert the PEM certificate (chain) file
 * @param key  the PEM PKCS#8 private key file
 */
public record ServerCertificate(Path cert, Path key) {
    private static final Duration VALIDITY = Duration.ofDays(825);

    /** The configured pair, or the generated one under {@code dataDir}, generating it if missing. */
    public static ServerCertificate resolve(TlsProperties properties, Path dataDir) {
        if (properties.cert() != null) {
            requireReadable(properties.cert(), "TANJI_TLS_CERT");
            requireReadable(properties.key(), "TANJI_TLS_KEY");
            return new ServerCertificate(properties.cert(), properties.key());
        }
        Path folder = dataDir.resolve("tls");
        ServerCertificate generated = new ServerCertificate(folder.resolve("cert.pem"), folder.resolve("key.pem"));
        if (!Files.exists(generated.cert()) || !Files.exists(generated.key())) {
            generate(generated);
        }
        return generated;
    }

    private static void requireReadable(Path file, String setting) {
        if (!Files.isReadable(file)) {
            throw new IllegalStateException(setting + " names " + file + ", which is not a readable file");
        }
    }

    private static void generate(ServerCertificate target) {
        try {
            Files.createDirectories(target.cert().getParent());
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=Tanji registry (self-signed)");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(127, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
            // Key first, certificate last: a start that finds the certificate finds its key too.
            writeAtomically(target.key(), pem("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
            writeAtomically(target.cert(), pem("CERTIFICATE", certificate.getEncoded()), false);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot generate the self-signed TLS certificate", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the self-signed TLS certificate to " + target.cert().getParent(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void writeAtomically(Path file, String content, boolean secret) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        if (secret) {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not POSIX: rely on the data folder's permissions.
            }
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
