package org.tanji.gateway.pact;

import java.time.Instant;

import org.springframework.stereotype.Component;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.ledger.LedgerJson;
import org.tanji.gateway.store.DocumentStore;
import org.tanji.gateway.store.StoredDocument;

import com.fasterxml.jackson.databind.node.ObjectNode;

import reactor.core.publisher.Mono;

/**
 * A footprint as partners receive it: the stored PACT document (hash re-checked by the store) with
 * the status and verification the ledger holds now. The PACT API and supply-chain deliveries both
 * send exactly this, so what a leader received by either path is the same document.
 */
@Component
public class ServedFootprints {
    private final FootprintIndex index;
    private final DocumentStore documents;

    public ServedFootprints(FootprintIndex index, DocumentStore documents) {
        this.index = index;
        this.documents = documents;
    }

    /** The served document of one footprint; empty if the ledger has none with this id. */
    public Mono<ObjectNode> byId(String id) {
        return index.find(id).flatMap(this::of);
    }

    Mono<ObjectNode> of(FootprintIndex.Entry entry) {
        return documents.get(entry.documentHash()).map(doc -> served(entry, doc));
    }

    /**
     * A page of footprints in the entries' order, their documents read in one store query rather than one
     * round trip each. An entry whose document the store lacks is an error: the ledger names it.
     */
    Mono<java.util.List<ObjectNode>> of(java.util.List<FootprintIndex.Entry> page) {
        return documents.getAll(page.stream().map(FootprintIndex.Entry::documentHash).toList()).map(found -> page.stream()
                .map(entry -> {
                    StoredDocument doc = found.get(entry.documentHash());
                    if (doc == null) {
                        throw new IllegalStateException("footprint " + entry.id() + ": its document " + entry.documentHash()
                                + " is missing from the store");
                    }
                    return served(entry, doc);
                }).toList());
    }

    /**
     * The stored document with the ledger's status and verification. A label that expired is no verification
     * any more, although the ledger still holds it as {@code VALID} (expiry is judged by readers), so the
     * verification is chosen now, at serving time. A {@code verification} the submitter wrote into its own
     * document is never served: what the registry claims as verified is what its ledger certified.
     */
    private static ObjectNode served(FootprintIndex.Entry entry, StoredDocument doc) {
        ObjectNode pf = (ObjectNode) LedgerJson.tree(doc.content());
        pf.put("status", entry.status());
        if (pf.get("pcf") instanceof ObjectNode pcf) {
            entry.verificationAt(Instant.now()).ifPresentOrElse(
                    v -> pcf.set("verification", CanonicalJson.mapper().valueToTree(v)),
                    () -> pcf.remove("verification"));
        }
        return pf;
    }
}
