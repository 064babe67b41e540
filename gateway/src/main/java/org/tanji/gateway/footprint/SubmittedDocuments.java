package org.tanji.gateway.footprint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parsed form of footprint documents this gateway is submitting, by document id (the hash of
 * their canonical bytes), for the read models that follow the ledger's events: the PACT index
 * takes the document of a footprint it has just seen recorded from here instead of reading back
 * from the store what was written there a few milliseconds earlier (a store round trip, a hash
 * check and a JSON parse per submission).
 *
 * <p>Nothing is trusted that the store would have checked: an entry is offered by the code that
 * computed the hash from exactly this tree's canonical bytes, and a reader looks it up by the hash
 * the committed ledger record names. A document is offered before its ledger submit, taken once
 * by the first reader, and withdrawn if the submit fails. At most {@link #CAPACITY} wait; beyond
 * that the oldest are dropped and their readers fall back to the store, so a reader that never
 * comes cannot make this grow.
 */
@Component
public class SubmittedDocuments {

    /** Far more than can be in flight between a submit and its ledger event. */
    static final int CAPACITY = 1024;

    private final Map<String, JsonNode> waiting = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonNode> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Offers the document {@code tree} whose canonical bytes hash to {@code documentId}; it must not be changed afterwards. */
    void offer(String documentId, JsonNode tree) {
        synchronized (waiting) {
            waiting.put(documentId, tree);
        }
    }

    /** Withdraws an offered document whose ledger submit failed. */
    void withdraw(String documentId) {
        synchronized (waiting) {
            waiting.remove(documentId);
        }
    }

    /** The offered document with this id, once: a second call, or one for an id never offered, is empty. */
    public Optional<JsonNode> take(String documentId) {
        synchronized (waiting) {
            return Optional.ofNullable(waiting.remove(documentId));
        }
    }

    /** How many wait to be taken. */
    public int size() {
        synchronized (waiting) {
            return waiting.size();
        }
    }
}
