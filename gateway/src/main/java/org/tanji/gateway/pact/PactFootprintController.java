package org.tanji.gateway.pact;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.security.CurrentClient;
import org.tanji.gateway.security.Role;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

/**
 * PACT v3 {@code ListFootprints} and {@code GetFootprint}. The filters run on {@link FootprintIndex};
 * the documents come from the store by hash, with their status and verification as the ledger says
 * now, so a deprecated footprint is still served, as {@code Deprecated}.
 *
 * <p>Paging is by cursor: the next link carries the last id of the page ({@code x-tanji-after}) and
 * the same filters, so it holds no server state, stays valid indefinitely (PACT asks for 180 s) and
 * can be called any number of times.
 */
@RestController
@Tag(name = "PACT v3", description = "WBCSD PACT Technical Specifications v3.0 exchange API (HTTPS only)")
public class PactFootprintController extends PactEndpoint {
    private final FootprintIndex index;
    private final ServedFootprints served;
    private final CurrentClient current;

    public PactFootprintController(FootprintIndex index, ServedFootprints served, CurrentClient current) {
        this.index = index;
        this.served = served;
        this.current = current;
    }

    @Operation(summary = "PACT ListFootprints: filters productId, companyId, geography, classification, validOn, "
            + "validAfter, validBefore, status; paging with limit and a Link rel=next header. /2/footprints answers the"
            + " same list in PACT v2.3 field names ($filter is not implemented)")
    @GetMapping(path = {"/3/footprints", "/2/footprints"}, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<byte[]>> list(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        PactVersion version = PactVersion.of(path(exchange));
        return allowed().then(Mono.fromSupplier(() -> {
                    if (version == PactVersion.V2 && request.getQueryParams().containsKey("$filter")) {
                        throw new PactException(org.springframework.http.HttpStatus.BAD_REQUEST, PactError.NOT_IMPLEMENTED,
                                "$filter (OData) is not implemented; use the filter parameters productId, companyId, geography, "
                                        + "classification, validOn, validAfter, validBefore, status");
                    }
                    return ListQuery.parse(request.getQueryParams());
                }))
                .flatMap(query -> index.ready().then(Mono.fromSupplier(() -> index.page(query))).flatMap(found -> {
                    List<FootprintIndex.Entry> page = found.size() > query.limit() ? found.subList(0, query.limit()) : found;
                    return served.of(page).map(docs -> docs.stream().map(version::shape).toList()).map(docs -> {
                        ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON);
                        if (found.size() > query.limit()) {
                            // limit=0 answers an empty page: its next page starts where this one did.
                            String after = page.isEmpty() ? query.after() : page.get(page.size() - 1).id();
                            ok.header(HttpHeaders.LINK, "<" + next(request, after) + ">; rel=\"next\"");
                        }
                        return ok.body(list(docs));
                    });
                }));
    }

    @Operation(summary = "PACT GetFootprint: {data: ProductFootprint}, or 404 NotFound (/2/footprints/{id}: v2.3 field"
            + " names, 404 NoSuchFootprint)")
    @GetMapping(path = {"/3/footprints/{id}", "/2/footprints/{id}"}, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<byte[]>> get(@PathVariable String id, ServerWebExchange exchange) {
        PactVersion version = PactVersion.of(path(exchange));
        return allowed().then(Mono.defer(() -> {
            if (!isUuid(id) || NIL.equals(id)) {
                return Mono.error(PactException.notFound("no footprint " + id));
            }
            return served.byId(id).map(version::shape)
                    .map(doc -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                            .body(CanonicalJson.bytes(Map.of("data", doc))))
                    .switchIfEmpty(Mono.error(PactException.notFound("no footprint " + id)));
        }));
    }

    private static final String NIL = "00000000-0000-0000-0000-000000000000";

    /**
     * PACT partners read footprints; a bank reads a company's footprints only with its consent,
     * through the evidence bundle, so it is refused here.
     */
    private Mono<Void> allowed() {
        return current.client().flatMap(c -> c.role() == Role.BANK
                ? Mono.error(PactException.accessDenied("a bank reads footprints through a company's consented evidence"
                        + " bundle, not through PACT"))
                : Mono.empty());
    }

    private static byte[] list(List<ObjectNode> docs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096 * Math.max(1, docs.size()));
        out.writeBytes("{\"data\":[".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < docs.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(CanonicalJson.bytes(docs.get(i)));
        }
        out.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** The absolute next-page link: same scheme, host and filters as the request, after {@code after} (from the start if null). */
    private static String next(ServerHttpRequest request, String after) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUri(request.getURI());
        return (after == null ? uri : uri.replaceQueryParam(ListQuery.AFTER, after)).build(true).toUriString();
    }

    private static boolean isUuid(String id) {
        try {
            return java.util.UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
