package org.tanji.gateway.ledger.embedded;

/**
 * The outcomes the committer gives a transaction, named as Fabric's {@code TxValidationCode} names
 * them so proofs read the same on both ledgers.
 */
enum ValidationCode {
    VALID,
    /** A key the transaction read was changed by a transaction ordered before it. */
    MVCC_READ_CONFLICT,
    /** A range the transaction scanned gained, lost or changed a key before it committed. */
    PHANTOM_READ_CONFLICT
}
