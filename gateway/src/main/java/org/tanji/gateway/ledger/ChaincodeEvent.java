package org.tanji.gateway.ledger;

/** An event set by the chaincode in a committed, valid transaction. */
public record ChaincodeEvent(String name, byte[] payload, String txId, long blockNumber) {
}
