package org.tanji.gateway.supplychain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.pact.FootprintIndex;
import org.tanji.gateway.pact.PactError;
import org.tanji.gateway.pact.PactEvent;
import org.tanji.gateway.pact.PactEventListener;
import org.tanji.gateway.security.CurrentClient;

import reactor.core.publisher.Mono;

/**
 * A PACT RequestCreated from a partner opens supply-chain requests on the ledger, one to every company that
 * recorded a footprint matching the event's criteria (those are the suppliers who can answer it, and each sees
 * it in its inbox), all in one transaction as one request group. Each request names the event id and the
 * product id its supplier's footprint carries. The partner gets one answer for the whole group
 * ({@link PactAnswers}). An event that can open no request (no product id in its criteria, no matching
 * supplier, or a refusal by the ledger) is answered at once with a RequestRejected: PACT says every accepted
 * RequestCreated gets a RequestFulfilled or a RequestRejected.
 *
 * <p>The group's id is derived from the event, so a second attempt at the same event (a retry, a resend)
 * finds the group already opened, or the rejection already queued, and does nothing more.
 */
@Component
public class PactRequestIntake implements PactEventListener {
    private final FootprintIndex index;
    private final SupplyChainService requests;
    private final PactAnswers answers;

    public PactRequestIntake(FootprintIndex index, SupplyChainService requests, PactAnswers answers) {
        this.index = index;
        this.requests = requests;
        this.answers = answers;
    }

    @Override
    public boolean actsOn(PactEvent event) {
        return event instanceof PactEvent.RequestCreated;
    }

    @Override
    public Mono<Void> accepted(CurrentClient.Acting partner, String eventKey, String eventId, PactEvent event) {
        PactEvent.RequestCreated created = (PactEvent.RequestCreated) event;
        String partnerClient = partner.client().clientId();
        String groupId = SupplyChainService.derivedId("pact-request\n" + eventKey);
        List<String> productIds = new ArrayList<>();
        created.criteria().path("productId").forEach(p -> productIds.add(p.asText()));
        if (productIds.isEmpty()) {
            return answers.reject(partnerClient, groupId, eventId, PactError.BAD_REQUEST, "this registry answers requests for"
                    + " a product: the criteria name no productId");
        }
        return answers.answered(groupId).flatMap(answered -> answered ? Mono.empty() : index.matching(created.criteria())
                .flatMap(found -> {
                    Map<String, String> suppliers = suppliers(found, productIds, partner.client().ledgerId());
                    if (suppliers.isEmpty()) {
                        return answers.reject(partnerClient, groupId, eventId, PactError.NOT_FOUND, "no supplier here has a"
                                + " footprint of " + String.join(", ", productIds) + " matching the request's criteria");
                    }
                    return requests.openGroup(partner.identity(), groupId, eventId, created.comment(), suppliers).then()
                            .onErrorResume(ChaincodeRejection.class, e -> "ALREADY_EXISTS".equals(e.code()) ? Mono.empty()
                                    : answers.reject(partnerClient, groupId, eventId, code(e), e.getMessage()));
                }));
    }

    /**
     * The companies with a matching footprint, other than the partner itself, in index order, each with the first
     * of the asked product ids its footprint names (the one its request asks for).
     */
    private static Map<String, String> suppliers(List<FootprintIndex.Entry> found, List<String> productIds, String partner) {
        Map<String, String> suppliers = new LinkedHashMap<>();
        for (FootprintIndex.Entry e : found) {
            if ("company".equals(e.submitterRole()) && !e.submitterId().equals(partner) && !suppliers.containsKey(e.submitterId())) {
                productIds.stream().filter(p -> e.productIds().contains(p.toLowerCase(Locale.ROOT))).findFirst()
                        .ifPresent(p -> suppliers.put(e.submitterId(), p));
            }
        }
        return suppliers;
    }

    /** The PACT error code for a ledger refusal of the requests. */
    private static String code(ChaincodeRejection e) {
        return switch (e.code()) {
            case "ACCESS_DENIED" -> PactError.ACCESS_DENIED;
            case "NOT_FOUND" -> PactError.NOT_FOUND;
            default -> PactError.BAD_REQUEST;
        };
    }
}
