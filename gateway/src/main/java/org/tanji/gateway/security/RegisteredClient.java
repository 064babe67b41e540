package org.tanji.gateway.security;

/**
 * An API client: its id, the bcrypt hash of its secret, its role and its organisation. Its ledger
 * identity is the certificate {@code CN=<clientId>} issued by its organisation's CA.
 */
public record RegisteredClient(String clientId, String secretHash, Role role, String mspId) {

    /** The id by which the ledger names this client, {@code <mspId>/<clientId>}. */
    public String ledgerId() {
        return mspId + "/" + clientId;
    }
}
