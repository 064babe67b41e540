package org.tanji.gateway.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.tanji.chaincode.certification.LabelUnitContract;
import org.tanji.gateway.problem.ApiException;
import org.tanji.gateway.problem.FieldError;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v1/labels/{labelId}/units}, checked as a whole before anything is
 * written: {@code {lot?, serials: [...]}} or {@code {lot?, serialRange: {prefix?, from, to, width?}}}
 * (serials {@code prefix + from..to}, numbers left-padded with zeros to {@code width} digits).
 */
record UnitRequest(String lot, List<String> serials) {
    static final int MAX_SERIALS = 100_000;

    static UnitRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body", "must be a JSON object {lot?, serials} or {lot?, serialRange}");
        }
        List<FieldError> errors = new ArrayList<>();
        String lot = null;
        JsonNode lotNode = body.get("lot");
        if (lotNode != null && !lotNode.isNull()) {
            lot = lotNode.isTextual() ? lotNode.asText() : null;
            if (!LabelUnitContract.isGs1Value(lot)) {
                errors.add(new FieldError("lot", "must be 1 to 20 characters of the GS1 character set (GS1 AI 10)"));
            }
        }
        JsonNode list = body.get("serials");
        JsonNode range = body.get("serialRange");
        boolean hasList = list != null && !list.isNull();
        boolean hasRange = range != null && !range.isNull();
        List<String> serials = List.of();
        if (hasList == hasRange) {
            errors.add(new FieldError(hasList ? "serialRange" : "serials", hasList
                    ? "give serials or serialRange, not both" : "is required (or serialRange)"));
        } else if (hasList) {
            serials = listed(list, errors);
        } else {
            serials = ranged(range, errors);
        }
        if (errors.isEmpty()) {
            duplicates(serials, errors);
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors.size() > 20 ? errors.subList(0, 20) : errors);
        }
        return new UnitRequest(lot, serials);
    }

    private static List<String> listed(JsonNode list, List<FieldError> errors) {
        if (!list.isArray() || list.isEmpty()) {
            errors.add(new FieldError("serials", "must be a non-empty array of strings"));
            return List.of();
        }
        if (list.size() > MAX_SERIALS) {
            errors.add(new FieldError("serials", "at most " + MAX_SERIALS + " per request, got " + list.size()));
            return List.of();
        }
        List<String> serials = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            String serial = s.isTextual() ? s.asText() : null;
            if (!LabelUnitContract.isGs1Value(serial)) {
                errors.add(new FieldError("serials[" + i + "]", "must be 1 to 20 characters of the GS1 character set"
                        + " (A-Z a-z 0-9 ! \" % & ' ( ) * + , - . / : ; < = > ? _), got " + s));
            }
            serials.add(serial);
        }
        return serials;
    }

    private static List<String> ranged(JsonNode range, List<FieldError> errors) {
        if (!range.isObject()) {
            errors.add(new FieldError("serialRange", "must be an object {prefix?, from, to, width?}"));
            return List.of();
        }
        String prefix = range.path("prefix").isMissingNode() || range.path("prefix").isNull() ? "" : range.get("prefix").asText();
        long from = whole(range, "from", true, errors);
        long to = whole(range, "to", true, errors);
        long width = whole(range, "width", false, errors);
        if (!errors.isEmpty()) {
            return List.of();
        }
        if (to < from) {
            errors.add(new FieldError("serialRange.to", "must not be below from"));
            return List.of();
        }
        if (to - from + 1 > MAX_SERIALS) {
            errors.add(new FieldError("serialRange", "at most " + MAX_SERIALS + " per request, got " + (to - from + 1)));
            return List.of();
        }
        List<String> serials = new ArrayList<>((int) (to - from + 1));
        String format = width > 0 ? "%0" + width + "d" : "%d";
        for (long n = from; n <= to; n++) {
            serials.add(prefix + String.format(java.util.Locale.ROOT, format, n));
        }
        for (String edge : List.of(serials.get(0), serials.get(serials.size() - 1))) {
            if (!LabelUnitContract.isGs1Value(edge)) {
                errors.add(new FieldError("serialRange", "makes serial \"" + edge + "\", which is not 1 to 20 characters"
                        + " of the GS1 character set"));
                return List.of();
            }
        }
        return serials;
    }

    private static long whole(JsonNode range, String field, boolean required, List<FieldError> errors) {
        JsonNode v = range.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(new FieldError("serialRange." + field, "is required"));
            }
            return 0;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0 || v.asLong() > 99_999_999_999_999_999L) {
            errors.add(new FieldError("serialRange." + field, "must be a whole number from 0 (at most 17 digits)"));
            return 0;
        }
        if (!required && v.asLong() > 20) {
            errors.add(new FieldError("serialRange." + field, "must be at most 20"));
        }
        return v.asLong();
    }

    private static void duplicates(List<String> serials, List<FieldError> errors) {
        Map<String, Integer> seen = new HashMap<>(serials.size() * 2);
        for (int i = 0; i < serials.size(); i++) {
            Integer first = seen.putIfAbsent(serials.get(i), i);
            if (first != null) {
                errors.add(new FieldError("serials[" + i + "]", "repeats serials[" + first + "] (\"" + serials.get(i) + "\")"));
            }
        }
    }
}
