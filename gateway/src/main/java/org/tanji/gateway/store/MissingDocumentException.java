package org.tanji.gateway.store;

/**
 * An operation needed a document that the off-chain store does not hold, e.g. anchoring a hash
 * that was never written.
 */
public class MissingDocumentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String hashId;

    public MissingDocumentException(String hashId) {
        super("document " + hashId + " is not in the off-chain store");
        this.hashId = hashId;
    }

    /** The id that was looked for. */
    public String hashId() {
        return hashId;
    }
}
