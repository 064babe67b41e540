package org.tanji.gateway.signing;

import java.util.List;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.tanji.chaincode.signing.SigningKey;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.problem.ApiException;
import org.tanji.gateway.security.CurrentClient;
import org.tanji.gateway.security.Role;

import com.fasterxml.jackson.databind.JsonNode;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

/**
 * A certifier's label-signing keys ({@code /api/v1/signing-keys}) and the public key set of all
 * certifiers ({@code /.well-known/tanji/certifier-keys.json}) that offline verifiers read.
 */
@RestController
@Tag(name = "Signing keys", description = "Certifiers' label-signing keys, anchored on the ledger")
public class SigningKeyController {
    private final SigningKeys keys;
    private final CurrentClient current;

    public SigningKeyController(SigningKeys keys, CurrentClient current) {
        this.keys = keys;
        this.current = current;
    }

    @Operation(summary = "My signing keys (certifier), oldest first, with their status")
    @GetMapping(path = "/api/v1/signing-keys", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, List<SigningKey>>> mine() {
        return current.client().flatMap(c -> {
            requireRole(c.role(), Role.CERTIFIER);
            return keys.of(c.ledgerId());
        }).map(list -> Map.of("keys", list));
    }

    @Operation(summary = "Rotate to a new key (certifier): {alg: ES256|SM2}; the previous active key is retired",
            description = "The registry creates the key pair and keeps the private key; labels signed earlier stay valid.")
    @PostMapping(path = "/api/v1/signing-keys", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<SigningKey>> rotate(@RequestBody(required = false) Mono<String> body) {
        return current.acting().flatMap(a -> {
            requireRole(a.client().role(), Role.CERTIFIER);
            return body.defaultIfEmpty("").flatMap(b -> {
                JsonNode json = json(b);
                String alg = json == null || json.path("alg").isMissingNode() || json.get("alg").isNull() ? "ES256"
                        : json.get("alg").asText();
                SignatureAlg chosen;
                try {
                    chosen = SignatureAlg.of(alg);
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("alg", "must be ES256 or SM2, got \"" + alg + "\"");
                }
                return keys.rotate(a.identity(), chosen);
            });
        }).map(k -> ResponseEntity.status(HttpStatus.CREATED).body(k));
    }

    @Operation(summary = "Revoke a key (its certifier, or a registry admin of its organisation)",
            description = "Body: {reason, compromisedSince?}. Labels issued from compromisedSince (default: now) on are void.")
    @PostMapping(path = "/api/v1/signing-keys/{kid}/revocation", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<SigningKey> revoke(@PathVariable String kid, @RequestBody(required = false) Mono<String> body) {
        return current.acting().flatMap(a -> {
            requireRole(a.client().role(), Role.CERTIFIER, Role.REGISTRY_ADMIN);
            return body.defaultIfEmpty("").flatMap(b -> {
                JsonNode json = json(b);
                String reason = json == null ? null : json.path("reason").textValue();
                if (reason == null || reason.isBlank()) {
                    throw ApiException.badRequest("reason", "is required to revoke a key");
                }
                JsonNode since = json.get("compromisedSince");
                if (since != null && !since.isNull() && !since.isTextual()) {
                    throw ApiException.badRequest("compromisedSince", "must be an RFC 3339 date-time string");
                }
                return keys.revoke(a.identity(), kid, reason, since == null || since.isNull() ? null : since.asText());
            });
        });
    }

    @Operation(summary = "Public: every certifier key ever anchored, as a JWK Set with status and validity times")
    @GetMapping(path = "/.well-known/tanji/certifier-keys.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<byte[]>> keySet() {
        return keys.published().map(all -> ResponseEntity.ok().cacheControl(CacheControl.noCache())
                .contentType(MediaType.APPLICATION_JSON).body(Jwks.document(List.copyOf(all.values()))));
    }

    private static void requireRole(Role actual, Role... allowed) {
        for (Role r : allowed) {
            if (r == actual) {
                return;
            }
        }
        throw new ApiException(HttpStatus.FORBIDDEN, "signing keys are managed by certifiers"
                + (allowed.length > 1 ? " (and revoked by registry admins)" : "") + "; your role is " + actual.wireName());
    }

    private static JsonNode json(String body) {
        if (body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = CanonicalJson.mapper().readTree(body);
            if (!node.isObject()) {
                throw ApiException.badRequest("body", "must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("body", "is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
