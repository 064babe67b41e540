package org.tanji.gateway.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.tanji.gateway.problem.Problems;

import reactor.core.publisher.Mono;

/**
 * OAuth2 client-credentials token endpoint: HTTP Basic {@code client_id:secret} and form
 * {@code grant_type=client_credentials}. Errors carry OAuth2's {@code error} member inside a
 * problem+json body, so both kinds of client can read them.
 */
@RestController
public class TokenController {
    private final ClientRegistry clients;
    private final TokenService tokens;

    public TokenController(ClientRegistry clients, TokenService tokens) {
        this.clients = clients;
        this.tokens = tokens;
    }

    @PostMapping(path = "/auth/token", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Object>> token(ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            String grant = form.getFirst("grant_type");
            if (!"client_credentials".equals(grant)) {
                return Mono.just(error(HttpStatus.BAD_REQUEST, "unsupported_grant_type",
                        "grant_type must be client_credentials (form-encoded body)"));
            }
            String[] credentials = credentials(exchange.getRequest().getHeaders(), form);
            if (credentials == null) {
                return Mono.just(error(HttpStatus.UNAUTHORIZED, "invalid_client",
                        "client authentication failed: send HTTP Basic client_id:client_secret"));
            }
            return clients.authenticate(credentials[0], credentials[1])
                    .map(client -> ResponseEntity.ok().cacheControl(CacheControl.noStore())
                            .contentType(MediaType.APPLICATION_JSON).body((Object) tokens.issue(client)))
                    .defaultIfEmpty(error(HttpStatus.UNAUTHORIZED, "invalid_client", "unknown client or wrong secret"));
        });
    }

    private static String[] credentials(HttpHeaders headers, MultiValueMap<String, String> form) {
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    return new String[] {
                        java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
                }
            } catch (IllegalArgumentException e) {
                return null;
            }
            return null;
        }
        String id = form.getFirst("client_id");
        String secret = form.getFirst("client_secret");
        return id != null && secret != null ? new String[] {id, secret} : null;
    }

    private static ResponseEntity<Object> error(HttpStatus status, String code, String description) {
        ProblemDetail problem = Problems.of(status, description, List.of());
        problem.setProperty("error", code);
        problem.setProperty("error_description", description);
        ResponseEntity.BodyBuilder b = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .cacheControl(CacheControl.noStore());
        if (status == HttpStatus.UNAUTHORIZED) {
            b.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"tanji\"");
        }
        return b.body(problem);
    }

    /** Discovery document that names the token endpoint, as OAuth2 clients expect. */
    @org.springframework.web.bind.annotation.GetMapping(path = "/.well-known/openid-configuration",
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> discovery(ServerWebExchange exchange) {
        String base = exchange.getRequest().getURI().resolve("/").toString().replaceAll("/$", "");
        return Map.of("issuer", base, "token_endpoint", base + "/auth/token",
                "grant_types_supported", List.of("client_credentials"),
                "token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
    }
}
