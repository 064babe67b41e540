package org.tanji.gateway.problem;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.LedgerUnavailable;
import org.tanji.gateway.ledger.MvccConflict;

/**
 * The one place where domain and ledger errors become HTTP problems. Controllers stay thin: they
 * throw, this maps. The chaincode's own messages reach the user, because they name the field.
 */
@RestControllerAdvice
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
public class ApiProblems {
    private static final Logger LOG = LoggerFactory.getLogger(ApiProblems.class);
    private static final Pattern LEADING_FIELD = Pattern.compile("^([a-z][A-Za-z0-9]*(?:[.\\[][A-Za-z0-9\\]-]+)*)[ :]");
    /**
     * Refusals besides 400s whose message starts with the field they concern, so the problem's
     * {@code errors} names it too: an {@code ALREADY_CLAIMED} names {@code certificates[i]} and the
     * claim that holds its serials.
     */
    private static final Set<String> NAMING_A_FIELD = Set.of("ALREADY_CLAIMED", "EXCEEDS_CONSUMPTION",
            "NO_CONSUMPTION", "OUTSIDE_REFERENCE_PERIOD");
    private final ErrorDialects dialects;

    public ApiProblems(ErrorDialects dialects) {
        this.dialects = dialects;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<?> api(ApiException e, ServerWebExchange exchange) {
        return respond(e.status(), e.getMessage(), e.errors(), exchange);
    }

    @ExceptionHandler(ChaincodeRejection.class)
    ResponseEntity<?> chaincode(ChaincodeRejection e, ServerWebExchange exchange) {
        HttpStatus status = switch (e.code()) {
            case "INVALID_ARGUMENT" -> HttpStatus.BAD_REQUEST;
            case "NOT_FOUND" -> HttpStatus.NOT_FOUND;
            case "ALREADY_EXISTS", "CONFLICT", "ALREADY_CLAIMED" -> HttpStatus.CONFLICT;
            case "ACCESS_DENIED", "NOT_ACCREDITED" -> HttpStatus.FORBIDDEN;
            case "INTEGRITY" -> HttpStatus.INTERNAL_SERVER_ERROR;
            default -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
        if (status == HttpStatus.INTERNAL_SERVER_ERROR) {
            LOG.error("the ledger holds a value that fails its check: {}", e.getMessage());
        }
        List<FieldError> errors = List.of();
        if (status == HttpStatus.BAD_REQUEST || NAMING_A_FIELD.contains(e.code())) {
            Matcher m = LEADING_FIELD.matcher(e.getMessage());
            errors = List.of(new FieldError(m.find() ? m.group(1) : "body", e.getMessage()));
        }
        ResponseEntity<?> response = respond(status, e.getMessage(), errors, HttpHeaders.EMPTY, exchange);
        if (response.getBody() instanceof ProblemDetail problem) {
            problem.setProperty("code", e.code());
        }
        return response;
    }

    @ExceptionHandler(MvccConflict.class)
    ResponseEntity<?> conflict(MvccConflict e, ServerWebExchange exchange) {
        return respond(HttpStatus.CONFLICT, "a concurrent transaction changed the same record first (MVCC read conflict, tx "
                + e.txId() + "); read it again and retry", List.of(), exchange);
    }

    @ExceptionHandler(LedgerUnavailable.class)
    ResponseEntity<?> unavailable(LedgerUnavailable e, ServerWebExchange exchange) {
        LOG.warn("ledger unavailable: {}", e.getMessage(), e);
        return respond(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), List.of(), exchange);
    }

    @ExceptionHandler(DataBufferLimitException.class)
    ResponseEntity<?> tooLarge(DataBufferLimitException e, ServerWebExchange exchange) {
        return respond(HttpStatus.CONTENT_TOO_LARGE, "the request body is larger than 1 MiB",
                List.of(new FieldError("body", "at most 1 MiB")), exchange);
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<?> status(ResponseStatusException e, ServerWebExchange exchange) {
        Throwable root = e.getMostSpecificCause();
        if (root instanceof DataBufferLimitException limit || e.getStatusCode().value() == 413) {
            return tooLarge(root instanceof DataBufferLimitException l ? l : new DataBufferLimitException("too large"), exchange);
        }
        HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
        String reason = e.getReason() == null ? (status == null ? "request failed" : status.getReasonPhrase()) : e.getReason();
        List<FieldError> errors = e instanceof ServerWebInputException ? List.of(new FieldError("body", reason)) : List.of();
        // The headers say what would have been accepted: Allow for a 405, Accept for a 415.
        return respond(status == null ? HttpStatus.BAD_REQUEST : status, reason, errors, e.getHeaders(), exchange);
    }

    private ResponseEntity<?> respond(HttpStatus status, String detail, List<FieldError> errors, ServerWebExchange exchange) {
        return respond(status, detail, errors, HttpHeaders.EMPTY, exchange);
    }

    private ResponseEntity<?> respond(HttpStatus status, String detail, List<FieldError> errors, HttpHeaders headers,
                                      ServerWebExchange exchange) {
        Optional<ErrorDialect> dialect = dialects.of(exchange.getRequest().getPath().pathWithinApplication().value());
        if (dialect.isPresent()) {
            return dialect.get().respond(status, detail, headers, exchange);
        }
        ProblemDetail problem = Problems.of(status, detail, errors);
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        return ResponseEntity.status(status).headers(headers)
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
