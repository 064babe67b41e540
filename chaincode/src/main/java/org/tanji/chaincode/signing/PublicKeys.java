package org.tanji.chaincode.signing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import org.tanji.chaincode.support.Check;
import org.tanji.chaincode.support.TanjiException;

/**
 * Checks a submitted public key without any crypto provider, so every endorser decides the same:
 * the DER must be exactly the uncompressed-point SubjectPublicKeyInfo of the named curve (id-ecPublicKey
 * with prime256v1 for ES256, with sm2p256v1 for SM2), and the point must lie on the curve (both
 * curves have cofactor 1, so that also puts it in the signing group).
 */
public final class PublicKeys {
    /** Length of a key id: 16 base64url characters, 96 bits of the key's SHA-256. */
    public static final int KID_LENGTH = 16;

    private enum Curve {
        ES256("3059301306072a8648ce3d020106082a8648ce3d030107034200",
                "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF",
                "5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B"),
        SM2("3059301306072a8648ce3d020106082a811ccf5501822d034200",
                "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF",
                "28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93");

        final byte[] prefix;
        final BigInteger p;
        final BigInteger a;
        final BigInteger b;

        Curve(String prefixHex, String pHex, String bHex) {
            this.prefix = HexFormat.of().parseHex(prefixHex);
            this.p = new BigInteger(pHex, 16);
            this.a = p.subtract(BigInteger.valueOf(3));
            this.b = new BigInteger(bHex, 16);
        }
    }

    private PublicKeys() {
    }

    /** The algorithm name, checked: {@code ES256} or {@code SM2}. */
    public static String alg(String value) {
        Check.required("alg", value);
        if (!"ES256".equals(value) && !"SM2".equals(value)) {
            throw TanjiException.invalid("alg must be ES256 or SM2, got \"" + value + "\"");
        }
        return value;
    }

    /** Decodes and checks {@code publicKeyBase64} for {@code alg}; returns the DER bytes. */
    public static byte[] checked(String alg, String publicKeyBase64) {
        Check.required("publicKey", publicKeyBase64);
        byte[] der;
        try {
            der = Base64.getDecoder().decode(publicKeyBase64);
        } catch (IllegalArgumentException e) {
            throw TanjiException.invalid("publicKey must be base64 (DER SubjectPublicKeyInfo)");
        }
        Curve curve = Curve.valueOf(alg(alg));
        if (der.length != curve.prefix.length + 65
                || !Arrays.equals(der, 0, curve.prefix.length, curve.prefix, 0, curve.prefix.length)
                || der[curve.prefix.length] != 0x04) {
            throw TanjiException.invalid("publicKey must be the DER SubjectPublicKeyInfo of an uncompressed "
                    + (curve == Curve.ES256 ? "P-256" : "SM2 (sm2p256v1)") + " point for alg " + alg);
        }
        int at = curve.prefix.length + 1;
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(der, at, at + 32));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(der, at + 32, at + 64));
        BigInteger p = curve.p;
        boolean onCurve = x.compareTo(p) < 0 && y.compareTo(p) < 0
                && y.multiply(y).mod(p).equals(x.pow(3).add(curve.a.multiply(x)).add(curve.b).mod(p));
        if (!onCurve) {
            throw TanjiException.invalid("publicKey is not a point on the " + alg + " curve");
        }
        return der;
    }

    /** The key id of a public key: the first 16 base64url characters of its DER's SHA-256. */
    public static String kid(byte[] der) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(der);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, KID_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a string has the shape of a key id. */
    public static boolean isKid(String value) {
        return value != null && value.length() == KID_LENGTH
                && value.getBytes(StandardCharsets.US_ASCII).length == KID_LENGTH && value.matches("[A-Za-z0-9_-]+");
    }
}
