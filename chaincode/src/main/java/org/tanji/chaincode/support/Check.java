package org.tanji.chaincode.support;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Field checks shared by the contracts. Each failure names the field, because the same message
 * reaches the user through the gateway's problem details.
 */
public final class Check {
    private static final Pattern DECIMAL = Pattern.compile("^[+-]?\\d+(\\.\\d+)?$");
    private static final Pattern UUID = Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    private static final Pattern HASH = Pattern.compile("^(sha256:[0-9a-f]{64}|sm3:[0-9a-f]{64})$");
    private static final Pattern LABEL_ID = Pattern.compile("^[A-Z2-7]{26,64}$");
    private static final Pattern TOKEN = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:/+-]{0,127}$");

    private Check() {
    }

    public static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw TanjiException.invalid(field + " is required");
        }
        if (value.length() > 4096) {
            throw TanjiException.invalid(field + " is longer than 4096 characters");
        }
        // Fabric's composite keys use U+0000 as separator and U+10FFFF as range end; control
        // characters have no place in any field either.
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (cp < 0x20 || cp == 0x7f || cp == 0x10FFFF) {
                throw TanjiException.invalid(field + " contains a control character (U+" + String.format("%04X", cp) + ")");
            }
            i += Character.charCount(cp);
        }
        return value;
    }

    /** Free text that may also become part of a ledger key (an identifier from another system, a URN). */
    public static String identifier(String field, String value) {
        required(field, value);
        if (value.length() > 512) {
            throw TanjiException.invalid(field + " is longer than 512 characters");
        }
        return value;
    }

    public static List<String> identifiers(String field, List<String> values, boolean nonEmpty) {
        List<String> checked = each(field, values, nonEmpty, Check::identifier);
        if (new java.util.HashSet<>(checked).size() != checked.size()) {
            throw TanjiException.invalid(field + " lists a value twice");
        }
        return checked;
    }

    /** Checks every element, naming it {@code field[i]} in any complaint. */
    private static List<String> each(String field, List<String> values, boolean nonEmpty,
                                     java.util.function.BiFunction<String, String, String> check) {
        if (values == null || values.isEmpty()) {
            if (nonEmpty) {
                throw TanjiException.invalid(field + " must list at least one value");
            }
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) {
            check.apply(field + "[" + i + "]", values.get(i));
        }
        return List.copyOf(values);
    }

    /** Scope entries of an accreditation: tokens, or {@code "*"} for all. */
    public static List<String> scope(String field, List<String> values) {
        return each(field, values, true, (f, v) -> "*".equals(v) ? v : token(f, v));
    }

    public static String optional(String field, String value) {
        return value == null ? null : required(field, value);
    }

    public static BigDecimal decimal(String field, String value) {
        required(field, value);
        if (!DECIMAL.matcher(value).matches()) {
            throw TanjiException.invalid(field + " must be a decimal string like \"12.5\", got \"" + value + "\"");
        }
        return new BigDecimal(value);
    }

    public static BigDecimal nonNegative(String field, String value) {
        BigDecimal d = decimal(field, value);
        if (d.signum() < 0) {
            throw TanjiException.invalid(field + " must not be negative, got " + value);
        }
        return d;
    }

    public static BigDecimal positive(String field, String value) {
        BigDecimal d = decimal(field, value);
        if (d.signum() <= 0) {
            throw TanjiException.invalid(field + " must be greater than zero, got " + value);
        }
        return d;
    }

    public static Instant instant(String field, String value) {
        required(field, value);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw TanjiException.invalid(field + " must be an RFC 3339 date-time like 2025-01-01T00:00:00Z, got \"" + value + "\"");
        }
    }

    public static void ordered(String startField, Instant start, String endField, Instant end) {
        if (!start.isBefore(end)) {
            throw TanjiException.invalid(endField + " must be after " + startField);
        }
    }

    /** Whether the text is a lower-case UUID, the form every id of the registry takes. */
    public static boolean isUuid(String value) {
        return value != null && UUID.matcher(value).matches();
    }

    public static String uuid(String field, String value) {
        required(field, value);
        if (!isUuid(value)) {
            throw TanjiException.invalid(field + " must be a lower-case UUID, got \"" + value + "\"");
        }
        return value;
    }

    public static String documentHash(String field, String value) {
        required(field, value);
        if (!HASH.matcher(value).matches()) {
            throw TanjiException.invalid(field + " must be sha256:<64 hex> or sm3:<64 hex>");
        }
        return value;
    }

    public static String labelId(String field, String value) {
        required(field, value);
        if (!LABEL_ID.matcher(value).matches()) {
            throw TanjiException.invalid(field + " must be base32 (A-Z, 2-7) of at least 26 characters (128 bits)");
        }
        return value;
    }

    public static String token(String field, String value) {
        required(field, value);
        if (!TOKEN.matcher(value).matches()) {
            throw TanjiException.invalid(field + " has characters that are not allowed: \"" + value + "\"");
        }
        return value;
    }

    public static List<String> tokens(String field, List<String> values, boolean nonEmpty) {
        return each(field, values, nonEmpty, Check::token);
    }

    /** GTIN-8/12/13/14 with a valid GS1 check digit, returned left-padded to 14 digits. */
    public static String gtin(String field, String value) {
        if (value == null) {
            return null;
        }
        if (!value.matches("^(\\d{8}|\\d{12}|\\d{13}|\\d{14})$")) {
            throw TanjiException.invalid(field + " must be a GTIN of 8, 12, 13 or 14 digits");
        }
        String padded = "0".repeat(14 - value.length()) + value;
        int sum = 0;
        for (int i = 0; i < 13; i++) {
            int digit = padded.charAt(i) - '0';
            sum += (i % 2 == 0) ? digit * 3 : digit;
        }
        int check = (10 - sum % 10) % 10;
        if (check != padded.charAt(13) - '0') {
            throw TanjiException.invalid(field + " has a wrong check digit (expected " + check + ")");
        }
        return padded;
    }
}
