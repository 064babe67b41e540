package org.tanji.gateway.store;

import reactor.core.publisher.Mono;

/**
 * Answers whether any committed ledger record refers to a document id. The gateway's ledger side
 * provides the bean; without one, the orphan sweep does not run, because it could not tell an
 * orphan from a document whose anchoring was merely not recorded.
 */
@FunctionalInterface
public interface LedgerReferences {

    /**
     * @param hashId a document id such as {@code "sha256:<hex>"}
     * @return {@code true} if a committed ledger record refers to it; an empty result or an error
     *     is taken as "don't know", and the document is kept
     */
    Mono<Boolean> isReferenced(String hashId);
}
