package org.tanji.gateway.security;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.tanji.gateway.config.TanjiProperties;
import org.tanji.gateway.problem.Problems;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import reactor.core.publisher.Mono;

/**
 * Limits the public endpoints (label pages, verification, token) per client address, so a
 * scraper or a brute-force of secrets cannot starve consumers. Buckets are forgotten after ten
 * idle minutes; no address is stored anywhere else.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class PublicRateLimiter implements WebFilter {
    private static final AntPathMatcher PATHS = new AntPathMatcher();
    private static final String[] LIMITED = {"/auth/token", "/l/**", "/01/**", "/api/v1/labels/*/verification",
        "/api/v1/labels/verify", "/api/v1/labels/*/qr.png", "/api/v1/labels/*/qr.svg", "/api/v1/labels/*/artwork.svg",
        "/api/v1/labels/*/certificate.pdf", "/.well-known/tanji/**"};
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();
    private final int perSecond;

    public PublicRateLimiter(TanjiProperties properties) {
        this.perSecond = properties.publicRateLimit();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (admits(exchange.getRequest().getPath().value(), exchange.getRequest().getRemoteAddress())) {
            return chain.filter(exchange);
        }
        exchange.getResponse().getHeaders().set("Retry-After", "1");
        return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "too many requests from your address; retry in a second",
                Map.of());
    }

    /**
     * Whether a request for {@code path} from {@code remote} may go on, taking one of the address's
     * tokens if the path is limited. Also asked by the label page's Netty route, which falls back to
     * this filter (and its 429) when the answer is no; a refusal takes no token.
     */
    public boolean admits(String path, InetSocketAddress remote) {
        if (perSecond == 0) {
            return true;
        }
        boolean limited = false;
        for (String pattern : LIMITED) {
            if (PATHS.match(pattern, path)) {
                limited = true;
                break;
            }
        }
        if (!limited) {
            return true;
        }
        String client = remote == null ? "unknown" : remote.getAddress().getHostAddress();
        int burst = path.equals("/auth/token") ? Math.max(20, perSecond / 20) : perSecond;
        Bucket bucket = buckets.get(client + (path.equals("/auth/token") ? "#token" : ""), k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(burst, Duration.ofSeconds(1)).build()).build());
        return bucket.tryConsume(1);
    }
}
