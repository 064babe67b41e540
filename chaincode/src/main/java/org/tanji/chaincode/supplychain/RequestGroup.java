package org.tanji.chaincode.supplychain;

import java.util.List;

/**
 * The requests one PACT RequestCreated opened, one per supplier, all in one transaction: the partner
 * that sent the event gets a single answer once every one of them is answered. Recorded with its
 * members, so which requests make up the answer is fixed before any supplier can answer.
 *
 * @param requesterId the partner's ledger id ({@code Msp/client}), who opened them
 * @param pactEventId the id of the partner's RequestCreated event
 * @param requestIds  the member requests, in the order their deliveries go into the answer
 */
public record RequestGroup(String id, String requesterId, String pactEventId, List<String> requestIds, String createdAt,
                           String txId) {
}
