package org.tanji.gateway.pact;

import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.tanji.chaincode.support.CanonicalJson;

import reactor.core.publisher.Mono;

/**
 * PACT's error body, {@code {code, message}}, which PACT paths answer instead of problem+json
 * because partners' conformance tools parse exactly this shape.
 *
 * @param code    one of PACT's codes: {@code BadRequest}, {@code AccessDenied}, {@code TokenExpired},
 *                {@code NotFound}, {@code InternalError}, {@code NotImplemented}
 * @param message what went wrong, for a person
 */
public record PactError(String code, String message) {
    public static final String BAD_REQUEST = "BadRequest";
    public static final String ACCESS_DENIED = "AccessDenied";
    public static final String TOKEN_EXPIRED = "TokenExpired";
    public static final String NOT_FOUND = "NotFound";
    public static final String INTERNAL_ERROR = "InternalError";

    /** The code PACT pairs with a status, for errors raised without one. */
    static String codeFor(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> NOT_FOUND;
            case FORBIDDEN -> ACCESS_DENIED;
            case UNAUTHORIZED -> TOKEN_EXPIRED;
            default -> status.is5xxServerError() ? INTERNAL_ERROR : BAD_REQUEST;
        };
    }

    ResponseEntity<byte[]> response(HttpStatus status) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(CanonicalJson.bytes(this));
    }

    /** Writes the error directly, for filters that answer before any controller runs. */
    Mono<Void> write(ServerWebExchange exchange, HttpStatus status) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body = CanonicalJson.string(this).getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
