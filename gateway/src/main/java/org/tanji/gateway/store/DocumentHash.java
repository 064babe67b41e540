package org.tanji.gateway.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * The hash algorithms a document can be addressed by. A document id is the algorithm's prefix
 * followed by the lower-case hex digest of the exact bytes, e.g. {@code "sha256:ba7816bf…"} or
 * {@code "sm3:66c7f0f4…"}.
 *
 * <p>SM3 exists for registries that must use the Chinese national algorithms (GB/T 32905); both
 * digests are 256 bits, so ids have the same shape.
 */
public enum DocumentHash {

    /** SHA-256 (FIPS 180-4), the default. */
    SHA256("sha256:") {
        @Override
        byte[] digest(byte[] content) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(content);
            } catch (NoSuchAlgorithmException e) {
                // Every Java platform is required to ship SHA-256.
                throw new IllegalStateException(e);
            }
        }
    },

    /** SM3 (GB/T 32905-2016), computed with BouncyCastle's lightweight API. */
    SM3("sm3:") {
        @Override
        byte[] digest(byte[] content) {
            SM3Digest digest = new SM3Digest();
            digest.update(content, 0, content.length);
            byte[] out = new byte[digest.getDigestSize()];
            digest.doFinal(out, 0);
            return out;
        }
    };

    private static final int HEX_LENGTH = 64;
    private static final HexFormat HEX = HexFormat.of();

    private final String prefix;

    DocumentHash(String prefix) {
        this.prefix = prefix;
    }

    abstract byte[] digest(byte[] content);

    /** The id prefix, including the colon: {@code "sha256:"} or {@code "sm3:"}. */
    public String prefix() {
        return prefix;
    }

    /** The lower-case hex digest of {@code content}. */
    public String hex(byte[] content) {
        return HEX.formatHex(digest(content));
    }

    /** The document id of {@code content} under this algorithm: prefix plus hex digest. */
    public String idOf(byte[] content) {
        return prefix + hex(content);
    }

    /**
     * The algorithm a document id names.
     *
     * @throws IllegalArgumentException if the id has no known prefix or is not followed by exactly
     *     64 lower-case hex digits
     */
    public static DocumentHash ofId(String hashId) {
        if (hashId != null) {
            for (DocumentHash hash : values()) {
                if (hashId.startsWith(hash.prefix) && isLowerHex(hashId, hash.prefix.length())) {
                    return hash;
                }
            }
        }
        throw new IllegalArgumentException("not a document hash id (expected sha256:<64 hex> or sm3:<64 hex>): " + hashId);
    }

    private static boolean isLowerHex(String id, int from) {
        if (id.length() - from != HEX_LENGTH) {
            return false;
        }
        for (int i = from; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
