package org.tanji.gateway.problem;

/** One field-level complaint inside a problem+json body. */
public record FieldError(String field, String message) {
}
