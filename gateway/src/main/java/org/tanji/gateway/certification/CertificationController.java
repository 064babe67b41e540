package org.tanji.gateway.certification;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tanji.gateway.problem.ApiException;
import org.tanji.gateway.security.CurrentClient;
import org.tanji.chaincode.support.CanonicalJson;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

/** {@code POST /api/v1/certifications}: grant, suspend, revoke or renew a footprint's certification. */
@RestController
@RequestMapping("/api/v1/certifications")
@Tag(name = "Certifications", description = "Certification decisions and the labels they issue")
public class CertificationController {
    private final CertificationService certifications;
    private final CurrentClient current;

    public CertificationController(CertificationService certifications, CurrentClient current) {
        this.certifications = certifications;
        this.current = current;
    }

    @Operation(summary = "Record a decision: GRANTED issues a label; SUSPENDED, REVOKED, RENEWED change it",
            description = "Body: {footprintId, decision, grade?, validUntil?, reason?, gtin?, serials?, labelId?}")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<CertificationService.Decided>> decide(@RequestBody(required = false) Mono<String> body) {
        return current.acting().flatMap(a -> body.defaultIfEmpty("").flatMap(b -> {
            com.fasterxml.jackson.databind.JsonNode json;
            try {
                json = b.isBlank() ? null : CanonicalJson.mapper().readTree(b);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return Mono.error(ApiException.badRequest("body", "is not valid JSON: " + e.getOriginalMessage()));
            }
            return certifications.decide(a.identity(), json);
        })).map(d -> ResponseEntity.status("GRANTED".equals(d.decision()) ? HttpStatus.CREATED : HttpStatus.OK)
                .location(java.net.URI.create("/api/v1/labels/" + d.labelId())).body(d));
    }
}
