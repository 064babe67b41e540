package org.tanji.gateway.store;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * Removes documents that no ledger record refers to. Because documents are written before their
 * ledger record, a failed or abandoned submit leaves one behind; after the grace period the sweep
 * asks the ledger about each unanchored document and deletes those it does not know.
 *
 * <p>Every doubt resolves towards keeping the document: a predicate that errors or answers
 * nothing keeps it, and the delete itself re-checks, atomically, that the document is still
 * unanchored and was not put again since the cutoff.
 */
public class OrphanSweeper {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweeper.class);

    /** How many ledger look-ups run at once; keeps a large backlog from flooding the ledger. */
    private static final int CONCURRENCY = 4;

    private final DocumentStore store;

    public OrphanSweeper(DocumentStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Deletes unanchored documents last put before {@code olderThan} that the ledger does not
     * refer to. Documents the ledger does refer to are marked anchored instead.
     *
     * @param olderThan            the cutoff: only documents last put before it are considered
     * @param isReferencedOnLedger asked once per unanchored candidate, never about anchored ones
     * @return how many documents were deleted
     */
    public Mono<Long> sweep(Instant olderThan, Function<String, Mono<Boolean>> isReferencedOnLedger) {
        Objects.requireNonNull(olderThan, "olderThan");
        Objects.requireNonNull(isReferencedOnLedger, "isReferencedOnLedger");
        return store.unanchoredPutBefore(olderThan)
                .flatMap(id -> settle(id, olderThan, isReferencedOnLedger), CONCURRENCY)
                .filter(Boolean::booleanValue)
                .count()
                .doOnNext(deleted -> {
                    if (deleted > 0) {
                        log.info("orphan sweep removed {} unreferenced document(s) last written before {}", deleted, olderThan);
                    } else {
                        log.debug("orphan sweep found nothing to remove before {}", olderThan);
                    }
                });
    }

    /** Emits whether {@code id} was deleted. */
    private Mono<Boolean> settle(String id, Instant olderThan, Function<String, Mono<Boolean>> isReferencedOnLedger) {
        return Mono.defer(() -> isReferencedOnLedger.apply(id))
                .flatMap(referenced -> referenced
                        ? store.anchorFoundBySweep(id)
                                .doOnSuccess(done -> log.info("document {} is referenced on the ledger but was not marked anchored; marked now", id))
                                .thenReturn(false)
                        : store.deleteIfStillOrphan(id, olderThan)
                                .doOnNext(deleted -> {
                                    if (deleted) {
                                        log.debug("swept orphan document {}", id);
                                    }
                                }))
                .defaultIfEmpty(false)
                .onErrorResume(error -> {
                    log.warn("orphan sweep kept {}: could not settle it ({})", id, error.toString());
                    return Mono.just(false);
                });
    }
}
