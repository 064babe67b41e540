package org.tanji.gateway.ledger.embedded;

import java.util.ArrayList;
import java.util.List;

/**
 * The private-data values written by the valid transactions of one block, as stored in
 * {@code private.log}. The block itself carries only their hashes, so these bytes never enter the
 * shared, hash-chained history.
 */
record PrivateBatch(long blockNumber, List<Entry> entries) {

    private static final int FORMAT = 1;

    /** {@code value} is present for {@link TxRecord.PrivateOp#PUT} only. */
    record Entry(int txIndex, String collection, String key, TxRecord.PrivateOp op, byte[] value) {
    }

    byte[] encode() {
        RecordWriter w = new RecordWriter(256);
        w.u8(FORMAT).i64(blockNumber).i32(entries.size());
        for (Entry e : entries) {
            w.i32(e.txIndex()).str(e.collection()).str(e.key()).u8(e.op().ordinal());
            if (e.op() == TxRecord.PrivateOp.PUT) {
                w.bytes(e.value());
            }
        }
        return w.toByteArray();
    }

    static PrivateBatch decode(byte[] payload) {
        RecordReader r = new RecordReader(payload);
        int format = r.u8();
        if (format != FORMAT) {
            throw new RecordReader.MalformedRecordException("unknown private batch format " + format);
        }
        long block = r.i64();
        int n = r.count();
        List<Entry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int tx = r.i32();
            String coll = r.str();
            String key = r.str();
            int op = r.u8();
            if (op >= TxRecord.PrivateOp.values().length) {
                throw new RecordReader.MalformedRecordException("unknown private op " + op);
            }
            TxRecord.PrivateOp privateOp = TxRecord.PrivateOp.values()[op];
            entries.add(new Entry(tx, coll, key, privateOp, privateOp == TxRecord.PrivateOp.PUT ? r.bytes() : null));
        }
        r.expectEnd("private batch of block " + block);
        return new PrivateBatch(block, entries);
    }
}
