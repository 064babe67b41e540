package org.tanji.gateway.ledger.embedded;

/**
 * The block log on disk no longer verifies: a hash does not match, a link in the chain is broken,
 * or a complete record cannot be decoded. The ledger refuses to start rather than serve state
 * rebuilt from a history that may have been altered.
 */
public final class BrokenChainException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final long blockNumber;

    public BrokenChainException(long blockNumber, String message) {
        super(message);
        this.blockNumber = blockNumber;
    }

    public BrokenChainException(long blockNumber, String message, Throwable cause) {
        super(message, cause);
        this.blockNumber = blockNumber;
    }

    /** The first block that failed verification. */
    public long blockNumber() {
        return blockNumber;
    }
}
