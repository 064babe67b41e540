package org.tanji.gateway.footprint;

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
import org.tanji.gateway.security.CurrentClient;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

/** {@code /api/v1/footprints}: submit a PACT footprint, read it back with its ledger record, list its versions. */
@RestController
@RequestMapping("/api/v1/footprints")
@Tag(name = "Footprints", description = "PACT v3 product footprints anchored on the ledger")
public class FootprintController {
    private final FootprintService footprints;
    private final CurrentClient current;

    public FootprintController(FootprintService footprints, CurrentClient current) {
        this.footprints = footprints;
        this.current = current;
    }

    @Operation(summary = "Submit a PACT v3 ProductFootprint (certifier or company)",
            description = "The id is optional. Tanji's extension carries the product category and the lifecycle stages. "
                    + "The document is stored under its SHA-256 and the ledger records the hash and key figures.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<FootprintService.Recorded>> submit(@RequestBody(required = false) Mono<String> body) {
        return current.acting().flatMap(a -> body.defaultIfEmpty("").flatMap(b -> footprints.submit(a.identity(), b)))
                .map(r -> ResponseEntity.status(HttpStatus.CREATED)
                        .location(java.net.URI.create("/api/v1/footprints/" + r.id())).body(r));
    }

    @Operation(summary = "A footprint: its ledger record, the record's hash and the full document (hash re-checked)")
    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> get(@PathVariable String id) {
        return current.acting().flatMap(a -> footprints.get(a.identity(), id));
    }

    @Operation(summary = "Every ledger version of a footprint, oldest first, with tx id, timestamp and block")
    @GetMapping(path = "/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> history(@PathVariable String id) {
        return current.acting().flatMap(a -> footprints.history(a.identity(), id));
    }
}
