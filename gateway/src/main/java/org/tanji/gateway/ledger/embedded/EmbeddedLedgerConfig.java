package org.tanji.gateway.ledger.embedded;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how the embedded ledger keeps its chain.
 *
 * @param dir         directory for {@code blocks.log}, {@code private.log} and the lock file
 * @param channelId   channel name recorded in every block; a ledger directory belongs to one channel
 * @param chaincodeId chaincode name the contracts run under, as on a peer
 * @param mspRoots    root CA certificate of each organisation's MSP, by MSP id
 * @param durability  when a transaction is acknowledged relative to fsync
 * @param maxBatch    most transactions per block under {@link Durability#GROUP_COMMIT}
 */
public record EmbeddedLedgerConfig(Path dir, String channelId, String chaincodeId,
        Map<String, X509Certificate> mspRoots, Durability durability, int maxBatch) {

    public static final String DEFAULT_CHANNEL = "tanji";
    public static final String DEFAULT_CHAINCODE = "tanji";
    public static final int DEFAULT_MAX_BATCH = 512;

    public EmbeddedLedgerConfig {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(durability, "durability");
        if (channelId == null || channelId.isBlank()) {
            throw new IllegalArgumentException("channelId must not be blank");
        }
        if (chaincodeId == null || chaincodeId.isBlank()) {
            throw new IllegalArgumentException("chaincodeId must not be blank");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
        mspRoots = Map.copyOf(Objects.requireNonNull(mspRoots, "mspRoots"));
    }

    /** Default channel and chaincode names, group commit, {@value #DEFAULT_MAX_BATCH} per block. */
    public static EmbeddedLedgerConfig of(Path dir, Map<String, X509Certificate> mspRoots) {
        return new EmbeddedLedgerConfig(dir, DEFAULT_CHANNEL, DEFAULT_CHAINCODE, mspRoots, Durability.GROUP_COMMIT, DEFAULT_MAX_BATCH);
    }

    public EmbeddedLedgerConfig withDurability(Durability newDurability) {
        return new EmbeddedLedgerConfig(dir, channelId, chaincodeId, mspRoots, newDurability, maxBatch);
    }

    public EmbeddedLedgerConfig withMaxBatch(int newMaxBatch) {
        return new EmbeddedLedgerConfig(dir, channelId, chaincodeId, mspRoots, durability, newMaxBatch);
    }

    /** Per-transaction fsync means one transaction per block, whatever {@code maxBatch} says. */
    int effectiveMaxBatch() {
        return durability == Durability.FSYNC_PER_TRANSACTION ? 1 : maxBatch;
    }
}
