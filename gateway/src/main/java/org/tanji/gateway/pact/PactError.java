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
 * <p>The codes are exactly the spec's enum ({@code Error.code} in PACT v3's OpenAPI), so a partner
 * that validates error bodies against the schema accepts every one: {@code BadRequest} (400, and also
 * a missing or invalid token and a throttled event, which have no code of their own), {@code
 * AccessDenied} (403), {@code TokenExpired} (401, only for a token whose lifetime has passed), {@code
 * NotFound} (404), {@code InternalError} (500) and {@code NotImplemented}. PACT v2.x named a missing
 * footprint {@code NoSuchFootprint}; answers on {@code /2/} paths use that name.
 *
 * @param code    one of PACT's codes
 * @param message what went wrong, for a person
 */
public record PactError(String code, String message) {
    public static final String BAD_REQUEST = "BadRequest";
    public static final String ACCESS_DENIED = "AccessDenied";
    public static final String TOKEN_EXPIRED = "TokenExpired";
    public static final String NOT_FOUND = "NotFound";
    public static final String INTERNAL_ERROR = "InternalError";
    public static final String NOT_IMPLEMENTED = "NotImplemented";
    /** PACT v2.x's name for {@link #NOT_FOUND}. */
    static final String NO_SUCH_FOOTPRINT = "NoSuchFootprint";

    /** The code PACT pairs with a status, for errors raised without one. */
    static String codeFor(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> NOT_FOUND;
            case FORBIDDEN -> ACCESS_DENIED;
            case NOT_IMPLEMENTED -> NOT_IMPLEMENTED;
            default -> status.is5xxServerError() ? INTERNAL_ERROR : BAD_REQUEST;
        };
    }

    /** This error as the PACT version of the path names it: v2.x paths ({@code /2/…}) say {@code NoSuchFootprint}. */
    PactError forPath(String path) {
        return NOT_FOUND.equals(code) && PactVersion.of(path) == PactVersion.V2 ? new PactError(NO_SUCH_FOOTPRINT, message) : this;
    }

    ResponseEntity<byte[]> response(HttpStatus status, String path) {
        return response(status, org.springframework.http.HttpHeaders.EMPTY, path);
    }

    /** As {@link #response(HttpStatus, String)}, with the headers the error carries ({@code Allow} for a 405). */
    ResponseEntity<byte[]> response(HttpStatus status, org.springframework.http.HttpHeaders headers, String path) {
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_JSON)
                .body(CanonicalJson.bytes(forPath(path)));
    }

    /** Writes the error directly, for filters that answer before any controller runs. */
    Mono<Void> write(ServerWebExchange exchange, HttpStatus status) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body = CanonicalJson.string(forPath(exchange.getRequest().getPath().pathWithinApplication().value()))
                .getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
