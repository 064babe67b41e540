package org.tanji.gateway.supplychain;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tanji.chaincode.supplychain.InputStatus;
import org.tanji.gateway.security.CurrentClient;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/supply-chain/footprints/{id}/inputs}: the roll-up. A leader attaches supplier footprints it
 * received through fulfilled requests as inputs of its own footprint; the ledger records each link, and
 * reading the inputs flags every one whose supplier footprint has since been deprecated.
 */
@RestController
@RequestMapping("/api/v1/supply-chain/footprints")
@Tag(name = "Supply chain", description = "Footprint requests from chain leaders to suppliers, anchored on the ledger")
public class SupplyChainInputsController {
    private final SupplyChainService requests;
    private final CurrentClient current;

    public SupplyChainInputsController(SupplyChainService requests, CurrentClient current) {
        this.requests = requests;
        this.current = current;
    }

    /** Body of an attachment: the fulfilled request whose delivered footprint becomes an input. */
    public record Attachment(String requestId) {
    }

    @Operation(summary = "Attach the supplier footprint a fulfilled request delivered as an input of the caller's footprint"
            + " (the request's leader, company)")
    @PostMapping(path = "/{footprintId}/inputs", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<SupplyChainService.Attached>> attach(@PathVariable String footprintId,
                                                                    @RequestBody Mono<Attachment> body) {
        return current.acting().zipWith(body)
                .flatMap(both -> requests.attach(both.getT1().identity(), footprintId, both.getT2().requestId()))
                .map(a -> ResponseEntity.status(HttpStatus.CREATED).body(a));
    }

    @Operation(summary = "The supplier footprints a footprint rests on; flagged: the supplier's footprint is deprecated")
    @GetMapping(path = "/{footprintId}/inputs", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<InputStatus>> inputs(@PathVariable String footprintId) {
        return current.acting().flatMap(a -> requests.inputs(a.identity(), footprintId));
    }

    @Operation(summary = "The footprints that use this (supplier) footprint as an input: whom its deprecation flags")
    @GetMapping(path = "/{footprintId}/downstream", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<String>> downstream(@PathVariable String footprintId) {
        return current.acting().flatMap(a -> requests.downstream(a.identity(), footprintId));
    }
}
