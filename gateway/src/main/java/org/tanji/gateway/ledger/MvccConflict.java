package org.tanji.gateway.ledger;

/** The transaction read state that another transaction changed before it committed; it was invalidated. */
public final class MvccConflict extends LedgerException {
    private final String txId;

    public MvccConflict(String txId, String message) {
        super(message, null);
        this.txId = txId;
    }

    public String txId() {
        return txId;
    }
}
