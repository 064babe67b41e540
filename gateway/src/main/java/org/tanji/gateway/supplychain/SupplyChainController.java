package org.tanji.gateway.supplychain;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tanji.chaincode.supplychain.SupplyRequest;
import org.tanji.gateway.security.CurrentClient;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

/** {@code /api/v1/supply-chain/requests}: footprint requests between companies, anchored on the ledger. */
@RestController
@RequestMapping("/api/v1/supply-chain/requests")
@Tag(name = "Supply chain", description = "Footprint requests from chain leaders to suppliers, anchored on the ledger")
public class SupplyChainController {
    private final SupplyChainService requests;
    private final CurrentClient current;

    public SupplyChainController(SupplyChainService requests, CurrentClient current) {
        this.requests = requests;
        this.current = current;
    }

    /** Body of a new request. */
    public record NewRequest(String supplierId, String productId, String comment) {
    }

    /** Body of a request to an outside PACT partner. */
    public record PartnerRequest(String partner, String productId, String comment) {
    }

    /**
     * A request to a partner: the id of the RequestCreated event queued for it, which is also the id of the request
     * anchored on the ledger ({@code GET /api/v1/supply-chain/requests/{id}} shows the partner's answer).
     */
    public record Queued(String eventId, String partner, SupplyRequest request, String txId, long blockNumber) {
    }

    /** Body of a fulfilment. */
    public record Fulfilment(String footprintId) {
    }

    /** Body of a rejection. */
    public record Rejection(String reason) {
    }

    @Operation(summary = "Ask a supplier (its ledger id Msp/client) for a product's footprint (company)")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<SupplyChainService.Anchored>> open(@RequestBody Mono<NewRequest> body) {
        return current.acting().zipWith(body).flatMap(both -> requests.open(both.getT1().identity(),
                        both.getT2().supplierId(), both.getT2().productId(), both.getT2().comment()))
                .map(a -> ResponseEntity.status(HttpStatus.CREATED)
                        .location(java.net.URI.create("/api/v1/supply-chain/requests/" + a.request().id())).body(a));
    }

    @Operation(summary = "Ask an outside PACT partner (registered in TANJI_PACT_PARTNERS) for a product's footprints: the"
            + " request is anchored on the ledger and a RequestCreated event with its id is queued and sent to the partner's"
            + " /3/events with retries; the partner's answer, arriving at /3/events, is anchored on the request (company)")
    @PostMapping(path = "/to-partner", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Queued>> toPartner(@RequestBody Mono<PartnerRequest> body) {
        return current.acting().zipWith(body).flatMap(both -> {
            if (both.getT1().client().role() != org.tanji.gateway.security.Role.COMPANY) {
                return Mono.error(new org.tanji.gateway.problem.ApiException(HttpStatus.FORBIDDEN,
                        "only a company asks partners for footprints"));
            }
            PartnerRequest r = both.getT2();
            return requests.requestFromPartner(both.getT1().identity(), r.partner(), r.productId(), r.comment())
                    .map(a -> ResponseEntity.status(HttpStatus.ACCEPTED).body(new Queued(a.request().id(), r.partner(),
                            a.request(), a.txId(), a.blockNumber())));
        });
    }

    @Operation(summary = "The caller's inbox: requests addressed to it, newest first (?box=sent: the requests it sent)")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<SupplyRequest>> list(@RequestParam(name = "box", defaultValue = "inbox") String box) {
        return current.acting().flatMap(a -> requests.list(a.identity(), "sent".equals(box)));
    }

    @Operation(summary = "One request (its leader or supplier only), with the ledger proof of its current version: the"
            + " answer's transaction once answered")
    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<SupplyChainService.Proven> get(@PathVariable String id) {
        return current.acting().flatMap(a -> requests.getProven(a.identity(), id));
    }

    @Operation(summary = "Fulfil a request with one of the supplier's footprints; the exact document delivered is anchored by hash")
    @PostMapping(path = "/{id}/fulfil", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<SupplyChainService.Anchored> fulfil(@PathVariable String id, @RequestBody Mono<Fulfilment> body) {
        return current.acting().zipWith(body).flatMap(both -> requests.fulfil(both.getT1().identity(), id,
                both.getT2().footprintId()));
    }

    @Operation(summary = "Reject a request with a reason")
    @PostMapping(path = "/{id}/reject", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<SupplyChainService.Anchored> reject(@PathVariable String id, @RequestBody Mono<Rejection> body) {
        return current.acting().zipWith(body).flatMap(both -> requests.reject(both.getT1().identity(), id,
                both.getT2().reason()));
    }

    @Operation(summary = "The exact bytes delivered for a fulfilled request; their hash is the ledger's deliveredHash")
    @GetMapping(path = "/{id}/delivery", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<byte[]>> delivery(@PathVariable String id) {
        return current.acting().flatMap(a -> requests.delivery(a.identity(), id))
                .map(doc -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                        .header(HttpHeaders.ETAG, "\"" + doc.id() + "\"").body(doc.content()));
    }
}
