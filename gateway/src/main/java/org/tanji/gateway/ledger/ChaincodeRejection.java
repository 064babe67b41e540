package org.tanji.gateway.ledger;

/**
 * The contract refused the call. {@code code} is the chaincode's error code (e.g. {@code NOT_FOUND},
 * {@code NOT_ACCREDITED}); the message is the contract's own words.
 */
public final class ChaincodeRejection extends LedgerException {
    private final String code;

    public ChaincodeRejection(String code, String message) {
        super(message, null);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
