package org.tanji.gateway.ledger;

import java.util.List;
import java.util.function.Function;

import org.springframework.stereotype.Component;
import org.tanji.chaincode.factor.FactorSetRecord;
import org.tanji.gateway.security.ReaderIdentity;
import org.tanji.gateway.store.LedgerReferences;

import com.fasterxml.jackson.core.type.TypeReference;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Whether any ledger record names a stored document, asked of every contract that anchors one: a
 * footprint's document, a supply-chain delivery, a supplier's encrypted data and a factor set. The
 * store's orphan sweep deletes only what this answers {@code false} for, so a crash between a
 * commit and the store's "anchored" mark can no longer cost a delivery or supplier data that the
 * ledger names. A contract that cannot be asked makes the answer an error, and the document is kept.
 *
 * <p>A contract that starts anchoring a new kind of document adds its lookup here.
 */
@Component
public class AnchoredDocuments implements LedgerReferences {
    private final List<Function<String, Mono<Boolean>>> contracts;

    public AnchoredDocuments(Ledger ledger, ReaderIdentity reader) {
        this.contracts = List.of(
                indexed(ledger, reader, "footprint:byDocument"),
                indexed(ledger, reader, "supplychain:byDelivery"),
                indexed(ledger, reader, "supplierdata:byStored"),
                // Factor sets are few and have no hash index: their list is read whole.
                hash -> ledger.evaluate(reader.identity(), "factorset:list", List.of())
                        .map(payload -> LedgerJson.read(payload, new TypeReference<List<FactorSetRecord>>() { }).stream()
                                .anyMatch(set -> hash.equals(set.documentHash()))));
    }

    @Override
    public Mono<Boolean> isReferenced(String hashId) {
        return Flux.fromIterable(contracts).concatMap(contract -> contract.apply(hashId)).any(Boolean::booleanValue);
    }

    /** A contract function that answers the ids of the records naming a hash, through its hash index. */
    private static Function<String, Mono<Boolean>> indexed(Ledger ledger, ReaderIdentity reader, String function) {
        return hash -> ledger.evaluate(reader.identity(), function, List.of(hash))
                .map(payload -> !((List<?>) LedgerJson.plain(payload)).isEmpty());
    }
}
