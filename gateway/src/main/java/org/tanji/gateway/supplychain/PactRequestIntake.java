package org.tanji.gateway.supplychain;


import org.springframework.stereotype.Component;
import org.tanji.gateway.pact.FootprintIndex;
import org.tanji.gateway.pact.PactEvent;
import org.tanji.gateway.pact.PactEventListener;
import org.tanji.gateway.security.CurrentClient;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A PACT RequestCreated from a partner opens a supply-chain request, on the ledger, to every company
 * that recorded a footprint matching the event's criteria: those are the suppliers who can answer
 * it, and each sees it in its inbox. The request names the event id, so the exchange can be traced
 * back to it. Without a product id in the criteria there is nothing to anchor a request on, and
 * the event stays only in the event inbox.
 */
@Component
public class PactRequestIntake implements PactEventListener {
    private final FootprintIndex index;
    private final SupplyChainService requests;

    public PactRequestIntake(FootprintIndex index, SupplyChainService requests) {
        this.index = index;
        this.requests = requests;
    }

    @Override
    public Mono<Void> accepted(CurrentClient.Acting partner, String eventId, PactEvent event) {
        if (!(event instanceof PactEvent.RequestCreated created) || !created.criteria().path("productId").isArray()
                || created.criteria().path("productId").isEmpty()) {
            return Mono.empty();
        }
        String productId = created.criteria().path("productId").get(0).asText();
        return index.matching(created.criteria())
                .flatMapMany(found -> Flux.fromStream(found.stream()
                        .filter(e -> "company".equals(e.submitterRole()))
                        .map(FootprintIndex.Entry::submitterId)
                        .filter(supplier -> !supplier.equals(partner.client().ledgerId()))
                        .distinct()))
                .concatMap(supplier -> requests.open(partner.identity(), supplier, productId, created.comment(), eventId))
                .then();
    }
}
