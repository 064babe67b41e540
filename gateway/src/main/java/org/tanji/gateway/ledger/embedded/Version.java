package org.tanji.gateway.ledger.embedded;

/**
 * The height at which a key was last written: block number and position in the block. This is
 * Fabric's version for MVCC, so a read is stale exactly when the key's height has moved on.
 */
record Version(long blockNumber, int txNumber) {
}
