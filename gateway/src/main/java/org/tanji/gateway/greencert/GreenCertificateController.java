package org.tanji.gateway.greencert;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.problem.ApiException;
import org.tanji.gateway.security.CurrentClient;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

/** {@code /api/v1/green-certificates/claims}: claim certificates against a calculated footprint; list its claims. */
@RestController
@RequestMapping("/api/v1/green-certificates/claims")
@Tag(name = "Green certificates", description = "Green-electricity certificate claims, each serial claimed once network-wide")
public class GreenCertificateController {
    private final GreenCertificateService certificates;
    private final CurrentClient current;

    public GreenCertificateController(GreenCertificateService certificates, CurrentClient current) {
        this.certificates = certificates;
        this.current = current;
    }

    @Operation(summary = "Claim certificates against a footprint (its own organisation's company or certifier)",
            description = "{footprintId, certificates: [{issuer, serialStart, serialEnd, mwh, year}]}. One certificate is 1 MWh."
                    + " 409 names the earlier claim when any serial overlaps one; the claims of a footprint may not exceed"
                    + " the electricity its calculation consumed.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> claim(@RequestBody(required = false) Mono<String> body) {
        return current.acting().flatMap(a -> body.defaultIfEmpty("").flatMap(b -> certificates.claim(a.identity(), parse(b))))
                .map(answer -> ResponseEntity.status(HttpStatus.CREATED).body(answer));
    }

    @Operation(summary = "The claims against a footprint, with its location- and market-based electricity emissions")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> claims(@RequestParam String footprintId) {
        return current.acting().flatMap(a -> certificates.claimsOf(a.identity(), footprintId));
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String body) {
        try {
            return body.isBlank() ? null : CanonicalJson.mapper().readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("body", "is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
