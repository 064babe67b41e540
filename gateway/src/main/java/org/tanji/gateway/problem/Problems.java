package org.tanji.gateway.problem;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds RFC 9457 problem details. Used by {@link ApiProblems} for controller errors and by the
 * security filters, which answer before any controller runs.
 */
public final class Problems {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String detail, List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    /** Writes a problem directly to the response, for filters that run outside controllers. */
    public static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail, Map<String, Object> extra) {
        // Written by hand rather than through ProblemDetail: filters run before the codecs that
        // know how to flatten its extension members.
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = bytes(status, detail, exchange.getRequest().getPath().value(), extra);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    /** A problem's JSON, for answers written below WebFlux. */
    public static byte[] bytes(HttpStatus status, String detail, String instance, Map<String, Object> extra) {
        Map<String, Object> problem = new java.util.LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", instance);
        problem.putAll(extra);
        return JSON.writeValueAsBytes(problem);
    }
}
