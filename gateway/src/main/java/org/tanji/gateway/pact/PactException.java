package org.tanji.gateway.pact;

import org.springframework.http.HttpStatus;

/** A PACT request refused with a status and PACT error code; {@link PactEndpoint} renders it. */
public class PactException extends RuntimeException {
    private final HttpStatus status;
    private final String code;

    public PactException(HttpStatus status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static PactException badRequest(String message) {
        return new PactException(HttpStatus.BAD_REQUEST, PactError.BAD_REQUEST, message);
    }

    static PactException notFound(String message) {
        return new PactException(HttpStatus.NOT_FOUND, PactError.NOT_FOUND, message);
    }

    static PactException accessDenied(String message) {
        return new PactException(HttpStatus.FORBIDDEN, PactError.ACCESS_DENIED, message);
    }

    public HttpStatus status() {
        return status;
    }

    public PactError error() {
        return new PactError(code, getMessage());
    }
}
