package org.tanji.gateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.jwt.Jwt;
import org.tanji.gateway.config.TanjiProperties;
import org.tanji.gateway.problem.Problems;

import com.nimbusds.jose.jwk.source.ImmutableSecret;

import reactor.core.publisher.Mono;

/**
 * Who may call what. Public paths (label verification, discovery, health, API docs) need no token;
 * every other call carries a Bearer JWT from {@code /auth/token}, and writes are limited by role.
 * The chaincode checks again on the ledger: this layer only answers early.
 */
@Configuration
@EnableWebFluxSecurity
public class SecurityConfig {
    static final String[] PUBLIC = {
        "/auth/token", "/l/**", "/01/**", "/api/v1/labels/*/verification", "/api/v1/labels/verify", "/api/v1/labels/*/qr.png",
        "/api/v1/labels/*/qr.svg", "/api/v1/labels/*/artwork.svg", "/api/v1/labels/*/certificate.pdf", "/.well-known/**",
        "/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
        "/swagger-ui/**", "/webjars/**", "/favicon.ico", "/css/**", "/"
    };

    /**
     * Public paths (label scans, discovery, health, docs) carry no credentials: a short chain with
     * only the response headers, since a scan is the hottest path and needs nothing else.
     */
    @Bean
    @org.springframework.core.annotation.Order(1)
    SecurityWebFilterChain publicChain(ServerHttpSecurity http) {
        return http
                .securityMatcher(ServerWebExchangeMatchers.pathMatchers(PUBLIC))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .requestCache(c -> c.requestCache(org.springframework.security.web.server.savedrequest.NoOpServerRequestCache.getInstance()))
                .securityContextRepository(org.springframework.security.web.server.context.NoOpServerSecurityContextRepository.getInstance())
                .headers(h -> h.cache(ServerHttpSecurity.HeaderSpec.CacheSpec::disable))
                .authorizeExchange(ex -> ex.anyExchange().permitAll())
                .build();
    }

    @Bean
    @org.springframework.core.annotation.Order(2)
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
        ServerAuthenticationEntryPoint unauthenticated = (exchange, ex) -> {
            exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer");
            return Problems.write(exchange, HttpStatus.UNAUTHORIZED,
                    "a valid, unexpired Bearer token is required (POST /auth/token)", Map.of());
        };
        ServerAccessDeniedHandler denied = (exchange, ex) -> Problems.write(exchange, HttpStatus.FORBIDDEN,
                "your client's role may not perform this request", Map.of());
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                // Stateless: every call carries its Bearer token. The default repository asked
                // for a WebSession on every request, which created one on another thread.
                .securityContextRepository(org.springframework.security.web.server.context.NoOpServerSecurityContextRepository.getInstance())
                .requestCache(c -> c.requestCache(org.springframework.security.web.server.savedrequest.NoOpServerRequestCache.getInstance()))
                .authorizeExchange(ex -> ex
                        .pathMatchers(HttpMethod.POST, "/api/v1/accreditations/**").hasRole(Role.REGISTRY_ADMIN.wireName())
                        .pathMatchers(HttpMethod.POST, "/api/v1/certifications/**")
                        .hasAnyRole(Role.CERTIFIER.wireName(), Role.REGISTRY_ADMIN.wireName())
                        .pathMatchers(HttpMethod.POST, "/api/v1/footprints/**")
                        .hasAnyRole(Role.CERTIFIER.wireName(), Role.COMPANY.wireName())
                        .pathMatchers(HttpMethod.POST, "/api/v1/factor-sets/**", "/api/v1/benchmarks/**")
                        .hasRole(Role.REGISTRY_ADMIN.wireName())
                        .pathMatchers(HttpMethod.POST, "/api/v1/calculations/**", "/api/v1/green-certificates/**")
                        .hasAnyRole(Role.CERTIFIER.wireName(), Role.COMPANY.wireName())
                        .anyExchange().authenticated())
                .oauth2ResourceServer(o -> o
                        .jwt(j -> j.jwtAuthenticationConverter(authenticationConverter()))
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(denied))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                .build();
    }

    /** Reads the client's role from the token's {@code role} claim; shared with the PACT chain. */
    public static Converter<Jwt, Mono<AbstractAuthenticationToken>> authenticationConverter() {
        JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName("role");
        authorities.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(authorities);
        return new ReactiveJwtAuthenticationConverterAdapter(converter);
    }

    /** Spring Security's strict firewall, with header checks that run no regex per header. */
    @Bean
    org.springframework.security.web.server.firewall.ServerWebExchangeFirewall exchangeFirewall() {
        return HeaderCharacters.firewall();
    }

    /** A refused request gets a 400 its caller can read, not the firewall's empty one. */
    @Bean
    org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler exchangeRejected(
            org.tanji.gateway.label.DigitalLinkPageController labelPages, org.tanji.gateway.problem.ErrorDialects dialects) {
        return new RejectedRequests(labelPages, dialects);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    SecretKey tokenSigningKey(TanjiProperties properties) {
        Path file = properties.dataDir().resolve("keys").resolve("token-hmac.key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Path tmp = file.resolveSibling("token-hmac.key.tmp");
                Files.writeString(tmp, Base64.getEncoder().encodeToString(key));
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // Not POSIX: rely on the data folder's permissions.
                }
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return new SecretKeySpec(Base64.getDecoder().decode(Files.readString(file).trim()), "HmacSHA256");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token key " + file, e);
        }
    }

    @Bean
    JwtEncoder jwtEncoder(SecretKey tokenSigningKey) {
        return new NimbusJwtEncoder(new ImmutableSecret<>(tokenSigningKey));
    }

    @Bean
    ReactiveJwtDecoder jwtDecoder(SecretKey tokenSigningKey) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withSecretKey(tokenSigningKey)
                .macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(TokenService.ISSUER));
        return new CachingJwtDecoder(decoder, java.time.Clock.systemUTC());
    }
}
