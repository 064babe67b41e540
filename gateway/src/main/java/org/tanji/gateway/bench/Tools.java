package org.tanji.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The outside programs a benchmark drives (wrk, nginx), installed from Debian's packages when missing. */
final class Tools {
    private static final List<String> DIRS = List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin");

    private Tools() {
    }

    /** The program's path; installs {@code debianPackage} when it is missing and we may (root, apt-get). */
    static String require(String program, String debianPackage) throws IOException, InterruptedException {
        Path found = find(program);
        if (found == null && Files.isExecutable(Path.of("/usr/bin/apt-get")) && "root".equals(System.getProperty("user.name"))) {
            System.err.println("bench: installing " + debianPackage + " (Debian package) for " + program);
            run(List.of("apt-get", "update", "-qq"));
            run(List.of("apt-get", "install", "-y", "-qq", debianPackage));
            found = find(program);
        }
        if (found == null) {
            throw new IllegalStateException(program + " is needed for this benchmark: apt-get install " + debianPackage);
        }
        return found.toString();
    }

    private static Path find(String program) {
        return DIRS.stream().map(d -> Path.of(d, program)).filter(Files::isExecutable).findFirst().orElse(null);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    /**
     * Deletes a benchmark's scratch folder and everything in it. A seeded PACT run leaves about
     * 3 GB behind, so every benchmark removes what it wrote; a failure to delete is reported, not
     * thrown, since the figures are already printed.
     */
    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            System.err.println("could not remove the benchmark's scratch folder " + root + ": " + e.getMessage());
        }
    }
}
