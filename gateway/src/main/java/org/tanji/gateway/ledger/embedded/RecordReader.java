package org.tanji.gateway.ledger.embedded;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link RecordWriter} wrote, bounds-checking every length so a corrupted record fails
 * with {@link MalformedRecordException} instead of an out-of-memory or a silent misread.
 */
final class RecordReader {
    private final byte[] buf;
    private final int end;
    private int pos;

    RecordReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    RecordReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    private void need(int n) {
        if (n < 0 || end - pos < n) {
            throw new MalformedRecordException("record ends early at offset " + pos + " (needs " + n + " more bytes)");
        }
    }

    int u8() {
        need(1);
        return buf[pos++] & 0xff;
    }

    boolean bool() {
        int v = u8();
        if (v > 1) {
            throw new MalformedRecordException("invalid boolean " + v + " at offset " + (pos - 1));
        }
        return v == 1;
    }

    int i32() {
        need(4);
        int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    long i64() {
        return ((long) i32() << 32) | (i32() & 0xffffffffL);
    }

    /** A count of elements that follow; each takes at least one byte, which bounds it. */
    int count() {
        int n = i32();
        if (n < 0 || n > end - pos) {
            throw new MalformedRecordException("implausible element count " + n + " at offset " + (pos - 4));
        }
        return n;
    }

    byte[] raw(int n) {
        need(n);
        byte[] v = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return v;
    }

    byte[] bytes() {
        int n = i32();
        if (n < 0) {
            throw new MalformedRecordException("negative length " + n + " at offset " + (pos - 4));
        }
        return raw(n);
    }

    String str() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    int position() {
        return pos;
    }

    void skip(int n) {
        need(n);
        pos += n;
    }

    boolean atEnd() {
        return pos == end;
    }

    void expectEnd(String what) {
        if (pos != end) {
            throw new MalformedRecordException(what + " has " + (end - pos) + " unexpected trailing bytes");
        }
    }

    /** A complete record on disk that does not decode as its format says. */
    static final class MalformedRecordException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedRecordException(String message) {
            super(message);
        }
    }
}
