package org.tanji.gateway.ledger.embedded;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * An append-only file of length-prefixed frames: {@code magic, length, ~length, payload}. The
 * complemented length lets a reader tell a torn tail (the file simply ends, or ends in zeros, after
 * a crash before fsync returned) from a damaged frame (a flipped length or magic), which must never
 * be mistaken for a crash and silently cut off.
 */
final class FramedLog implements AutoCloseable {
    static final int HEADER_BYTES = 12;

    private final Path path;
    private final int magic;
    private final FileChannel channel;
    private long end;

    private FramedLog(Path path, int magic, FileChannel channel) throws IOException {
        this.path = path;
        this.magic = magic;
        this.channel = channel;
        this.end = channel.size();
    }

    static FramedLog open(Path path, int magic) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new FramedLog(path, magic, ch);
    }

    Path path() {
        return path;
    }

    long size() {
        return end;
    }

    /** Receives each complete frame in file order. */
    interface FrameVisitor {
        void frame(int index, long offset, byte[] payload);
    }

    /** What a scan found after the last complete frame. */
    record Tail(long validEnd, long tornBytes, int frames) {
    }

    /** A complete frame whose header cannot be right: not a crash artefact, so never truncated. */
    static final class CorruptFrameException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int index;
        private final long offset;

        CorruptFrameException(int index, long offset, String message) {
            super(message);
            this.index = index;
            this.offset = offset;
        }

        int index() {
            return index;
        }

        long offset() {
            return offset;
        }
    }

    /**
     * Reads every complete frame from the start. Stops at a torn tail and reports it; the caller
     * decides whether to {@link #truncate} it.
     */
    Tail scan(FrameVisitor visitor) throws IOException {
        long size = channel.size();
        long offset = 0;
        int index = 0;
        // A separate stream: closing one made from the channel would close the channel too.
        try (InputStream raw = Files.newInputStream(path);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            while (offset < size) {
                long remaining = size - offset;
                if (remaining < HEADER_BYTES) {
                    return new Tail(offset, remaining, index);
                }
                int m = in.readInt();
                int len = in.readInt();
                int check = in.readInt();
                if (m != magic || len != ~check || len < 0) {
                    if (m == 0 && len == 0 && check == 0 && restIsZero(in, remaining - HEADER_BYTES)) {
                        return new Tail(offset, remaining, index);
                    }
                    throw new CorruptFrameException(index, offset, "frame header at byte " + offset + " is damaged"
                            + (m != magic ? " (bad magic)" : " (length check failed)"));
                }
                if (remaining - HEADER_BYTES < len) {
                    return new Tail(offset, remaining, index);
                }
                byte[] payload = new byte[len];
                in.readFully(payload);
                visitor.frame(index, offset, payload);
                offset += HEADER_BYTES + len;
                index++;
            }
        } catch (EOFException e) {
            throw new IOException(path + " changed size while it was being read", e);
        }
        return new Tail(offset, 0, index);
    }

    private static boolean restIsZero(DataInputStream in, long n) throws IOException {
        byte[] chunk = new byte[8192];
        while (n > 0) {
            int r = in.read(chunk, 0, (int) Math.min(chunk.length, n));
            if (r < 0) {
                return true;
            }
            for (int i = 0; i < r; i++) {
                if (chunk[i] != 0) {
                    return false;
                }
            }
            n -= r;
        }
        return true;
    }

    void truncate(long size) throws IOException {
        channel.truncate(size);
        channel.force(true);
        end = size;
    }

    /**
     * Appends frames without forcing them; {@link #force()} makes them durable.
     *
     * @return the file offset of the first frame's header
     */
    long append(List<byte[]> payloads) throws IOException {
        int total = 0;
        for (byte[] p : payloads) {
            total += HEADER_BYTES + p.length;
        }
        ByteBuffer buf = ByteBuffer.allocate(total);
        for (byte[] p : payloads) {
            buf.putInt(magic).putInt(p.length).putInt(~p.length).put(p);
        }
        buf.flip();
        long start = end;
        long at = start;
        while (buf.hasRemaining()) {
            at += channel.write(buf, at);
        }
        end = at;
        return start;
    }


    /**
     * fdatasync: also flushes the file length an append changed, which is all a reader needs to
     * find the new frames, and skips the timestamp updates a full fsync would add.
     */
    void force() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
