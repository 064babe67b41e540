package org.tanji.gateway.supplierdata;

import java.util.Base64;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tanji.chaincode.supplychain.SupplierDataAnchor;
import org.tanji.gateway.problem.ApiException;
import org.tanji.gateway.security.CurrentClient;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

/** {@code /api/v1/supplier-data}: anchor confidential data by salted hash, disclose it, check it. */
@RestController
@RequestMapping("/api/v1/supplier-data")
@Tag(name = "Supplier data", description = "Confidential supplier data: a salted hash on the ledger, AES-GCM in the store")
public class SupplierDataController {
    private final SupplierDataService data;
    private final CurrentClient current;

    public SupplierDataController(SupplierDataService data, CurrentClient current) {
        this.data = data;
        this.current = current;
    }

    /** Body of a disclosure. */
    public record Disclosure(String counterpartyId) {
    }

    /** Body of a check: the data and its salt, both base64. */
    public record CheckRequest(String content, String salt) {
    }

    @Operation(summary = "Anchor raw data (the request body, any media type) by salted hash; the data is stored encrypted (company)")
    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<SupplierDataService.Anchored>> anchor(@RequestParam(defaultValue = "raw-data") String kind,
            @RequestHeader(name = HttpHeaders.CONTENT_TYPE, defaultValue = "application/octet-stream") String mediaType,
            @RequestBody(required = false) Mono<byte[]> body) {
        return current.acting().zipWith(body.defaultIfEmpty(new byte[0]))
                .flatMap(both -> data.anchor(both.getT1().identity(), both.getT1().client().ledgerId(), kind, mediaType,
                        both.getT2()))
                .map(a -> ResponseEntity.status(HttpStatus.CREATED)
                        .location(java.net.URI.create("/api/v1/supplier-data/" + a.id())).body(a));
    }

    @Operation(summary = "Disclose the data to one counterparty (its ledger id Msp/client); owner only")
    @PostMapping(path = "/{id}/disclosures", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<SupplierDataAnchor> disclose(@PathVariable String id, @RequestBody Mono<Disclosure> body) {
        return current.acting().zipWith(body).flatMap(both -> data.disclose(both.getT1().identity(), id,
                both.getT2().counterpartyId()));
    }

    @Operation(summary = "The data and its salt (base64), for its owner or a counterparty it was disclosed to")
    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<SupplierDataService.Disclosed> read(@PathVariable String id) {
        return current.acting().flatMap(a -> data.read(a.identity(), a.client().ledgerId(), id));
    }

    @Operation(summary = "Check data and salt (base64) against the anchored salted hash: matches, anchored at tx … block …, or not")
    @PostMapping(path = "/{id}/check", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<SupplierDataService.Check> check(@PathVariable String id, @RequestBody Mono<CheckRequest> body) {
        return current.acting().zipWith(body).flatMap(both -> {
            CheckRequest c = both.getT2();
            if (c.content() == null || c.salt() == null) {
                return Mono.error(ApiException.badRequest("content", "content and salt are required, both base64"));
            }
            try {
                return data.check(both.getT1().identity(), id, Base64.getDecoder().decode(c.content()),
                        Base64.getDecoder().decode(c.salt()));
            } catch (IllegalArgumentException e) {
                return Mono.error(ApiException.badRequest("content", "content and salt must be base64"));
            }
        });
    }
}
