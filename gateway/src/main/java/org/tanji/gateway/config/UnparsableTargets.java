package org.tanji.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.function.BiFunction;

import org.reactivestreams.Publisher;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.tanji.gateway.problem.ErrorDialect;
import org.tanji.gateway.problem.ErrorDialects;

import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * A request target that is not a URI ({@code ?geography=%ZZ}, a raw {@code |} or space): WebFlux's
 * Reactor adapter cannot build its request and answers an empty 400 before any of the application
 * runs. Here it gets a 400 the caller can read instead, in the form its path speaks ({@link ErrorDialects}:
 * PACT's {@code {code, message}} under {@code /3} and {@code /2}, problem+json elsewhere). On the main port
 * this is a Netty route ahead of WebFlux; the HTTPS port wraps its adapter with {@link #guard}.
 *
 * <p>Every request passes the check, so it scans the target once and parses it as a URI only when a
 * character is one a URI may not hold as it stands.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class UnparsableTargets implements NettyRouteProvider {
    private final ErrorDialects dialects;

    public UnparsableTargets(ErrorDialects dialects) {
        this.dialects = dialects;
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes.route(request -> unparsable(request.uri()), this::answer);
    }

    /** The adapter, with unparsable targets answered before it sees them. */
    public BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> guard(
            BiFunction<HttpServerRequest, HttpServerResponse, ? extends Publisher<Void>> adapter) {
        return (request, response) -> unparsable(request.uri()) ? answer(request, response) : adapter.apply(request, response);
    }

    /** Whether {@code java.net.URI} refuses the target, as WebFlux's adapter would. */
    static boolean unparsable(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0;
            if (!plain && !(c == '%' && i + 2 < target.length() && hex(target.charAt(i + 1)) && hex(target.charAt(i + 2)))) {
                try {
                    new URI("http://h" + (target.startsWith("/") ? "" : "/") + target);
                    return false;
                } catch (URISyntaxException e) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
        String target = request.uri();
        int q = target.indexOf('?');
        ErrorDialect.Written error = dialects.written(HttpStatus.BAD_REQUEST, "the request target is not a valid URI: an"
                + " unencoded character or a malformed %-escape; percent-encode it as RFC 3986 says", q < 0 ? target : target.substring(0, q));
        return response.status(HttpResponseStatus.BAD_REQUEST)
                .header("Content-Type", error.contentType())
                .header("Content-Length", Integer.toString(error.bytes().length))
                .header("X-Content-Type-Options", "nosniff")
                .sendByteArray(Mono.just(error.bytes())).then();
    }
}
