package org.tanji.gateway.pact;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.problem.ApiException;

/**
 * Base of the PACT controllers. Its handlers are the controllers' own, so they take precedence over
 * the application-wide problem+json advice: every PACT error is PACT's {@code {code, message}}.
 */
abstract class PactEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(PactEndpoint.class);

    @ExceptionHandler(PactException.class)
    ResponseEntity<byte[]> pact(PactException e, ServerWebExchange exchange) {
        return e.error().response(e.status(), path(exchange));
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<byte[]> api(ApiException e, ServerWebExchange exchange) {
        return new PactError(PactError.codeFor(e.status()), e.getMessage()).response(e.status(), path(exchange));
    }

    @ExceptionHandler(ChaincodeRejection.class)
    ResponseEntity<byte[]> rejected(ChaincodeRejection e, ServerWebExchange exchange) {
        HttpStatus status = switch (e.code()) {
            case "NOT_FOUND" -> HttpStatus.NOT_FOUND;
            case "ACCESS_DENIED", "NOT_ACCREDITED" -> HttpStatus.FORBIDDEN;
            case "ALREADY_EXISTS", "CONFLICT" -> HttpStatus.CONFLICT;
            default -> HttpStatus.BAD_REQUEST;
        };
        return new PactError(PactError.codeFor(status), e.getMessage()).response(status, path(exchange));
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<byte[]> status(ResponseStatusException e, ServerWebExchange exchange) {
        if (e.getMostSpecificCause() instanceof org.springframework.core.io.buffer.DataBufferLimitException limit) {
            return tooLarge(limit, exchange);
        }
        HttpStatus status = HttpStatus.valueOf(e.getStatusCode().value());
        return new PactError(PactError.codeFor(status), e.getReason() == null ? status.getReasonPhrase() : e.getReason())
                .response(status, path(exchange));
    }

    /** A body over the size limit, met while a controller reads it: the client's mistake, not a failure. */
    @ExceptionHandler(org.springframework.core.io.buffer.DataBufferLimitException.class)
    ResponseEntity<byte[]> tooLarge(org.springframework.core.io.buffer.DataBufferLimitException e, ServerWebExchange exchange) {
        return new PactError(PactError.BAD_REQUEST, PactErrors.message(HttpStatus.CONTENT_TOO_LARGE, null,
                org.springframework.http.HttpHeaders.EMPTY, exchange)).response(HttpStatus.CONTENT_TOO_LARGE, path(exchange));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> unexpected(Exception e, ServerWebExchange exchange) {
        LOG.error("PACT request failed", e);
        return new PactError(PactError.INTERNAL_ERROR, "the registry could not answer; try again later")
                .response(HttpStatus.INTERNAL_SERVER_ERROR, path(exchange));
    }

    static String path(ServerWebExchange exchange) {
        return exchange.getRequest().getPath().pathWithinApplication().value();
    }
}
