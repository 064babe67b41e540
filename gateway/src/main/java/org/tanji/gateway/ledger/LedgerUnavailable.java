package org.tanji.gateway.ledger;

/** The ledger could not be reached, or the outcome of a transaction is unknown. */
public final class LedgerUnavailable extends LedgerException {
    public LedgerUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
