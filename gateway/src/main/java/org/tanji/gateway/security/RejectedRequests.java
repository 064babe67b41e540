package org.tanji.gateway.security;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.ServerWebExchange;
import org.tanji.gateway.label.DigitalLinkPageController;
import org.tanji.gateway.problem.ErrorDialect;
import org.tanji.gateway.problem.ErrorDialects;

import reactor.core.publisher.Mono;

/**
 * What a request the firewall refuses gets (an encoded NUL, slash or line break in the path, a
 * control character in a header, …): a clear 400 in the form its path speaks, instead of the
 * firewall's empty one. A scanned label link gets the verification page's "not valid" state;
 * anything else the error form of its path ({@link ErrorDialects}: PACT's {@code {code, message}},
 * else problem+json). The firewall's message names the rule, never the request's text.
 */
final class RejectedRequests implements ServerExchangeRejectedHandler {
    private final DigitalLinkPageController labelPages;
    private final ErrorDialects dialects;

    RejectedRequests(DigitalLinkPageController labelPages, ErrorDialects dialects) {
        this.labelPages = labelPages;
        this.dialects = dialects;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException e) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (DigitalLinkPageController.isScanPath(path)) {
            return labelPages.notValid(exchange, "the link holds characters no label code has");
        }
        ErrorDialect.Written error = dialects.written(HttpStatus.BAD_REQUEST, "the request was refused: " + e.getMessage(), path);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.BAD_REQUEST);
        response.getHeaders().set("Content-Type", error.contentType());
        return response.writeWith(Mono.just(response.bufferFactory().wrap(error.bytes())));
    }
}
