package org.tanji.gateway.pact;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.util.MultiValueMap;

/**
 * The filters and page of a {@code GET /3/footprints}. Values within one filter OR together, filters
 * AND together, and every comparison is case-insensitive, as PACT asks; parameter names are matched
 * case-insensitively too ({@code productid=} works), because PACT's own example writes them so. An
 * unknown value simply matches nothing, so the answer is an empty list rather than an error.
 *
 * @param after the id the previous page ended with ({@code x-tanji-after}); {@code null} on the first page
 */
record ListQuery(Set<String> productIds, Set<String> companyIds, Set<String> geographies, Set<String> classifications,
                 Set<String> statuses, Instant validOn, Instant validAfter, Instant validBefore, int limit, String after) {
    static final int MAX_LIMIT = 1000;
    static final String AFTER = "x-tanji-after";

    static ListQuery parse(MultiValueMap<String, String> params) {
        Map<String, List<String>> lower = new java.util.HashMap<>();
        params.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>())
                .addAll(values));
        return new ListQuery(values(lower, "productid"), values(lower, "companyid"), values(lower, "geography"),
                values(lower, "classification"), values(lower, "status"), instant(lower, "validOn"),
                instant(lower, "validAfter"), instant(lower, "validBefore"), limit(lower), single(lower, AFTER));
    }

    /** The same filters from a RequestCreated event's criteria (arrays and single values alike). */
    static ListQuery of(com.fasterxml.jackson.databind.JsonNode criteria) {
        org.springframework.util.LinkedMultiValueMap<String, String> params = new org.springframework.util.LinkedMultiValueMap<>();
        criteria.fields().forEachRemaining(field -> {
            if (field.getValue().isArray()) {
                field.getValue().forEach(v -> params.add(field.getKey(), v.asText()));
            } else if (field.getValue().isTextual() && !"comment".equals(field.getKey())) {
                params.add(field.getKey(), field.getValue().asText());
            }
        });
        return parse(params);
    }

    boolean matches(FootprintIndex.Entry e) {
        return any(productIds, e.productIds()) && any(companyIds, e.companyIds()) && any(geographies, e.geographies())
                && any(classifications, e.classifications())
                && (statuses.isEmpty() || statuses.contains(e.status().toLowerCase(Locale.ROOT)))
                && (validOn == null || !validOn.isBefore(e.validFrom()) && !validOn.isAfter(e.validTo()))
                && (validAfter == null || e.validFrom().isAfter(validAfter))
                && (validBefore == null || e.validTo().isBefore(validBefore));
    }

    private static boolean any(Set<String> wanted, Set<String> has) {
        if (wanted.isEmpty()) {
            return true;
        }
        for (String value : has) {
            if (wanted.contains(value)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> values(Map<String, List<String>> params, String name) {
        Set<String> out = new HashSet<>();
        for (String value : params.getOrDefault(name, List.of())) {
            // Accept both repeated parameters and comma-separated lists.
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return Set.copyOf(out);
    }

    /** The one value of parameter {@code name} (looked up case-insensitively in the lower-cased {@code params}), or null. */
    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        if (values.size() > 1) {
            throw PactException.badRequest(name + " may be given once");
        }
        return values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }

    private static Instant instant(Map<String, List<String>> params, String name) {
        String value = single(params, name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException again) {
                throw PactException.badRequest(name + " must be an RFC 3339 date-time such as 2025-04-01T00:00:00Z; got \""
                        + value + "\"");
            }
        }
    }

    /**
     * PACT's {@code limit} is an unsigned integer ({@code minimum: 0}): any whole number from 0 up is a
     * valid request, and the host may answer fewer, so it is capped at {@link #MAX_LIMIT}. {@code limit=0}
     * asks for no footprint at all: the page is empty, with a next link when footprints match.
     */
    private static int limit(Map<String, List<String>> params) {
        String value = single(params, "limit");
        if (value == null) {
            return MAX_LIMIT;
        }
        try {
            java.math.BigInteger limit = new java.math.BigInteger(value.trim());
            if (limit.signum() < 0) {
                throw new NumberFormatException();
            }
            return limit.min(java.math.BigInteger.valueOf(MAX_LIMIT)).intValue();
        } catch (NumberFormatException e) {
            throw PactException.badRequest("limit must be a whole number, 0 or more; got \"" + value + "\"");
        }
    }
}
