package org.tanji.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import com.nimbusds.jose.jwk.source.ImmutableSecret;

/** The decoder cache answers a verified token from memory until its exp, and never after. */
class CachingJwtDecoderTest {
    private final SecretKeySpec key = new SecretKeySpec("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII),
            "HmacSHA256");
    private final AtomicInteger verifications = new AtomicInteger();
    private Instant now = Instant.parse("2026-11-22T08:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private ReactiveJwtDecoder decoder() {
        NimbusReactiveJwtDecoder real = NimbusReactiveJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        real.setJwtValidator(JwtValidators.createDefaultWithIssuer(TokenService.ISSUER));
        ReactiveJwtDecoder counting = token -> {
            verifications.incrementAndGet();
            return real.decode(token);
        };
        return new CachingJwtDecoder(counting, clock);
    }

    private String token(Instant expiresAt) {
        return new NimbusJwtEncoder(new ImmutableSecret<>(key)).encode(JwtEncoderParameters.from(
                JwsHeader.with(MacAlgorithm.HS256).build(),
                JwtClaimsSet.builder().issuer(TokenService.ISSUER).subject("c").issuedAt(expiresAt.minusSeconds(3600))
                        .expiresAt(expiresAt).build())).getTokenValue();
    }

    @Test
    void aVerifiedTokenIsAnsweredFromMemoryUntilItsExpiry() {
        ReactiveJwtDecoder decoder = decoder();
        // Real time for the real validator: a token valid for another half hour.
        now = Instant.now();
        String token = token(now.plus(Duration.ofMinutes(30)));
        for (int i = 0; i < 5; i++) {
            assertThat(decoder.decode(token).block().getSubject()).isEqualTo("c");
        }
        assertThat(verifications).hasValue(1);

        // Past its exp the cache no longer answers: the token is checked again.
        now = now.plus(Duration.ofMinutes(31));
        decoder.decode(token).block();
        assertThat(verifications).hasValue(2);
    }

    @Test
    void refusedTokensAreNeverRemembered() {
        ReactiveJwtDecoder decoder = decoder();
        now = Instant.now();
        String expired = token(now.minus(Duration.ofHours(2)));
        String[] parts = token(now.plus(Duration.ofMinutes(30))).split("\\.");
        String otherSubject = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"sub\":\"c\"", "\"sub\":\"admin\"").getBytes(StandardCharsets.UTF_8));
        assertThat(otherSubject).isNotEqualTo(parts[1]);
        String forged = parts[0] + "." + otherSubject + "." + parts[2];
        for (String bad : new String[] {expired, forged, "not-a-jwt"}) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> decoder.decode(bad).block()).isInstanceOf(JwtException.class);
            }
        }
        assertThat(verifications).hasValue(6);
    }
}
