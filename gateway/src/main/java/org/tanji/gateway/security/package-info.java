/**
 * Clients, tokens and identities: OAuth2 client credentials, JWT checks by role, rate limits on
 * public endpoints, and each client's X.509 ledger identity issued by its organisation's CA.
 */
package org.tanji.gateway.security;
