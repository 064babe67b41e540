package org.tanji.gateway.ledger;

/** Base of every failure the {@link Ledger} port reports. */
public abstract sealed class LedgerException extends RuntimeException
        permits ChaincodeRejection, MvccConflict, LedgerUnavailable {

    protected LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
