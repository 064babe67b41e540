package org.tanji.gateway.label;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * {@code GET /l/{labelId}}: the page a consumer sees after scanning. Server-rendered, no script,
 * small enough to open at once on a phone.
 *
 * <p>It is the hottest page of the registry. On the main port {@link LabelPageRoute} answers it in
 * Reactor Netty, ahead of WebFlux; this web filter answers it where that route does not run (the
 * HTTPS port), right after the public rate limit, from the same bytes rendered once per label state,
 * without the security filter chain and the dispatcher (a public page needs neither). A link with a
 * query (a signed QR link) goes on to {@link DigitalLinkPageController}, which checks the code itself.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class LabelPageController implements WebFilter {
    private static final String PREFIX = "/l/";
    private final LabelPages pages;

    public LabelPageController(LabelPages pages) {
        this.pages = pages;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String labelId = labelIdIn(request.getPath().value());
        if (labelId == null || request.getURI().getRawQuery() != null
                || !(HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod()))) {
            return chain.filter(exchange);
        }
        return pages.write(labelId, exchange.getResponse());
    }

    /** The label id of a path {@code /l/{labelId}} (raw, without query), or null for any other path. */
    static String labelIdIn(String path) {
        if (!path.startsWith(PREFIX) || path.length() == PREFIX.length() || path.indexOf('/', PREFIX.length()) >= 0) {
            return null;
        }
        return path.substring(PREFIX.length());
    }
}
