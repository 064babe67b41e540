package org.tanji.gateway.pact;

import org.springframework.stereotype.Component;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.ledger.LedgerJson;
import org.tanji.gateway.store.DocumentStore;

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
        return documents.get(entry.documentHash()).map(doc -> {
            ObjectNode pf = (ObjectNode) LedgerJson.tree(doc.content());
            pf.put("status", entry.status());
            if (entry.verification() != null && pf.get("pcf") instanceof ObjectNode pcf) {
                pcf.set("verification", CanonicalJson.mapper().valueToTree(entry.verification()));
            }
            return pf;
        });
    }
}
