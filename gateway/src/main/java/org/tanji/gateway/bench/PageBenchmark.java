package org.tanji.gateway.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./tanji bench page}: the label page {@code GET /l/{labelId}} under wrk at 64
 * connections, against nginx serving the very same HTML bytes as a static file, in the same run
 * and on the same cores, rounds alternating. Issue 4's target: at least half of nginx's
 * requests/s, with p99 under 20 ms. The public rate limit is off for the run (it would answer 429
 * to a single address at this rate), and the table says so.
 */
final class PageBenchmark {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private PageBenchmark() {
    }

    /** One wrk run: requests/s, median and p99 in ms, and failed requests. */
    record Run(double perSecond, double p50, double p99, long failures) {
    }

    static void run(boolean quick) throws Exception {
        String wrk = Tools.require("wrk", "wrk");
        String nginx = Tools.require("nginx", "nginx-light");
        int seconds = quick ? 5 : 15;
        int rounds = quick ? 1 : 3;
        try (Benchmarks.DemoServer demo = Benchmarks.DemoServer.start("tanji-bench-page")) {
            String path = "/l/" + Benchmarks.firstLabel(demo.data());
            HttpResponse<byte[]> page = demo.http().send(HttpRequest.newBuilder(URI.create(demo.base() + path)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (page.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + page.statusCode());
            }
            // nginx's workers drop root and must be able to read the copy: a world-readable folder.
            Path www = Files.createTempDirectory("tanji-bench-nginx",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Files.createDirectories(www.resolve("html/l"));
            Files.write(www.resolve("html" + path), page.body());
            for (Path p : List.of(www.resolve("html"), www.resolve("html/l"))) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.setPosixFilePermissions(www.resolve("html" + path), PosixFilePermissions.fromString("rw-r--r--"));
            try (Nginx server = Nginx.start(nginx, www)) {
                byte[] fromNginx = demo.http().send(HttpRequest.newBuilder(URI.create(server.base() + path)).build(),
                        HttpResponse.BodyHandlers.ofByteArray()).body();
                if (!Arrays.equals(fromNginx, page.body())) {
                    throw new IllegalStateException("nginx does not serve the same bytes as the registry");
                }
                System.out.printf(Locale.ROOT, "## Label page: GET /l/{labelId} (%d bytes of HTML) against nginx serving the same bytes%n%n",
                        page.body().length);
                System.out.printf(Locale.ROOT, "wrk -t2 -c64 -d%ds --latency, %d round(s) alternating, after a 10 s warm-up of the"
                        + " registry; public rate limit off (TANJI_PUBLIC_RATE_LIMIT=0); nginx %s with 2 workers.%n%n",
                        seconds, rounds, server.version());
                wrk(wrk, demo.base() + path, 10);
                List<Run> ours = new ArrayList<>();
                List<Run> theirs = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    theirs.add(wrk(wrk, server.base() + path, seconds));
                    ours.add(wrk(wrk, demo.base() + path, seconds));
                }
                System.out.println("| server | requests/s (median) | median ms | p99 ms | failed requests | rounds req/s |");
                System.out.println("|---|---|---|---|---|---|");
                Run n = median(theirs);
                Run t = median(ours);
                System.out.println(row("nginx, static file (baseline)", n, theirs));
                System.out.println(row("Tanji `GET /l/{labelId}`", t, ours));
                System.out.printf(Locale.ROOT, "%nTanji / nginx: **%.2f×** (target ≥ 0.5×); Tanji p99 %.1f ms (target < 20 ms).%n%n",
                        t.perSecond() / n.perSecond(), t.p99());
            } finally {
                Tools.deleteTree(www);
            }
        }
    }

    private static String row(String name, Run median, List<Run> runs) {
        StringBuilder each = new StringBuilder();
        for (Run r : runs) {
            each.append(each.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%,.0f", r.perSecond()));
        }
        return String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %d | %s |", name, median.perSecond(), median.p50(),
                median.p99(), median.failures(), each);
    }

    /** The run with the median requests/s; its latencies are reported with it. */
    private static Run median(List<Run> runs) {
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Double.compare(a.perSecond(), b.perSecond()));
        return sorted.get(sorted.size() / 2);
    }

    static Run wrk(String wrk, String url, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(wrk, "-t2", "-c64", "-d" + seconds + "s", "--latency", "--timeout", "5s", url)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("wrk did not finish");
        }
        return parse(out);
    }

    static Run parse(String out) {
        Matcher rate = RATE.matcher(out);
        if (!rate.find()) {
            throw new IllegalStateException("unexpected wrk output:\n" + out);
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher m = PERCENTILE.matcher(out);
        while (m.find()) {
            double ms = Double.parseDouble(m.group(2)) * switch (m.group(3)) {
                case "us" -> 0.001;
                case "s" -> 1000;
                default -> 1;
            };
            if (m.group(1).equals("50")) {
                p50 = ms;
            } else {
                p99 = ms;
            }
        }
        long failures = 0;
        Matcher non2xx = NON_2XX.matcher(out);
        if (non2xx.find()) {
            failures += Long.parseLong(non2xx.group(1));
        }
        Matcher errors = SOCKET_ERRORS.matcher(out);
        if (errors.find()) {
            for (int g = 1; g <= 4; g++) {
                failures += Long.parseLong(errors.group(g));
            }
        }
        return new Run(Double.parseDouble(rate.group(1)), p50, p99, failures);
    }

    /** nginx on a free loopback port, serving {@code root/html}, stopped on close. */
    record Nginx(Process process, String base, String version) implements AutoCloseable {
        static Nginx start(String binary, Path root) throws IOException, InterruptedException {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Files.createDirectories(root.resolve("logs"));
            String conf = """
                    worker_processes 2;
                    pid %1$s/nginx.pid;
                    error_log %1$s/logs/error.log warn;
                    events { worker_connections 1024; }
                    http {
                        access_log off;
                        default_type text/html;
                        client_body_temp_path %1$s/tmp;
                        proxy_temp_path %1$s/tmp;
                        fastcgi_temp_path %1$s/tmp;
                        uwsgi_temp_path %1$s/tmp;
                        scgi_temp_path %1$s/tmp;
                        server {
                            listen 127.0.0.1:%2$d;
                            root %1$s/html;
                            location / { }
                        }
                    }
                    """.formatted(root.toAbsolutePath(), port);
            Files.writeString(root.resolve("nginx.conf"), conf);
            Process version = new ProcessBuilder(binary, "-v").redirectErrorStream(true).start();
            String v = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().replace("nginx version: ", "");
            version.waitFor(10, TimeUnit.SECONDS);
            Process p = new ProcessBuilder(binary, "-p", root.toAbsolutePath().toString(), "-c",
                    root.resolve("nginx.conf").toAbsolutePath().toString(), "-g", "daemon off;")
                    .redirectErrorStream(true).redirectOutput(root.resolve("logs/stdout.log").toFile()).start();
            Nginx nginx = new Nginx(p, "http://127.0.0.1:" + port, v);
            for (int i = 0; i < 100; i++) {
                try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                    return nginx;
                } catch (IOException notYet) {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("nginx exited: " + Files.readString(root.resolve("logs/error.log")));
                    }
                    Thread.sleep(50);
                }
            }
            nginx.close();
            throw new IllegalStateException("nginx did not listen within 5 s");
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
