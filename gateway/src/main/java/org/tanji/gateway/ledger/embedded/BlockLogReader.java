package org.tanji.gateway.ledger.embedded;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Positional reads of committed values from the block log, for {@link WorldState}.
 *
 * <p>It has a channel of its own, apart from the one blocks are appended through, because a
 * {@link FileChannel} is closed for every user when a thread blocked in it is interrupted, and
 * simulations are interrupted whenever a caller cancels a request. An interrupted read fails (its
 * request is gone anyway); the channel is then reopened for everyone else, and reads that were
 * cut off by that close are retried.
 */
final class BlockLogReader implements AutoCloseable {
    private static final int RETRIES = 3;

    private final Path path;
    private volatile FileChannel channel;
    private volatile boolean closed;

    BlockLogReader(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
    }

    /** Reads {@code length} bytes at {@code position}; safe beside appends and other reads. */
    byte[] read(long position, int length) {
        for (int attempt = 0;; attempt++) {
            FileChannel ch = channel;
            try {
                return readFully(ch, position, length);
            } catch (ClosedByInterruptException e) {
                reopen(ch);
                throw new UncheckedIOException("interrupted while reading a committed value from " + path, e);
            } catch (AsynchronousCloseException e) {
                // Another reader was interrupted and took the channel down with it.
                if (closed || attempt >= RETRIES) {
                    throw new UncheckedIOException("cannot read a committed value from " + path, e);
                }
                reopen(ch);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read a committed value from " + path, e);
            }
        }
    }

    private static byte[] readFully(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        long at = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, at);
            if (n < 0) {
                throw new EOFException("the block log ends before byte " + (position + length));
            }
            at += n;
        }
        return buf.array();
    }

    private synchronized void reopen(FileChannel broken) {
        if (closed || channel != broken) {
            return;
        }
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reopen " + path + " for reading", e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        channel.close();
    }
}
