package org.tanji.gateway.signing;

import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.tanji.chaincode.signing.SigningKey;
import org.tanji.chaincode.support.CanonicalJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The certifiers' key set as published at {@code /.well-known/tanji/certifier-keys.json}: a JWK
 * Set (RFC 7517) of every key ever anchored, with Tanji members giving its owner and the times
 * that bound what it may have signed. {@code kty} is {@code EC}; {@code crv} is {@code P-256}
 * ({@code alg} {@code ES256}) or {@code SM2} ({@code alg} {@code SM2}, SM2 with SM3).
 */
public final class Jwks {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private Jwks() {
    }

    /** The published key of a ledger record. */
    public static PublishedKey published(SigningKey k) {
        SignatureAlg alg = SignatureAlg.of(k.alg());
        return new PublishedKey(k.kid(), alg, k.ownerId(), k.mspId(), alg.publicKey(Base64.getDecoder().decode(k.publicKey())),
                k.status(), instant(k.createdAt()), instant(k.retiredAt()), instant(k.revokedAt()),
                instant(k.compromisedSince()));
    }

    /** The key set document of these keys. */
    public static byte[] document(List<PublishedKey> keys) {
        ObjectNode doc = CanonicalJson.mapper().createObjectNode();
        ArrayNode array = doc.putArray("keys");
        for (PublishedKey k : keys) {
            ObjectNode jwk = array.addObject();
            byte[][] xy = SignatureAlg.coordinates(k.key());
            jwk.put("kty", "EC");
            jwk.put("crv", k.alg().crv());
            jwk.put("x", B64URL.encodeToString(xy[0]));
            jwk.put("y", B64URL.encodeToString(xy[1]));
            jwk.put("kid", k.kid());
            jwk.put("alg", k.alg().name());
            jwk.put("use", "sig");
            jwk.put("status", k.status());
            jwk.put("owner", k.ownerId());
            jwk.put("ownerMsp", k.mspId());
            jwk.put("createdAt", k.createdAt().toString());
            putTime(jwk, "retiredAt", k.retiredAt());
            putTime(jwk, "revokedAt", k.revokedAt());
            putTime(jwk, "compromisedSince", k.compromisedSince());
        }
        try {
            return CanonicalJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a key set document, keyed by key id.
     *
     * @throws IllegalArgumentException if it is not a key set or a key in it is unusable
     */
    public static Map<String, PublishedKey> read(byte[] json) {
        JsonNode doc;
        try {
            doc = CanonicalJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("the key set is not JSON: " + e.getMessage());
        }
        if (doc == null || !doc.path("keys").isArray()) {
            throw new IllegalArgumentException("the key set has no \"keys\" array");
        }
        Map<String, PublishedKey> keys = new LinkedHashMap<>();
        for (JsonNode jwk : doc.get("keys")) {
            String kid = jwk.path("kid").asText();
            try {
                SignatureAlg alg = SignatureAlg.of(jwk.path("alg").asText());
                if (!"EC".equals(jwk.path("kty").asText()) || !alg.crv().equals(jwk.path("crv").asText())) {
                    throw new IllegalArgumentException("kty/crv do not fit alg " + alg);
                }
                ECPublicKeyParameters key = alg.publicKey(Base64.getUrlDecoder().decode(jwk.path("x").asText()),
                        Base64.getUrlDecoder().decode(jwk.path("y").asText()));
                if (!kid.equals(org.tanji.chaincode.signing.PublicKeys.kid(SignatureAlg.spki(key)))) {
                    throw new IllegalArgumentException("its kid is not derived from its key");
                }
                keys.put(kid, new PublishedKey(kid, alg, jwk.path("owner").asText(), jwk.path("ownerMsp").asText(), key,
                        jwk.path("status").asText(), Instant.parse(jwk.path("createdAt").asText()),
                        time(jwk, "retiredAt"), time(jwk, "revokedAt"), time(jwk, "compromisedSince")));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("key " + kid + " in the key set is unusable: " + e.getMessage());
            }
        }
        return keys;
    }

    private static void putTime(ObjectNode jwk, String name, Instant t) {
        if (t != null) {
            jwk.put(name, t.toString());
        }
    }

    private static Instant time(JsonNode jwk, String name) {
        JsonNode v = jwk.get(name);
        return v == null || v.isNull() ? null : Instant.parse(v.asText());
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
