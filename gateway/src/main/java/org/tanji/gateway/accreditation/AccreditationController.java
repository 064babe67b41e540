package org.tanji.gateway.accreditation;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.ledger.LedgerJson;
import org.tanji.gateway.problem.ApiException;
import org.tanji.gateway.problem.FieldError;
import org.tanji.gateway.security.CurrentClient;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/accreditations}: a registry admin accredits certification bodies of its own
 * organisation, suspends them and withdraws them. Certifiers are named {@code <mspId>/<clientId>}.
 */
@RestController
@RequestMapping("/api/v1/accreditations")
@Tag(name = "Accreditations", description = "Which certification bodies may certify what, where")
public class AccreditationController {
    private final Ledger ledger;
    private final CurrentClient current;

    public AccreditationController(Ledger ledger, CurrentClient current) {
        this.ledger = ledger;
        this.current = current;
    }

    @Operation(summary = "Accredit (or re-scope, or reinstate) a certification body",
            description = "Body: {certifierId: \"<mspId>/<clientId>\", name, productCategories: [..], regions: [..], validUntil?, reason?}")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Object>> accredit(@RequestBody(required = false) Mono<String> body) {
        return current.acting().flatMap(a -> body.defaultIfEmpty("").flatMap(b -> {
            JsonNode json = parse(b);
            List<FieldError> errors = new java.util.ArrayList<>();
            for (String f : List.of("certifierId", "name")) {
                if (!json.path(f).isTextual() || json.path(f).asText().isBlank()) {
                    errors.add(new FieldError(f, "is required"));
                }
            }
            for (String f : List.of("productCategories", "regions")) {
                if (!json.path(f).isArray() || json.path(f).isEmpty()) {
                    errors.add(new FieldError(f, "must be a non-empty array of strings"));
                }
            }
            if (!errors.isEmpty()) {
                return Mono.error(ApiException.badRequest(errors));
            }
            return ledger.submit(a.identity(), "accreditation:accredit", List.of(CanonicalJson.string(json)));
        })).map(tx -> ResponseEntity.status(HttpStatus.CREATED).body(LedgerJson.plain(tx.payload())));
    }

    @Operation(summary = "Suspend an accreditation. Body: {reason}")
    @PostMapping(path = "/{mspId}/{clientId}/suspension", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Object> suspend(@PathVariable String mspId, @PathVariable String clientId,
                                  @RequestBody(required = false) Mono<String> body) {
        return change("accreditation:suspend", mspId + "/" + clientId, body);
    }

    @Operation(summary = "Withdraw an accreditation for good. Body: {reason}")
    @PostMapping(path = "/{mspId}/{clientId}/withdrawal", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Object> withdraw(@PathVariable String mspId, @PathVariable String clientId,
                                   @RequestBody(required = false) Mono<String> body) {
        return change("accreditation:withdraw", mspId + "/" + clientId, body);
    }

    @Operation(summary = "An accreditation as it stands")
    @GetMapping(path = "/{mspId}/{clientId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Object> get(@PathVariable String mspId, @PathVariable String clientId) {
        return current.acting().flatMap(a -> ledger.evaluate(a.identity(), "accreditation:get", List.of(mspId + "/" + clientId)))
                .map(LedgerJson::plain);
    }

    @Operation(summary = "Every version of an accreditation, oldest first")
    @GetMapping(path = "/{mspId}/{clientId}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> history(@PathVariable String mspId, @PathVariable String clientId) {
        return current.acting()
                .flatMap(a -> ledger.evaluate(a.identity(), "accreditation:history", List.of(mspId + "/" + clientId)))
                .map(p -> Map.of("certifierId", mspId + "/" + clientId, "versions",
                        LedgerJson.read(p, new TypeReference<List<Map<String, Object>>>() { })));
    }

    @Operation(summary = "All accreditations")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Object> list() {
        return current.acting().flatMap(a -> ledger.evaluate(a.identity(), "accreditation:list", List.of()))
                .map(LedgerJson::plain);
    }

    private Mono<Object> change(String function, String certifierId, Mono<String> body) {
        return current.acting().flatMap(a -> body.defaultIfEmpty("").flatMap(b -> {
            JsonNode json = parse(b);
            if (!json.path("reason").isTextual() || json.path("reason").asText().isBlank()) {
                return Mono.error(ApiException.badRequest("reason", "is required"));
            }
            return ledger.submit(a.identity(), function, List.of(certifierId, json.get("reason").asText()));
        })).map(tx -> LedgerJson.plain(tx.payload()));
    }

    private static JsonNode parse(String body) {
        if (body.isBlank()) {
            throw ApiException.badRequest("body", "is empty; send a JSON object");
        }
        try {
            JsonNode json = CanonicalJson.mapper().readTree(body);
            if (!json.isObject()) {
                throw ApiException.badRequest("body", "must be a JSON object");
            }
            return json;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("body", "is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
