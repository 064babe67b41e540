package org.tanji.chaincode.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Canonical JSON: sorted keys, no insignificant whitespace, absent values left out, decimals kept
 * as strings by the record types themselves. Every endorser must produce identical bytes for the
 * same transaction, so every record goes through this one mapper.
 */
public final class CanonicalJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private CanonicalJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] bytes(Object value) {
        try {
            // Round-tripping through a tree sorts map keys nested inside records too.
            JsonNode tree = MAPPER.valueToTree(value);
            return MAPPER.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static String string(Object value) {
        return new String(bytes(value), StandardCharsets.UTF_8);
    }

    /** Parses client input; malformed JSON is the caller's fault, not the contract's. */
    public static <T> T parse(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw TanjiException.invalid("the request body is empty");
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw TanjiException.invalid("malformed " + type.getSimpleName() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw TanjiException.invalid("unreadable " + type.getSimpleName());
        }
    }

    public static <T> T read(byte[] stored, Class<T> type) {
        try {
            return MAPPER.readValue(stored, type);
        } catch (IOException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable", e);
        }
    }
}
