package org.tanji.gateway.pact;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.problem.ErrorDialect;

import reactor.core.publisher.Mono;

/**
 * PACT's {@code {code, message}} for the errors under {@code /3/**} and {@code /2/**} that no PACT
 * controller answers itself ({@link PactEndpoint} answers those): a path or a method PACT does not have,
 * an {@code Accept} it cannot serve, a body over the size limit. The application's error advice decides
 * their status and asks this dialect for the body; anything that still reaches the web layer on a PACT
 * path (an error raised outside any controller) is answered here too, before Spring Boot's JSON error
 * page, so a partner never sees another shape. A client's mistake keeps its 4xx; only a failure of the
 * registry itself is a 500 {@code InternalError}.
 */
@Component
@Order(-2)
public class PactErrors implements ErrorDialect, WebExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PactErrors.class);

    @Override
    public boolean speaks(String path) {
        return HttpsOnlyFilter.isPact(path);
    }

    @Override
    public ResponseEntity<?> respond(HttpStatus status, String detail, HttpHeaders headers, ServerWebExchange exchange) {
        return new PactError(PactError.codeFor(status), message(status, detail, headers, exchange))
                .response(status, headers, PactEndpoint.path(exchange));
    }

    @Override
    public Written written(HttpStatus status, String detail, String path) {
        return new Written("application/json", CanonicalJson.bytes(new PactError(PactError.codeFor(status), detail).forPath(path)));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (!speaks(PactEndpoint.path(exchange)) || exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        HttpStatus status;
        HttpHeaders headers = HttpHeaders.EMPTY;
        String detail;
        if (ex instanceof DataBufferLimitException || ex.getCause() instanceof DataBufferLimitException) {
            status = HttpStatus.CONTENT_TOO_LARGE;
            detail = null;
        } else if (ex instanceof ResponseStatusException e && HttpStatus.resolve(e.getStatusCode().value()) != null) {
            status = HttpStatus.valueOf(e.getStatusCode().value());
            headers = e.getHeaders();
            detail = e.getReason();
        } else {
            LOG.error("PACT request {} {} failed", exchange.getRequest().getMethod(), PactEndpoint.path(exchange), ex);
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            detail = null;
        }
        exchange.getResponse().getHeaders().putAll(headers);
        return new PactError(PactError.codeFor(status), message(status, detail, headers, exchange)).write(exchange, status);
    }

    /** What went wrong in words a PACT partner can act on; the framework's own reasons name its internals. */
    static String message(HttpStatus status, String detail, HttpHeaders headers, ServerWebExchange exchange) {
        String path = PactEndpoint.path(exchange);
        return switch (status) {
            case NOT_FOUND -> "there is no PACT endpoint " + path + "; this registry serves /3/footprints, /3/footprints/{id}"
                    + " and /3/events, and /2/… for PACT v2.3";
            case METHOD_NOT_ALLOWED -> exchange.getRequest().getMethod() + " is not allowed on " + path
                    + (headers.getAllow().isEmpty() ? "" : "; use " + headers.getAllow());
            case NOT_ACCEPTABLE -> path + " answers application/json, which the request's Accept header ("
                    + exchange.getRequest().getHeaders().getFirst(HttpHeaders.ACCEPT) + ") does not allow";
            case UNSUPPORTED_MEDIA_TYPE -> "the request's Content-Type (" + exchange.getRequest().getHeaders().getContentType()
                    + ") is not accepted on " + path
                    + (headers.getAccept().isEmpty() ? "" : "; send " + headers.getAccept());
            case CONTENT_TOO_LARGE -> "the request body is larger than 1 MiB";
            case INTERNAL_SERVER_ERROR -> "the registry could not answer; try again later";
            default -> detail == null || detail.isBlank() ? status.getReasonPhrase() : detail;
        };
    }
}
