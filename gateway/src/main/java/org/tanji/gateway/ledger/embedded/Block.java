package org.tanji.gateway.ledger.embedded;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A block as stored in {@code blocks.log}. The header (number, previous block hash, data hash,
 * commit time, channel) is hashed to give the block hash, and the data hash covers every
 * transaction's bytes, so changing any stored byte breaks either this block's hashes or the next
 * block's link to it.
 *
 * <p>Layout: {@code format, header, txCount, (len, tx)*, blockHash}.
 */
record Block(long number, byte[] previousHash, byte[] dataHash, Instant timestamp, String channelId,
        List<byte[]> transactions, byte[] hash) {

    static final int HASH_BYTES = 32;
    static final byte[] GENESIS_PREVIOUS_HASH = new byte[HASH_BYTES];
    private static final int FORMAT = 1;

    String hashHex() {
        return HexFormat.of().formatHex(hash);
    }

    static Block create(long number, byte[] previousHash, Instant timestamp, String channelId, List<byte[]> transactions) {
        MessageDigest data = sha256();
        data.update(int32(transactions.size()));
        for (byte[] tx : transactions) {
            data.update(int32(tx.length));
            data.update(tx);
        }
        byte[] dataHash = data.digest();
        byte[] header = header(number, previousHash, dataHash, timestamp, channelId);
        return new Block(number, previousHash, dataHash, timestamp, channelId, transactions, sha256().digest(header));
    }

    /**
     * Where each transaction's bytes start in {@link #encode()}'s output: after the format byte,
     * the header and the count, each transaction follows its 4-byte length.
     */
    int[] transactionOffsets() {
        int at = 1 + 8 + 2 * HASH_BYTES + 8 + 4 + 4 + channelId.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 4;
        int[] offsets = new int[transactions.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = at + 4;
            at += 4 + transactions.get(i).length;
        }
        return offsets;
    }

    private static byte[] header(long number, byte[] previousHash, byte[] dataHash, Instant ts, String channelId) {
        return new RecordWriter(128).i64(number).raw(previousHash).raw(dataHash)
                .i64(ts.getEpochSecond()).i32(ts.getNano()).str(channelId).toByteArray();
    }

    byte[] encode() {
        int txBytes = transactions.stream().mapToInt(t -> t.length + 4).sum();
        RecordWriter w = new RecordWriter(128 + txBytes + HASH_BYTES);
        w.u8(FORMAT).raw(header(number, previousHash, dataHash, timestamp, channelId));
        w.i32(transactions.size());
        for (byte[] tx : transactions) {
            w.bytes(tx);
        }
        w.raw(hash);
        return w.toByteArray();
    }

    /**
     * Decodes a stored block and checks everything that can be checked from the block alone plus
     * its predecessor's hash. Any failure names the block and what failed.
     */
    static Block decodeAndVerify(byte[] payload, long expectedNumber, byte[] expectedPreviousHash, String where) {
        RecordReader r = new RecordReader(payload);
        long number;
        byte[] prev;
        Instant ts;
        String channel;
        int headerStart;
        int headerEnd;
        int dataStart;
        List<byte[]> txs;
        byte[] storedHash;
        try {
            int format = r.u8();
            if (format != FORMAT) {
                throw new RecordReader.MalformedRecordException("unknown block format " + format);
            }
            headerStart = r.position();
            number = r.i64();
            prev = r.raw(HASH_BYTES);
            r.skip(HASH_BYTES);
            ts = Instant.ofEpochSecond(r.i64(), r.i32());
            channel = r.str();
            headerEnd = r.position();
            dataStart = headerEnd;
            int count = r.count();
            txs = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                txs.add(r.bytes());
            }
            storedHash = r.raw(HASH_BYTES);
            r.expectEnd("block");
        } catch (RecordReader.MalformedRecordException | java.time.DateTimeException e) {
            throw broken(expectedNumber, "record does not decode (" + e.getMessage() + ")", where, e);
        }
        if (number != expectedNumber) {
            throw broken(expectedNumber, "record claims to be block " + number, where, null);
        }
        byte[] storedDataHash = Arrays.copyOfRange(payload, headerStart + 8 + HASH_BYTES, headerStart + 8 + 2 * HASH_BYTES);
        MessageDigest data = sha256();
        data.update(payload, dataStart, payload.length - HASH_BYTES - dataStart);
        if (!MessageDigest.isEqual(data.digest(), storedDataHash)) {
            throw broken(number, "data hash mismatch", where, null);
        }
        MessageDigest header = sha256();
        header.update(payload, headerStart, headerEnd - headerStart);
        if (!MessageDigest.isEqual(header.digest(), storedHash)) {
            throw broken(number, "header hash mismatch", where, null);
        }
        if (!MessageDigest.isEqual(prev, expectedPreviousHash)) {
            throw broken(number, "previous-hash link broken (it does not point at block " + (number - 1) + ")", where, null);
        }
        return new Block(number, prev, storedDataHash, ts, channel, txs, storedHash);
    }

    static BrokenChainException broken(long block, String what, String where, Throwable cause) {
        return new BrokenChainException(block, "block " + block + ": " + what + " — the block log at " + where
                + " has been altered or damaged; refusing to start", cause);
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    static byte[] sha256(byte[] bytes) {
        return sha256().digest(bytes);
    }
}
