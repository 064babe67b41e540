package org.tanji.gateway.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECKeyParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * The two label-signing algorithms, both producing a raw 64-byte {@code r||s} signature and both
 * deterministic, so the same label always gets the same signature and therefore the same QR text:
 * <ul>
 * <li>{@code ES256}: ECDSA on P-256 with SHA-256, nonce per RFC 6979 (HMAC-SHA-256);</li>
 * <li>{@code SM2}: SM2 digital signature (GB/T 32918.2) with SM3 and the default user id
 *     {@code 1234567812345678}, nonce derived the RFC 6979 way with HMAC-SM3. Any standard SM2
 *     verifier accepts these signatures; the nonce derivation only makes them reproducible.</li>
 * </ul>
 */
public enum SignatureAlg {
    ES256("P-256", SECObjectIdentifiers.secp256r1),
    SM2("SM2", GMObjectIdentifiers.sm2p256v1);

    /** The signature size: r and s, 32 bytes each, big-endian. */
    public static final int SIGNATURE_BYTES = 64;
    private static final byte[] SM2_DEFAULT_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String crv;
    private final ECNamedDomainParameters domain;

    SignatureAlg(String crv, ASN1ObjectIdentifier curve) {
        this.crv = crv;
        this.domain = ECNamedDomainParameters.lookup(curve);
    }

    /** The JWK curve name: {@code P-256} or {@code SM2}. */
    public String crv() {
        return crv;
    }

    public static SignatureAlg of(String name) {
        for (SignatureAlg alg : values()) {
            if (alg.name().equals(name)) {
                return alg;
            }
        }
        throw new IllegalArgumentException("alg must be ES256 or SM2, got \"" + name + "\"");
    }

    public AsymmetricCipherKeyPair generate() {
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(domain, RANDOM));
        return generator.generateKeyPair();
    }

    /** A 64-byte {@code r||s} signature of {@code message}. */
    public byte[] sign(ECPrivateKeyParameters key, byte[] message) {
        BigInteger n = domain.getN();
        if (this == ES256) {
            ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
            signer.init(true, key);
            BigInteger[] rs = signer.generateSignature(digest(new SHA256Digest(), message));
            return PlainDSAEncoding.INSTANCE.encode(n, rs[0], rs[1]);
        }
        BigInteger d = key.getD();
        ECPoint publicPoint = new FixedPointCombMultiplier().multiply(domain.getG(), d).normalize();
        byte[] eBytes = digest(new SM3Digest(), concat(sm2Z(publicPoint), message));
        BigInteger e = new BigInteger(1, eBytes);
        HMacDSAKCalculator nonces = new HMacDSAKCalculator(new SM3Digest());
        nonces.init(n, d, eBytes);
        FixedPointCombMultiplier multiplier = new FixedPointCombMultiplier();
        BigInteger dPlus1Inverse = d.add(BigInteger.ONE).modInverse(n);
        while (true) {
            BigInteger k = nonces.nextK();
            BigInteger x1 = multiplier.multiply(domain.getG(), k).normalize().getAffineXCoord().toBigInteger();
            BigInteger r = e.add(x1).mod(n);
            if (r.signum() == 0 || r.add(k).equals(n)) {
                continue;
            }
            BigInteger s = dPlus1Inverse.multiply(k.subtract(r.multiply(d))).mod(n);
            if (s.signum() != 0) {
                return PlainDSAEncoding.INSTANCE.encode(n, r, s);
            }
        }
    }

    /** Whether {@code signature} (64-byte {@code r||s}) is this algorithm's signature of {@code message} by {@code key}. */
    public boolean verify(ECPublicKeyParameters key, byte[] message, byte[] signature) {
        if (signature == null || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            if (this == ES256) {
                BigInteger[] rs = PlainDSAEncoding.INSTANCE.decode(domain.getN(), signature);
                ECDSASigner verifier = new ECDSASigner();
                verifier.init(false, key);
                return verifier.verifySignature(digest(new SHA256Digest(), message), rs[0], rs[1]);
            }
            SM2Signer verifier = new SM2Signer(PlainDSAEncoding.INSTANCE, new SM3Digest());
            verifier.init(false, key);
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        } catch (IllegalArgumentException e) {
            return false; // r or s out of range
        }
    }

    /** The DER SubjectPublicKeyInfo (id-ecPublicKey with the named curve, uncompressed point). */
    public static byte[] spki(ECPublicKeyParameters key) {
        try {
            return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key).getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a DER SubjectPublicKeyInfo of this algorithm's curve. */
    public ECPublicKeyParameters publicKey(byte[] spki) {
        return ofCurve(() -> PublicKeyFactory.createKey(spki), ECPublicKeyParameters.class, "public");
    }

    public static byte[] pkcs8(ECPrivateKeyParameters key) {
        try {
            return PrivateKeyInfoFactory.createPrivateKeyInfo(key).getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a PKCS#8 DER private key of this algorithm's curve. */
    public ECPrivateKeyParameters privateKey(byte[] pkcs8) {
        return ofCurve(() -> PrivateKeyFactory.createKey(pkcs8), ECPrivateKeyParameters.class, "private");
    }

    private interface KeyReader {
        AsymmetricKeyParameter read() throws IOException;
    }

    private <T extends ECKeyParameters> T ofCurve(KeyReader reader, Class<T> type, String half) {
        try {
            AsymmetricKeyParameter key = reader.read();
            if (type.isInstance(key) && ((ECKeyParameters) key).getParameters().getCurve().equals(domain.getCurve())) {
                return type.cast(key);
            }
        } catch (IOException | RuntimeException e) {
            // not a key at all: same answer as a key of another kind
        }
        throw new IllegalArgumentException("not a " + name() + " " + half + " key");
    }

    /** The public key of a JWK's {@code x} and {@code y} (32 bytes each). */
    public ECPublicKeyParameters publicKey(byte[] x, byte[] y) {
        ECPoint point = domain.getCurve().createPoint(new BigInteger(1, x), new BigInteger(1, y));
        if (!point.isValid()) {
            throw new IllegalArgumentException("the point is not on the " + crv + " curve");
        }
        return new ECPublicKeyParameters(point, domain);
    }

    /** The affine coordinates of a public key, 32 bytes each. */
    public static byte[][] coordinates(ECPublicKeyParameters key) {
        ECPoint p = key.getQ().normalize();
        return new byte[][] {fixed(p.getAffineXCoord().toBigInteger()), fixed(p.getAffineYCoord().toBigInteger())};
    }

    private byte[] sm2Z(ECPoint publicPoint) {
        SM3Digest sm3 = new SM3Digest();
        int bits = SM2_DEFAULT_ID.length * 8;
        sm3.update((byte) (bits >> 8));
        sm3.update((byte) bits);
        sm3.update(SM2_DEFAULT_ID, 0, SM2_DEFAULT_ID.length);
        for (BigInteger v : new BigInteger[] {domain.getCurve().getA().toBigInteger(), domain.getCurve().getB().toBigInteger(),
            domain.getG().getAffineXCoord().toBigInteger(), domain.getG().getAffineYCoord().toBigInteger(),
            publicPoint.getAffineXCoord().toBigInteger(), publicPoint.getAffineYCoord().toBigInteger()}) {
            byte[] b = fixed(v);
            sm3.update(b, 0, b.length);
        }
        byte[] z = new byte[sm3.getDigestSize()];
        sm3.doFinal(z, 0);
        return z;
    }

    private static byte[] fixed(BigInteger v) {
        byte[] raw = v.toByteArray();
        if (raw.length == 32) {
            return raw;
        }
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }

    private static byte[] digest(Digest digest, byte[] message) {
        digest.update(message, 0, message.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
