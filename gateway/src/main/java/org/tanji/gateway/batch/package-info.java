/**
 * Serialized batches: a certifier asks for up to 100,000 units of a label in one request, a durable
 * job issues them on the ledger in chunks (one transaction per chunk, {@code labelunit:issue}),
 * resumes after a restart, and keeps each unit's QR text for the printer.
 */
package org.tanji.gateway.batch;
