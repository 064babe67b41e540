package org.tanji.gateway.pact;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.tanji.gateway.security.SecurityConfig;

/**
 * The security chain of the PACT paths: the same Bearer tokens as the rest of the API, but refusals
 * in PACT's {@code {code, message}} shape. Every bad token is a 401, as PACT's {@code UnauthorizedResponse}
 * says ("the access token is invalid or has expired"), so a client knows to fetch a new one; the code
 * tells the two apart: {@code TokenExpired} only for a token whose lifetime has passed, {@code BadRequest}
 * for a missing, malformed, forged or otherwise invalid one (the spec has no code of its own for it, and
 * PACT's conformance checks expect {@code BadRequest} for an invalid token).
 */
@Configuration
public class PactSecurity {

    @Bean
    @Order(0)
    SecurityWebFilterChain pactChain(ServerHttpSecurity http) {
        ServerAuthenticationEntryPoint unauthenticated = (exchange, ex) -> {
            exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer");
            String why = ex == null || ex.getMessage() == null ? "" : ex.getMessage();
            boolean expired = why.toLowerCase(java.util.Locale.ROOT).contains("expired");
            PactError error = expired ? new PactError(PactError.TOKEN_EXPIRED, "the access token has expired; get a new one at /auth/token")
                    : new PactError(PactError.BAD_REQUEST, "a valid Bearer access token is required; get one at /auth/token");
            return error.write(exchange, HttpStatus.UNAUTHORIZED);
        };
        ServerAccessDeniedHandler denied = (exchange, ex) -> new PactError(PactError.ACCESS_DENIED,
                "your client may not perform this request").write(exchange, HttpStatus.FORBIDDEN);
        return http
                .securityMatcher(ServerWebExchangeMatchers.pathMatchers("/3/**", "/2/**"))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                // Stateless: every call carries its Bearer token. The default repository asked
                // for a WebSession on every request, which created one on another thread.
                .securityContextRepository(org.springframework.security.web.server.context.NoOpServerSecurityContextRepository.getInstance())
                .requestCache(c -> c.requestCache(org.springframework.security.web.server.savedrequest.NoOpServerRequestCache.getInstance()))
                .authorizeExchange(ex -> ex.anyExchange().authenticated())
                .oauth2ResourceServer(o -> o
                        .jwt(j -> j.jwtAuthenticationConverter(SecurityConfig.authenticationConverter()))
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(denied))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                .build();
    }
}
