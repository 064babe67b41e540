package org.tanji.gateway.footprint;

import java.util.List;

import org.springframework.stereotype.Component;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.ledger.LedgerJson;
import org.tanji.gateway.security.ReaderIdentity;
import org.tanji.gateway.store.LedgerReferences;

import reactor.core.publisher.Mono;

/**
 * Tells the store's orphan sweep whether a footprint on the ledger names a document, through the
 * chaincode's document-hash index. Documents of other kinds are added here as their contracts
 * gain such an index.
 */
@Component
public class FootprintDocumentReferences implements LedgerReferences {
    private final Ledger ledger;
    private final ReaderIdentity reader;

    public FootprintDocumentReferences(Ledger ledger, ReaderIdentity reader) {
        this.ledger = ledger;
        this.reader = reader;
    }

    @Override
    public Mono<Boolean> isReferenced(String hashId) {
        return ledger.evaluate(reader.identity(), "footprint:byDocument", List.of(hashId))
                .map(payload -> !((List<?>) LedgerJson.plain(payload)).isEmpty());
    }
}
