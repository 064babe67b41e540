package org.tanji.gateway.security;

import java.time.Instant;
import java.util.List;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;
import org.tanji.gateway.config.TanjiProperties;

/** Mints short-lived access tokens (JWT, HS256) for authenticated clients. */
@Component
public class TokenService {
    static final String ISSUER = "tanji";
    private final JwtEncoder encoder;
    private final TanjiProperties properties;

    public TokenService(JwtEncoder encoder, TanjiProperties properties) {
        this.encoder = encoder;
        this.properties = properties;
    }

    public AccessToken issue(RegisteredClient client) {
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer(ISSUER).subject(client.clientId()).issuedAt(now)
                .expiresAt(now.plus(properties.tokenTtl())).claim("role", client.role().wireName())
                .claim("org", client.mspId()).claim("scope", List.of(client.role().wireName())).build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        return new AccessToken(token, "Bearer", properties.tokenTtl().toSeconds());
    }

    /** The OAuth2 token response body. */
    public record AccessToken(String access_token, String token_type, long expires_in) {
    }
}
