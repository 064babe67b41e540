package org.tanji.gateway.ledger.embedded;

/** How often the embedded ledger forces its block log to disk before acknowledging a transaction. */
public enum Durability {
    /**
     * One fsync per block, and a block holds every transaction that queued up while the previous
     * fsync ran. Every acknowledged transaction is durable; latency is one fsync plus queueing.
     */
    GROUP_COMMIT,

    /**
     * One block and one fsync per transaction. Exists as the benchmark baseline that shows what
     * group commit buys.
     */
    FSYNC_PER_TRANSACTION
}
