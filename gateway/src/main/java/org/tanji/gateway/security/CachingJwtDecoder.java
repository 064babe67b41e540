package org.tanji.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import reactor.core.publisher.Mono;

/**
 * Remembers tokens it has already verified, until they expire. A client sends the same token with
 * every call for its whole life, and checking its MAC and claims again each time was a tenth of a
 * footprint submission's CPU. Only tokens that passed the full check are remembered, and each is
 * forgotten at its own {@code exp}, so an expired token is checked again and refused.
 */
final class CachingJwtDecoder implements ReactiveJwtDecoder {
    private final ReactiveJwtDecoder delegate;
    private final Clock clock;
    private final Cache<String, Jwt> verified;

    CachingJwtDecoder(ReactiveJwtDecoder delegate, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
        this.verified = Caffeine.newBuilder().maximumSize(10_000).expireAfter(new Expiry<String, Jwt>() {
            @Override
            public long expireAfterCreate(String token, Jwt jwt, long now) {
                return remaining(jwt);
            }

            @Override
            public long expireAfterUpdate(String token, Jwt jwt, long now, long current) {
                return remaining(jwt);
            }

            @Override
            public long expireAfterRead(String token, Jwt jwt, long now, long current) {
                return current;
            }
        }).build();
    }

    private long remaining(Jwt jwt) {
        Instant exp = jwt.getExpiresAt();
        return exp == null ? 0 : Math.max(0, Duration.between(clock.instant(), exp).toNanos());
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Jwt known = verified.getIfPresent(token);
        if (known != null && known.getExpiresAt() != null && clock.instant().isBefore(known.getExpiresAt())) {
            return Mono.just(known);
        }
        return delegate.decode(token).doOnNext(jwt -> verified.put(token, jwt));
    }
}
