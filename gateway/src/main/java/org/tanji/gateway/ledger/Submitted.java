package org.tanji.gateway.ledger;

import java.time.Instant;

/** A committed, valid transaction: its id, the block that holds it, and the contract's return value. */
public record Submitted(String txId, long blockNumber, byte[] payload, Instant timestamp) {
}
