package org.tanji.gateway.store;

/**
 * A stored document no longer matches the hash it is addressed by: its bytes (or its recorded
 * size) were altered after it was written. The document must not be served.
 */
public class TamperedDocumentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String hashId;

    public TamperedDocumentException(String hashId, String detail) {
        super("document " + hashId + " does not match its hash: " + detail);
        this.hashId = hashId;
    }

    /** The id the document was requested under. */
    public String hashId() {
        return hashId;
    }
}
