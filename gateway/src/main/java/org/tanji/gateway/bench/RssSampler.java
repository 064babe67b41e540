package org.tanji.gateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Samples a process's resident set size (VmRSS, KiB) from /proc every 200 ms. */
final class RssSampler {
    private final Path status;
    private volatile boolean running;
    private volatile long first = -1;
    private volatile long peak;
    private Thread thread;

    RssSampler(long pid) {
        this.status = Path.of("/proc", Long.toString(pid), "status");
    }

    void start() {
        running = true;
        thread = new Thread(() -> {
            while (running) {
                long kib = read();
                if (first < 0) {
                    first = kib;
                }
                peak = Math.max(peak, kib);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join(1000);
    }

    long first() {
        return first;
    }

    long peak() {
        return peak;
    }

    private long read() {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return 0;
    }
}
