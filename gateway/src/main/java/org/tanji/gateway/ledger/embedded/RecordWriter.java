package org.tanji.gateway.ledger.embedded;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable big-endian buffer for the block and private logs. Hand-rolled rather than a
 * serialization library so the bytes that get hashed are exactly the bytes written, with no
 * library version in between that could change them.
 */
final class RecordWriter {
    private byte[] buf;
    private int size;

    RecordWriter(int initialCapacity) {
        this.buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }

    RecordWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    RecordWriter bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    RecordWriter i32(int v) {
        ensure(4);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    RecordWriter i64(long v) {
        i32((int) (v >>> 32));
        return i32((int) v);
    }

    /** Raw bytes with no length prefix, for fixed-size fields such as hashes. */
    RecordWriter raw(byte[] v) {
        return raw(v, 0, v.length);
    }

    RecordWriter raw(byte[] v, int off, int len) {
        ensure(len);
        System.arraycopy(v, off, buf, size, len);
        size += len;
        return this;
    }

    RecordWriter bytes(byte[] v) {
        i32(v.length);
        return raw(v);
    }

    RecordWriter str(String v) {
        return bytes(v.getBytes(StandardCharsets.UTF_8));
    }

    /** Reserves an int to be filled in later, returning its position. */
    int placeholder() {
        int at = size;
        i32(0);
        return at;
    }

    void patchI32(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    int size() {
        return size;
    }

    byte[] array() {
        return buf;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
