package org.tanji.chaincode.supplychain;

import java.util.List;

/**
 * What the shared ledger knows of a supplier's raw data: a salted hash and who may see it. The
 * data itself, and the salt, stay off the channel (private data of the organisations it was
 * disclosed to, and encrypted in the store), so the hash cannot be tested against guesses by anyone
 * who has not been shown the data.
 *
 * @param saltedHash  {@code sha256:<hex>} of the salt followed by the exact bytes of the data
 * @param storedHash  the store's id of the encrypted copy, so the store keeps it
 * @param kind        what the data is, in the supplier's own words (e.g. {@code meter-readings})
 * @param disclosedTo ledger ids of the counterparties the supplier disclosed it to
 * @param anchorTxId  the transaction that anchored the hash (later versions only add disclosures)
 */
public record SupplierDataAnchor(
        String id,
        int version,
        String ownerId,
        String ownerMsp,
        String saltedHash,
        String storedHash,
        String kind,
        List<String> disclosedTo,
        String anchoredAt,
        String anchorTxId,
        String updatedAt,
        String txId) {

    SupplierDataAnchor disclosedTo(String counterparty, String at, String tx) {
        List<String> to = new java.util.ArrayList<>(disclosedTo);
        to.add(counterparty);
        return new SupplierDataAnchor(id, version + 1, ownerId, ownerMsp, saltedHash, storedHash, kind, List.copyOf(to),
                anchoredAt, anchorTxId, at, tx);
    }
}
