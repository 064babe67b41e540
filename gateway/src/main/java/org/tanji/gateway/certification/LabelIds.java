package org.tanji.gateway.certification;

import java.security.SecureRandom;

import org.apache.commons.codec.binary.Base32;

/**
 * New label ids: 160 random bits, base32 without padding (32 characters), so labels cannot be
 * enumerated or guessed. The chaincode cannot draw randomness, so the gateway does.
 */
public final class LabelIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private LabelIds() {
    }

    public static String next() {
        byte[] bits = new byte[20];
        RANDOM.nextBytes(bits);
        return new Base32().encodeToString(bits).replace("=", "");
    }

    /** Base32 of 26 to 64 characters; checked on every scan, so without a regular expression. */
    public static boolean wellFormed(String id) {
        if (id == null || id.length() < 26 || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'))) {
                return false;
            }
        }
        return true;
    }
}
