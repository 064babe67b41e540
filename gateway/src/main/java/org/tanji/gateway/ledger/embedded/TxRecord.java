package org.tanji.gateway.ledger.embedded;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One transaction as the block log keeps it: who sent it, when, what it called, what it read and
 * wrote, and how validation judged it. Private data appears only as SHA-256 hashes of key and
 * value, as in a Fabric block; the values themselves live in the private log.
 */
record TxRecord(
        String txId,
        String creatorMspId,
        byte[] creatorCertPem,
        Instant timestamp,
        List<byte[]> args,
        ValidationCode validationCode,
        List<KeyRead> reads,
        List<RangeRead> rangeReads,
        List<KeyWrite> writes,
        List<MetadataWrite> metadataWrites,
        List<HashedRead> privateReads,
        List<HashedWrite> privateWrites,
        List<HashedMetadataWrite> privateMetadataWrites,
        Event event,
        byte[] response) {

    private static final int FORMAT = 1;

    /** {@code version} is null when the key was absent. */
    record KeyRead(String key, Version version) {
    }

    /**
     * A range the transaction scanned and the keys it saw. When the contract stopped iterating
     * early ({@code exhausted} false) only the part up to the last key seen is re-checked, as
     * Fabric does.
     */
    record RangeRead(String startKey, String endKey, boolean exhausted, List<KeyRead> results) {
    }

    /** {@code value} is null for a delete. */
    record KeyWrite(String key, byte[] value) {
        boolean isDelete() {
            return value == null;
        }
    }

    record MetadataWrite(String key, byte[] validationParameter) {
    }

    record HashedRead(String collection, byte[] keyHash, Version version) {
    }

    enum PrivateOp { PUT, DELETE, PURGE }

    /** {@code valueHash} is present for {@link PrivateOp#PUT} only. */
    record HashedWrite(String collection, byte[] keyHash, PrivateOp op, byte[] valueHash) {
    }

    record HashedMetadataWrite(String collection, byte[] keyHash, byte[] validationParameter) {
    }

    record Event(String name, byte[] payload) {
    }

    String function() {
        return args.isEmpty() ? "" : new String(args.get(0), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Where {@link #encode()} puts the validation code, so the committer can set it without re-encoding. */
    static final int VALIDATION_CODE_OFFSET = 1;

    TxRecord withValidationCode(ValidationCode code) {
        return new TxRecord(txId, creatorMspId, creatorCertPem, timestamp, args, code, reads, rangeReads, writes,
                metadataWrites, privateReads, privateWrites, privateMetadataWrites, event, response);
    }

    byte[] encode() {
        return encodeLocated().bytes();
    }

    /** Encoded bytes and, per write in order, where its value starts in them (-1 for a delete). */
    record Encoded(byte[] bytes, int[] valueOffsets) {
    }

    Encoded encodeLocated() {
        RecordWriter w = new RecordWriter(256);
        int[] valueOffsets = new int[writes.size()];
        w.u8(FORMAT).u8(validationCode.ordinal()).str(txId).str(creatorMspId).bytes(creatorCertPem);
        w.i64(timestamp.getEpochSecond()).i32(timestamp.getNano());
        w.i32(args.size());
        args.forEach(w::bytes);
        w.i32(reads.size());
        reads.forEach(r -> writeRead(w, r));
        w.i32(rangeReads.size());
        for (RangeRead rr : rangeReads) {
            w.str(rr.startKey()).str(rr.endKey()).bool(rr.exhausted()).i32(rr.results().size());
            rr.results().forEach(r -> writeRead(w, r));
        }
        w.i32(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            KeyWrite kw = writes.get(i);
            w.str(kw.key()).bool(kw.isDelete());
            // The value follows its 4-byte length.
            valueOffsets[i] = kw.isDelete() ? -1 : w.size() + 4;
            if (!kw.isDelete()) {
                w.bytes(kw.value());
            }
        }
        w.i32(metadataWrites.size());
        metadataWrites.forEach(m -> w.str(m.key()).bytes(m.validationParameter()));
        w.i32(privateReads.size());
        for (HashedRead r : privateReads) {
            w.str(r.collection()).raw(r.keyHash());
            writeVersion(w, r.version());
        }
        w.i32(privateWrites.size());
        for (HashedWrite pw : privateWrites) {
            w.str(pw.collection()).raw(pw.keyHash()).u8(pw.op().ordinal());
            if (pw.op() == PrivateOp.PUT) {
                w.raw(pw.valueHash());
            }
        }
        w.i32(privateMetadataWrites.size());
        privateMetadataWrites.forEach(m -> w.str(m.collection()).raw(m.keyHash()).bytes(m.validationParameter()));
        w.bool(event != null);
        if (event != null) {
            w.str(event.name()).bytes(event.payload());
        }
        w.bytes(response);
        return new Encoded(w.toByteArray(), valueOffsets);
    }

    private static void writeRead(RecordWriter w, KeyRead r) {
        w.str(r.key());
        writeVersion(w, r.version());
    }

    private static void writeVersion(RecordWriter w, Version v) {
        w.bool(v != null);
        if (v != null) {
            w.i64(v.blockNumber()).i32(v.txNumber());
        }
    }

    static TxRecord decode(byte[] bytes) {
        return decodeLocated(bytes).tx();
    }

    /**
     * A decoded transaction and, per write in order, where its value starts in the encoded bytes
     * (-1 for a delete), so committed state can point into the block log instead of holding
     * its own copy.
     */
    record Located(TxRecord tx, int[] valueOffsets) {
    }

    static Located decodeLocated(byte[] bytes) {
        RecordReader r = new RecordReader(bytes);
        int format = r.u8();
        if (format != FORMAT) {
            throw new RecordReader.MalformedRecordException("unknown transaction format " + format);
        }
        int code = r.u8();
        if (code >= ValidationCode.values().length) {
            throw new RecordReader.MalformedRecordException("unknown validation code " + code);
        }
        String txId = r.str();
        String msp = r.str();
        byte[] cert = r.bytes();
        Instant ts = Instant.ofEpochSecond(r.i64(), r.i32());
        int argc = r.count();
        List<byte[]> args = new ArrayList<>(argc);
        for (int i = 0; i < argc; i++) {
            args.add(r.bytes());
        }
        int n = r.count();
        List<KeyRead> reads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            reads.add(readRead(r));
        }
        n = r.count();
        List<RangeRead> ranges = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String start = r.str();
            String end = r.str();
            boolean exhausted = r.bool();
            int m = r.count();
            List<KeyRead> results = new ArrayList<>(m);
            for (int j = 0; j < m; j++) {
                results.add(readRead(r));
            }
            ranges.add(new RangeRead(start, end, exhausted, results));
        }
        n = r.count();
        List<KeyWrite> writes = new ArrayList<>(n);
        int[] valueOffsets = new int[n];
        for (int i = 0; i < n; i++) {
            String key = r.str();
            boolean delete = r.bool();
            // The value follows its 4-byte length.
            valueOffsets[i] = delete ? -1 : r.position() + 4;
            writes.add(new KeyWrite(key, delete ? null : r.bytes()));
        }
        n = r.count();
        List<MetadataWrite> meta = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            meta.add(new MetadataWrite(r.str(), r.bytes()));
        }
        n = r.count();
        List<HashedRead> pReads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            pReads.add(new HashedRead(r.str(), r.raw(32), readVersion(r)));
        }
        n = r.count();
        List<HashedWrite> pWrites = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String coll = r.str();
            byte[] keyHash = r.raw(32);
            int op = r.u8();
            if (op >= PrivateOp.values().length) {
                throw new RecordReader.MalformedRecordException("unknown private write op " + op);
            }
            PrivateOp privateOp = PrivateOp.values()[op];
            pWrites.add(new HashedWrite(coll, keyHash, privateOp, privateOp == PrivateOp.PUT ? r.raw(32) : null));
        }
        n = r.count();
        List<HashedMetadataWrite> pMeta = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            pMeta.add(new HashedMetadataWrite(r.str(), r.raw(32), r.bytes()));
        }
        Event event = r.bool() ? new Event(r.str(), r.bytes()) : null;
        byte[] response = r.bytes();
        r.expectEnd("transaction " + txId);
        return new Located(new TxRecord(txId, msp, cert, ts, args, ValidationCode.values()[code], reads, ranges, writes, meta,
                pReads, pWrites, pMeta, event, response), valueOffsets);
    }

    private static KeyRead readRead(RecordReader r) {
        return new KeyRead(r.str(), readVersion(r));
    }

    private static Version readVersion(RecordReader r) {
        return r.bool() ? new Version(r.i64(), r.i32()) : null;
    }
}
