/**
 * The embedded ledger: the real contracts run in-process through the shim's contract router
 * against a stub with a peer's semantics (MVCC, composite keys, history, private data, events),
 * and commits go to a hash-chained, group-committed block log that is replayed and verified on
 * start. It is the default ledger for a single machine.
 *
 * <pre>{@code
 * EmbeddedLedger ledger = EmbeddedLedger.open(EmbeddedLedgerConfig.of(Path.of("data/ledger"), mspRoots));
 * ledger.submit(identity, "footprint:record", List.of(json)).map(Submitted::txId);
 * }</pre>
 */
package org.tanji.gateway.ledger.embedded;
