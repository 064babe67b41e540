package org.tanji.gateway.factor;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.tanji.chaincode.factor.FactorSetContract;
import org.tanji.chaincode.factor.FactorSetRecord;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.LedgerJson;
import org.tanji.gateway.problem.ApiException;
import org.tanji.gateway.security.ReaderIdentity;
import org.tanji.gateway.store.DocumentStore;

import com.fasterxml.jackson.core.type.TypeReference;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Publishes factor sets and answers lookups from an in-memory {@link FactorIndex}. Publishing
 * stores the canonical set under its hash first, then anchors the hash; a refused anchor deletes
 * the document again, and a committed one marks it anchored so the orphan sweep keeps it.
 *
 * <p>The index is built from the ledger's anchors and the store's documents on first use, and
 * rebuilt after any anchoring, this gateway's or another's (a {@code tanji.factorset} event).
 * Sets are published rarely and read constantly, so a rebuild per publication is cheap.
 */
@Service
public class FactorSetRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(FactorSetRegistry.class);
    private static final Duration FOREVER = Duration.ofDays(36_500);
    private final Ledger ledger;
    private final DocumentStore documents;
    private final ReaderIdentity reader;
    private final AtomicReference<Mono<FactorIndex>> index = new AtomicReference<>();
    private Disposable subscription;

    public FactorSetRegistry(Ledger ledger, DocumentStore documents, ReaderIdentity reader) {
        this.ledger = ledger;
        this.documents = documents;
        this.reader = reader;
    }

    /** What the API answers after a set is anchored. */
    public record Published(String name, String version, String documentHash, int factorCount, String txId,
                            long blockNumber) {
    }

    @PostConstruct
    void followLedger() {
        subscription = ledger.events().filter(e -> FactorSetContract.EVENT.equals(e.name()))
                .subscribe(e -> index.set(null), error -> LOG.error("lost the ledger's event stream; factor sets published elsewhere are not indexed", error));
    }

    @PreDestroy
    void stop() {
        if (subscription != null) {
            subscription.dispose();
        }
    }

    public Mono<Published> publish(LedgerIdentity identity, FactorSet set) {
        byte[] canonical = set.canonical();
        String hash = documents.idOf(canonical);
        List<String> args = List.of(CanonicalJson.string(set.anchor(hash)));
        return documents.put("factor-set", canonical, "application/json")
                .flatMap(stored -> ledger.submit(identity, "factorset:anchor", args)
                        .onErrorResume(ChaincodeRejection.class, e -> documents.deleteIfUnanchored(stored.id()).then(Mono.error(e))))
                .flatMap(tx -> documents.markAnchored(hash, tx.txId()).thenReturn(tx))
                .map(tx -> {
                    // Rebuilt on next use rather than patched here: two concurrent publishes
                    // patching one snapshot could each drop the other's set.
                    index.set(null);
                    return new Published(set.name(), set.version(), hash, set.factors().size(), tx.txId(), tx.blockNumber());
                });
    }

    /** The index as it stands, loading it on first use. */
    public Mono<FactorIndex> index() {
        Mono<FactorIndex> current = index.get();
        if (current == null) {
            current = load().cache(i -> FOREVER, e -> Duration.ZERO, () -> Duration.ZERO);
            if (!index.compareAndSet(null, current)) {
                current = index.get();
            }
        }
        return current;
    }

    /** A set version, or 404 naming it. */
    public Mono<FactorIndex.Indexed> set(String name, String version) {
        return index().flatMap(i -> {
            FactorIndex.Indexed found = i.set(name, version);
            return found == null ? Mono.error(ApiException.notFound("no factor set " + name + " version " + version
                    + " is anchored")) : Mono.just(found);
        });
    }

    public Mono<FactorIndex.Found> lookup(String code, String region, LocalDate day) {
        return index().flatMap(i -> Mono.justOrEmpty(i.lookup(code, region, day)))
                .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.NOT_FOUND, "no anchored factor set has a factor "
                        + code + (region == null ? "" : " for " + region) + " valid on " + day)));
    }

    private Mono<FactorIndex> load() {
        return ledger.evaluate(reader.identity(), "factorset:list", List.of())
                .map(p -> LedgerJson.read(p, new TypeReference<List<FactorSetRecord>>() { }))
                .flatMapMany(Flux::fromIterable)
                .concatMap(r -> documents.get(r.documentHash())
                        .map(doc -> new FactorIndex.Indexed(CanonicalJson.read(doc.content(), FactorSet.class), r.documentHash()))
                        .switchIfEmpty(Mono.fromRunnable(() -> LOG.error("factor set {} {} is anchored but its document {} is missing",
                                r.name(), r.version(), r.documentHash()))))
                .collectList()
                .map(FactorIndex::of);
    }
}
