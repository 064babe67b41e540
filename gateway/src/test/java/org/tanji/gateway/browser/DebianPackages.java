package org.tanji.gateway.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Debian tools the tests drive (Chromium, chromedriver, zbarimg). A missing one is installed
 * when we are root with apt-get, as {@code .ci/run} does, so {@code ./mvnw verify} sets itself up;
 * otherwise the test fails with the command to run.
 */
public final class DebianPackages {
    private DebianPackages() {
    }

    /** The first executable of {@code candidates}, installing {@code debianPackage} if none is there. */
    public static synchronized Path require(String debianPackage, String... candidates) throws IOException, InterruptedException {
        Path found = find(candidates);
        if (found == null && Files.isExecutable(Path.of("/usr/bin/apt-get")) && "root".equals(System.getProperty("user.name"))) {
            run(List.of("apt-get", "update", "-qq"), 600);
            run(List.of("apt-get", "install", "-y", "-qq", debianPackage), 900);
            found = find(candidates);
        }
        if (found == null) {
            throw new IllegalStateException(candidates[0] + " is needed by this test: apt-get install " + debianPackage);
        }
        return found;
    }

    private static Path find(String... candidates) {
        return List.of(candidates).stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
    }

    private static void run(List<String> command, int seconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within " + seconds + " s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue());
        }
    }
}
