package org.tanji.chaincode.factor;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.tanji.chaincode.support.TanjiException;

/**
 * The days a published set or benchmark applies to, both ends inclusive, as ISO dates (UTC). Grid
 * factors are republished per calendar year, so a day is the natural grain; an open end means
 * "until superseded".
 */
public record Validity(LocalDate from, LocalDate to) {

    /** Parses and orders {@code validFrom} / {@code validTo}; each complaint names its field. */
    public static Validity of(String validFrom, String validTo) {
        LocalDate from = date("validFrom", validFrom);
        LocalDate to = validTo == null ? null : date("validTo", validTo);
        if (to != null && to.isBefore(from)) {
            throw TanjiException.invalid("validTo (" + validTo + ") must not be before validFrom (" + validFrom + ")");
        }
        return new Validity(from, to);
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(from) && (to == null || !day.isAfter(to));
    }

    /** The UTC day of a transaction timestamp: every endorser agrees on it, whatever its time zone. */
    public static LocalDate dayOf(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    public static LocalDate date(String field, String value) {
        if (value == null || value.isBlank()) {
            throw TanjiException.invalid(field + " is required");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw TanjiException.invalid(field + " must be an ISO date like 2025-01-01, got \"" + value + "\"");
        }
    }
}
