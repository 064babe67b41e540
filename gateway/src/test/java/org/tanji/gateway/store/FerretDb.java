package org.tanji.gateway.store;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real FerretDB v1.24.0 with its SQLite backend, on a free loopback port, started and stopped by
 * a test. The binary is built once into a cache outside the repository by
 * {@code tools/ferretdb/build.sh} (Go, from the module proxy) the first time a test needs it.
 */
final class FerretDb implements AutoCloseable {
    private static final Path BUILD_SCRIPT = repositoryRoot().resolve("tools/ferretdb/build.sh");
    private static Path binary;
    private final Process process;
    private final int port;
    private final Path log;

    private FerretDb(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static FerretDb start(Path dir) {
        try {
            Files.createDirectories(dir.resolve("sqlite"));
            int port = freePort();
            Path log = dir.resolve("ferretdb.log");
            Process process = new ProcessBuilder(binary().toString(), "--handler=sqlite",
                    "--sqlite-url=file:" + dir.resolve("sqlite").toAbsolutePath() + "/",
                    "--listen-addr=127.0.0.1:" + port, "--state-dir=" + dir.toAbsolutePath(),
                    // -Dtanji.ferretdb.log=DEBUG logs every command and SQL statement, to see what it did.
                    "--debug-addr=127.0.0.1:" + freePort(), "--telemetry=disable", "--log-level=" + System.getProperty("tanji.ferretdb.log", "WARN"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            FerretDb server = new FerretDb(process, port, log);
            server.awaitListening();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start FerretDB: " + e.getMessage(), e);
        }
    }

    String connectionString() {
        return "mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=10000";
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("FerretDB exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        close();
        throw new IllegalStateException("FerretDB did not listen on 127.0.0.1:" + port + " within 30 s: " + Files.readString(log));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static synchronized Path binary() throws IOException {
        if (binary == null) {
            Process build = new ProcessBuilder("bash", BUILD_SCRIPT.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out;
            try {
                out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!build.waitFor(15, TimeUnit.MINUTES) || build.exitValue() != 0) {
                    throw new IllegalStateException("building FerretDB failed; run " + BUILD_SCRIPT + " to see why");
                }
            } catch (InterruptedException e) {
                build.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while building FerretDB", e);
            }
            List<String> lines = out.lines().toList();
            binary = Path.of(lines.get(lines.size() - 1));
        }
        return binary;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("tools/ferretdb/build.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("tools/ferretdb/build.sh not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
