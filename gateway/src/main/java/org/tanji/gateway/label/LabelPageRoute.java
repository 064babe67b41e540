package org.tanji.gateway.label;

import java.util.Map;

import org.reactivestreams.Publisher;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.stereotype.Component;
import org.tanji.gateway.ledger.LedgerException;
import org.tanji.gateway.security.PublicRateLimiter;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * {@code GET /l/{labelId}} on the main port, answered by Reactor Netty itself, ahead of WebFlux.
 *
 * <p>The page is pre-rendered bytes per label state ({@link LabelVerifier#page}), so what a scan cost
 * was mostly WebFlux around it: the request adapter (which parses a {@code java.net.URI}), the
 * exchange, the observation lookup and the web filter chain. A profile under wrk put that at about a
 * third of the server's CPU. This route does only what {@link LabelPageController} did in the filter
 * chain: the public rate limit, the cached page (counted as a scan), the same status and headers, and
 * the same 503 page when the ledger cannot be read.
 *
 * <p>Anything else goes on to WebFlux unchanged: other paths and methods, a link with a query (a
 * signed QR link), and a request the rate limit refuses, which {@link PublicRateLimiter}'s filter then
 * answers with its 429 problem. The HTTPS port has no Netty routes and serves the page through
 * {@link LabelPageController}.
 */
@Component
public class LabelPageRoute implements NettyRouteProvider {
    private final LabelPages pages;
    private final PublicRateLimiter limiter;

    public LabelPageRoute(LabelPages pages, PublicRateLimiter limiter) {
        this.pages = pages;
        this.limiter = limiter;
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes.route(this::serves, this::serve);
    }

    /** A plain label page that the rate limit admits (taking one of the address's tokens). */
    private boolean serves(HttpServerRequest request) {
        HttpMethod method = request.method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            return false;
        }
        String uri = request.uri();
        return uri.indexOf('?') < 0 && LabelPageController.labelIdIn(uri) != null
                && limiter.admits(uri, request.remoteAddress());
    }

    private Publisher<Void> serve(HttpServerRequest request, HttpServerResponse response) {
        String labelId = LabelPageController.labelIdIn(request.uri());
        return pages.page(labelId)
                .flatMap(page -> send(response, HttpResponseStatus.valueOf(LabelPages.status(page).value()), page.html()))
                .onErrorResume(LedgerException.class, e -> {
                    LabelPages.logUnavailable(labelId, e);
                    response.header("Retry-After", LabelPages.RETRY_AFTER_SECONDS);
                    return send(response, HttpResponseStatus.SERVICE_UNAVAILABLE, pages.unavailable());
                });
    }

    private static Mono<Void> send(HttpServerResponse response, HttpResponseStatus status, byte[] html) {
        response.status(status);
        response.header("Content-Length", Integer.toString(html.length));
        for (Map.Entry<String, String> h : LabelPages.HEADERS.entrySet()) {
            response.header(h.getKey(), h.getValue());
        }
        return response.sendByteArray(Mono.just(html)).then();
    }
}
