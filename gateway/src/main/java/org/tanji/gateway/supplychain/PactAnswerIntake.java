package org.tanji.gateway.supplychain;

import org.springframework.stereotype.Component;
import org.tanji.chaincode.support.Check;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.pact.PactEvent;
import org.tanji.gateway.pact.PactEventListener;
import org.tanji.gateway.security.CurrentClient;

import reactor.core.publisher.Mono;

/**
 * An outside partner's RequestFulfilled or RequestRejected, in answer to a request we sent it
 * ({@code POST /api/v1/supply-chain/requests/to-partner}): the event's {@code requestEventId} is the id of that
 * request on the ledger. What the partner sent is recorded there, submitted with the partner's own identity, so
 * the chaincode itself checks that the answer comes from the partner the request went to: for a fulfilment the
 * hash of the list of footprints received (kept in the store) and of each footprint, for a rejection its error
 * code and message, with the answer event's id. The leader reads it on the request, with its ledger proof.
 *
 * <p>An answer the ledger refuses (to a request we never sent, from another partner, to a request already
 * answered otherwise) is refused for good and only logged: the event stays in the inbox, nothing is anchored.
 */
@Component
public class PactAnswerIntake implements PactEventListener {
    private final SupplyChainService requests;

    public PactAnswerIntake(SupplyChainService requests) {
        this.requests = requests;
    }

    @Override
    public boolean actsOn(PactEvent event) {
        return event instanceof PactEvent.RequestFulfilled || event instanceof PactEvent.RequestRejected;
    }

    @Override
    public Mono<Void> accepted(CurrentClient.Acting partner, String eventKey, String eventId, PactEvent event) {
        String requestId = event instanceof PactEvent.RequestFulfilled fulfilled ? fulfilled.requestEventId()
                : ((PactEvent.RequestRejected) event).requestEventId();
        if (!Check.isUuid(requestId)) {
            return Mono.error(new Refused("requestEventId " + requestId + " names no request this registry sent"));
        }
        Mono<SupplyChainService.Anchored> recorded;
        if (event instanceof PactEvent.RequestFulfilled fulfilled) {
            recorded = requests.receive(partner.identity(), requestId, eventId, fulfilled.pfs());
        } else {
            PactEvent.RequestRejected rejected = (PactEvent.RequestRejected) event;
            recorded = requests.receiveRejection(partner.identity(), requestId, eventId, rejected.code(), rejected.message());
        }
        return recorded.onErrorMap(ChaincodeRejection.class, e -> new Refused(e.code() + ": " + e.getMessage())).then();
    }
}
