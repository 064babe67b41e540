package org.tanji.gateway.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.tanji.chaincode.support.CanonicalJson;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads what the contracts return. Contracts answer in canonical JSON, the same bytes they store,
 * so the SHA-256 of an answer is the hash of the record as the ledger holds it.
 */
public final class LedgerJson {
    private LedgerJson() {
    }

    public static <T> T read(byte[] payload, Class<T> type) {
        return CanonicalJson.read(payload, type);
    }

    public static <T> T read(byte[] payload, TypeReference<T> type) {
        try {
            return CanonicalJson.mapper().readValue(payload, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable ledger answer", e);
        }
    }

    public static JsonNode tree(byte[] payload) {
        try {
            return CanonicalJson.mapper().readTree(payload);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable ledger answer", e);
        }
    }

    /**
     * A ledger answer as plain maps and lists, for HTTP responses: the gateway's web layer speaks
     * Jackson 3 while the contracts' canonical JSON is Jackson 2, and plain values cross both.
     */
    public static Object plain(byte[] payload) {
        try {
            return CanonicalJson.mapper().readValue(payload, Object.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable ledger answer", e);
        }
    }

    public static String json(Object value) {
        return CanonicalJson.string(value);
    }

    public static String recordHash(byte[] canonicalRecord) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonicalRecord));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
