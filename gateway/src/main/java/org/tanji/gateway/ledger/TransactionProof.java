package org.tanji.gateway.ledger;

/**
 * Where a transaction sits in the chain: block number, position in the block, the block's hash
 * and the validation outcome (e.g. {@code VALID}, {@code MVCC_READ_CONFLICT}).
 */
public record TransactionProof(String txId, long blockNumber, int txIndex, String blockHash, String validationCode) {
}
