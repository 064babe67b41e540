/**
 * Errors as RFC 9457 problem details: one advice maps domain and ledger failures to HTTP, with
 * field-level messages, so that controllers stay thin.
 */
package org.tanji.gateway.problem;
