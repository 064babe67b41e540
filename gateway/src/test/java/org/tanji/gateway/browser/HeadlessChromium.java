package org.tanji.gateway.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Drives Debian's Chromium headless, as a phone-sized browser. If it is missing on a machine where
 * we are root with apt-get, it installs it (as {@code .ci/run} does), so {@code ./mvnw verify}
 * sets itself up; otherwise the test fails with the command to run.
 */
final class HeadlessChromium {
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");
    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    static synchronized HeadlessChromium locate() throws IOException, InterruptedException {
        Path found = find();
        if (found == null && Files.isExecutable(Path.of("/usr/bin/apt-get")) && "root".equals(System.getProperty("user.name"))) {
            run(List.of("apt-get", "update", "-qq"), 600);
            run(List.of("apt-get", "install", "-y", "-qq", "chromium"), 900);
            found = find();
        }
        if (found == null) {
            throw new IllegalStateException("headless Chromium is needed for the page tests: apt-get install chromium");
        }
        return new HeadlessChromium(found);
    }

    private static Path find() {
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
    }

    /** The DOM after the page loaded, as Chromium serialises it. */
    String dumpDom(String url) throws IOException, InterruptedException {
        return run(command("--dump-dom", url), 90);
    }

    /** A PNG screenshot of the page at phone size. */
    Path screenshot(String url, Path file) throws IOException, InterruptedException {
        run(command("--screenshot=" + file.toAbsolutePath(), url), 90);
        return file;
    }

    private List<String> command(String action, String url) throws IOException {
        if (!url.startsWith("http://127.0.0.1:")) {
            throw new IllegalArgumentException("pages are tested on loopback only");
        }
        Path profile = Files.createTempDirectory("tanji-chromium");
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=390,1100",
                "--user-data-dir=" + profile, action, url));
        return cmd;
    }

    private static String run(List<String> command, int seconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("tanji-chromium", ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(false).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish within " + seconds + " s");
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue());
        }
        return output;
    }
}
