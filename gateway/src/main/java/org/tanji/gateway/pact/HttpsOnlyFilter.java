package org.tanji.gateway.pact;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * PACT paths ({@code /3/**}, {@code /2/**}) never answer over plain HTTP: partners' tokens and
 * footprints must not cross the network in clear. It runs before the security chain so that even
 * a request with a token is refused before the token is looked at; the answer is a PACT
 * {@code BadRequest} that says to use HTTPS. {@code /auth/token} is not covered: PACT's conformance
 * checks swap the scheme on the HTTPS port and expect the token endpoint on both.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class HttpsOnlyFilter implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (exchange.getRequest().getSslInfo() == null && isPact(path)) {
            return new PactError(PactError.BAD_REQUEST, "PACT endpoints are served over HTTPS only; call https:// on the"
                    + " registry's TLS port (TANJI_TLS_PORT)").write(exchange, HttpStatus.BAD_REQUEST);
        }
        return chain.filter(exchange);
    }

    static boolean isPact(String path) {
        return path.equals("/3") || path.equals("/2") || path.startsWith("/3/") || path.startsWith("/2/");
    }
}
