package org.tanji.gateway.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading committed values back from the block log. */
class BlockLogReaderTest {

    @TempDir
    Path dir;

    @Test
    void anInterruptedReaderFailsAloneAndOthersGoOnReading() throws Exception {
        Path file = dir.resolve("blocks.log");
        Files.writeString(file, "0123456789abcdefghij");
        try (BlockLogReader reader = new BlockLogReader(file)) {
            assertThat(new String(reader.read(10, 5), StandardCharsets.UTF_8)).isEqualTo("abcde");

            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread cancelled = new Thread(() -> {
                // A cancelled request interrupts its simulation thread; the JDK then closes the
                // channel it was reading for every thread.
                Thread.currentThread().interrupt();
                try {
                    reader.read(0, 4);
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            cancelled.start();
            cancelled.join();

            assertThat(failure.get()).isInstanceOf(UncheckedIOException.class).hasMessageContaining("interrupted");
            assertThat(new String(reader.read(0, 4), StandardCharsets.UTF_8)).isEqualTo("0123");
            assertThat(new String(reader.read(16, 4), StandardCharsets.UTF_8)).isEqualTo("ghij");
        }
    }

    @Test
    void aReadPastTheEndIsAnError() throws Exception {
        Path file = dir.resolve("blocks.log");
        Files.writeString(file, "short");
        try (BlockLogReader reader = new BlockLogReader(file)) {
            assertThatThrownBy(() -> reader.read(2, 10)).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("cannot read");
        }
    }
}
