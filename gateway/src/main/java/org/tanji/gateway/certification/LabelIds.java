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

    public static boolean wellFormed(String id) {
        return id != null && id.matches("^[A-Z2-7]{26,64}$");
    }
}
