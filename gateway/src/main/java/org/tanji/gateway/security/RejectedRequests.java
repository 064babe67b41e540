package org.tanji.gateway.security;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.ServerWebExchange;
import org.tanji.gateway.label.DigitalLinkPageController;
import org.tanji.gateway.pact.HttpsOnlyFilter;
import org.tanji.gateway.pact.PactError;
import org.tanji.gateway.problem.Problems;

import reactor.core.publisher.Mono;

/**
 * What a request the firewall refuses gets (an encoded NUL, slash or line break in the path, a
 * control character in a header, …): a clear 400 in the form its path speaks, instead of the
 * firewall's empty one. A scanned label link gets the verification page's "not valid" state,
 * a PACT path PACT's {@code {code, message}}, anything else problem+json. The firewall's message
 * names the rule, never the request's text.
 */
final class RejectedRequests implements ServerExchangeRejectedHandler {
    private final DigitalLinkPageController labelPages;

    RejectedRequests(DigitalLinkPageController labelPages) {
        this.labelPages = labelPages;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException e) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (DigitalLinkPageController.isScanPath(path)) {
            return labelPages.notValid(exchange, "the link holds characters no label code has");
        }
        String why = "the request was refused: " + e.getMessage();
        if (HttpsOnlyFilter.isPact(path)) {
            return new PactError(PactError.BAD_REQUEST, why).write(exchange, HttpStatus.BAD_REQUEST);
        }
        return Problems.write(exchange, HttpStatus.BAD_REQUEST, why, Map.of());
    }
}
