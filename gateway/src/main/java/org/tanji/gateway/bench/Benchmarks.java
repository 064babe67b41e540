package org.tanji.gateway.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.calculation.CalculationBenchmark;
import org.tanji.gateway.demo.DemoRegistry;
import org.tanji.gateway.label.render.QrCodes;
import org.tanji.gateway.ledger.embedded.Durability;
import org.tanji.gateway.ledger.embedded.LedgerBenchmark;
import org.tanji.gateway.security.LocalMsp;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code ./tanji bench ledger|api|batch|page|qr|calc|pact|soak [--quick]}: the figures of docs/benchmarks.md, each with its
 * baseline measured in the same run. Loads go only to 127.0.0.1, are bounded in count and time,
 * and stop by themselves.
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "all";
        boolean quick = List.of(args).contains("--quick");
        switch (what) {
            case "ledger" -> ledger(quick);
            case "api" -> api(quick);
            case "batch" -> batch(quick);
            case "page" -> PageBenchmark.run(quick);
            case "qr" -> qr(quick);
            case "calc" -> calc(quick);
            case "pact" -> PactBenchmark.run(quick);
            case "all" -> {
                ledger(quick);
                api(quick);
                batch(quick);
                PageBenchmark.run(quick);
            }
            default -> {
                System.err.println("usage: ./tanji bench ledger|api|batch|page|qr|calc|pact|all [--quick]");
                System.exit(2);
            }
        }
    }

    /** Group commit against one fsync per transaction, same workload, same run; median of 3 rounds each. */
    static void ledger(boolean quick) throws IOException {
        int transactions = quick ? 3_000 : 20_000;
        int rounds = quick ? 1 : 3;
        Path root = Files.createTempDirectory("tanji-bench-ledger");
        try {
            ledgerIn(root, transactions, rounds, quick);
        } finally {
            Tools.deleteTree(root);
        }
    }

    private static void ledgerIn(Path root, int transactions, int rounds, boolean quick) throws IOException {
        LocalMsp msp = new LocalMsp(root.resolve("crypto"));
        var identity = msp.identity("AnhuiMSP", "bench-company", "company");
        var roots = Map.of("AnhuiMSP", msp.rootCertificate("AnhuiMSP"));
        String template = CanonicalJson.string(new org.tanji.chaincode.footprint.FootprintSubmission(
                "00000000-0000-4000-8000-000000000000", "sha256:" + "ab".repeat(32), "lithium-battery",
                "Benchmark LFP cell", "Benchmark Co.", List.of("urn:gtin:06901234567892"), List.of("urn:uscc:bench"),
                "kilowatt hour", "1", "62.5", "62.5", "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "CN-AH",
                List.of("ISO14067"), List.of(), Map.of("production", "62.5"), null, null, null));
        System.out.printf(Locale.ROOT, "## Embedded ledger: footprint:record, %d transactions, 64 concurrent clients, %d rounds%n%n",
                transactions, rounds);
        System.out.println("| durability | committed tx/s (median) | latency median ms | p99 ms | blocks |");
        System.out.println("|---|---|---|---|---|");
        Map<Durability, Double> medians = new LinkedHashMap<>();
        for (Durability d : List.of(Durability.FSYNC_PER_TRANSACTION, Durability.GROUP_COMMIT)) {
            List<LedgerBenchmark.Result> results = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                int tx = d == Durability.FSYNC_PER_TRANSACTION ? Math.min(transactions, quick ? 1_000 : 5_000) : transactions;
                results.add(LedgerBenchmark.run(root.resolve(d.name() + "-" + r), d, tx, 64,
                        i -> new LedgerBenchmark.Invocation("footprint:record",
                                List.of(template.replace("00000000-0000-4000-8000-000000000000", uuid(i)))),
                        identity, roots));
            }
            for (LedgerBenchmark.Result r : results) {
                if (r.committed() != r.transactions()) {
                    throw new IllegalStateException("benchmark transactions failed: " + r);
                }
            }
            results.sort((a, b) -> Double.compare(a.committedPerSecond(), b.committedPerSecond()));
            LedgerBenchmark.Result median = results.get(results.size() / 2);
            medians.put(d, median.committedPerSecond());
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %d |%n", d, median.committedPerSecond(),
                    median.medianMillis(), median.p99Millis(), median.blocks());
        }
        System.out.printf(Locale.ROOT, "%nGroup commit / fsync-per-transaction: %.1fx%n%n",
                medians.get(Durability.GROUP_COMMIT) / medians.get(Durability.FSYNC_PER_TRANSACTION));
    }

    /**
     * QR PNG rendering ({@link QrCodes#png}, 300 px) of distinct texts, on one thread and on every
     * core; median of 3 rounds. The texts are synthetic, shaped and sized like signed GS1 Digital
     * Link label texts (the registry makes real ones through its QrTexts port): what is measured
     * is the renderer, which depends only on the text's length. The baseline, on one thread in the
     * same run, is the same PNG writer behind ZXing's {@code QRCodeWriter} scoring all eight masks
     * itself (the renderer before {@code QrMasking}); both give the same symbols.
     */
    static void qr(boolean quick) throws Exception {
        int labels = quick ? 4_000 : 20_000;
        int cores = Runtime.getRuntime().availableProcessors();
        java.util.Random random = new java.util.Random(4);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        List<String> texts = new ArrayList<>(labels);
        for (int i = 0; i < labels; i++) {
            StringBuilder id = new StringBuilder(32);
            for (int k = 0; k < 32; k++) {
                id.append(alphabet.charAt(random.nextInt(32)));
            }
            byte[] signature = new byte[64];
            random.nextBytes(signature);
            texts.add(String.format(Locale.ROOT, "https://tanji.example/01/0690123%07d/21/S%08d?l=%s&s=%s", i, i, id,
                    Base64.getUrlEncoder().withoutPadding().encodeToString(signature)));
        }
        java.util.function.ToIntFunction<String> ours = text -> QrCodes.png(text, QrCodes.DEFAULT_PNG_SIZE).length;
        Map<com.google.zxing.EncodeHintType, Object> zxingHints = Map.of(
                com.google.zxing.EncodeHintType.ERROR_CORRECTION, com.google.zxing.qrcode.decoder.ErrorCorrectionLevel.M,
                com.google.zxing.EncodeHintType.MARGIN, QrCodes.QUIET_ZONE,
                com.google.zxing.EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
        java.util.function.ToIntFunction<String> zxingMasks = text -> {
            try {
                var m = new com.google.zxing.qrcode.QRCodeWriter().encode(text, com.google.zxing.BarcodeFormat.QR_CODE, 0, 0, zxingHints);
                return QrCodes.png(m, Math.max(1, QrCodes.DEFAULT_PNG_SIZE / m.getWidth())).length;
            } catch (com.google.zxing.WriterException e) {
                throw new IllegalStateException(e);
            }
        };
        long bytes = 0;
        Instant warmUntil = Instant.now().plusSeconds(quick ? 2 : 5);
        for (int i = 0; Instant.now().isBefore(warmUntil); i++) {
            bytes += ours.applyAsInt(texts.get(i % labels)) + zxingMasks.applyAsInt(texts.get(i % labels));
        }
        System.out.printf(Locale.ROOT, "## QR code PNG rendering: %d distinct texts of %d characters, %d px, ECC M, 3 rounds%n%n",
                labels, texts.get(0).length(), QrCodes.DEFAULT_PNG_SIZE);
        System.out.println("| renderer | threads | labels/s (median) | labels/s per core | mean PNG bytes |");
        System.out.println("|---|---|---|---|---|");
        double baseline = qrRate("ZXing scores the masks (baseline)", zxingMasks, texts, 1);
        double single = qrRate("Tanji (QrMasking)", ours, texts, 1);
        double perCoreAll = cores > 1 ? qrRate("Tanji (QrMasking)", ours, texts, cores) / cores : single;
        System.out.printf(Locale.ROOT, "%nOne thread: %.1fx the baseline. Target at least 1,000 labels/s per core: "
                        + "one thread %s, all %d cores %s (warm-up checksum %d)%n%n",
                single / baseline, single >= 1_000 ? "met" : "NOT met", cores, perCoreAll >= 1_000 ? "met" : "NOT met", bytes % 10);
    }

    /** Renders every text once on {@code threads} threads, 3 rounds; prints and returns the median labels/s. */
    private static double qrRate(String renderer, java.util.function.ToIntFunction<String> render, List<String> texts,
                                 int threads) throws Exception {
        int labels = texts.size();
        List<Double> rates = new ArrayList<>();
        long pngBytes = 0;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 3; round++) {
                java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
                java.util.concurrent.atomic.AtomicLong size = new java.util.concurrent.atomic.AtomicLong();
                List<java.util.concurrent.Callable<Void>> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    workers.add(() -> {
                        for (int i = next.getAndIncrement(); i < labels; i = next.getAndIncrement()) {
                            size.addAndGet(render.applyAsInt(texts.get(i)));
                        }
                        return null;
                    });
                }
                long start = System.nanoTime();
                for (var f : pool.invokeAll(workers)) {
                    f.get();
                }
                rates.add(labels / ((System.nanoTime() - start) / 1e9));
                pngBytes = size.get() / labels;
            }
        } finally {
            pool.shutdown();
        }
        rates.sort(Double::compare);
        double median = rates.get(1);
        System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f | %d |%n", renderer, threads, median, median / threads, pngBytes);
        return median;
    }

    /** Issue 6's figures: bill-of-materials roll-up, factor lookups, certificate claims (see {@link CalculationBenchmark}). */
    static void calc(boolean quick) throws IOException {
        int rounds = quick ? 5 : 21;
        CalculationBenchmark.Timing bom = CalculationBenchmark.billOfMaterials(10_000, 8, rounds);
        System.out.printf(Locale.ROOT, "## Footprint accounting (issue 6)%n%n");
        System.out.println("| figure | measured | target | met? |");
        System.out.println("|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| bill of materials, %d inputs over %d levels of supplier footprints (parse + cycle check"
                        + " + calculate), median of %d | %.1f ms (max %.1f ms) | < 200 ms | %s |%n", bom.inputs(), bom.levels(),
                rounds, bom.median(), bom.max(), bom.median() < 200 ? "yes" : "**no**");
        double lookups = CalculationBenchmark.lookupsPerSecond(34, 6, 200, quick ? 1_000 : 3_000);
        System.out.printf(Locale.ROOT, "| factor lookups (code, region, day) from the in-memory index, 34 regions x 6 yearly"
                + " versions x 200 codes, one thread | %,.0f /s | >= 1,000,000 /s | %s |%n", lookups, lookups >= 1_000_000 ? "yes" : "**no**");
        int claims = quick ? 2_000 : 10_000;
        Path claimsDir = Files.createTempDirectory("tanji-bench-claims");
        CalculationBenchmark.ClaimResult r;
        try {
            r = CalculationBenchmark.claims(claimsDir, claims, quick ? 2_000 : 10_000, 64, 64);
        } finally {
            Tools.deleteTree(claimsDir);
        }
        System.out.printf(Locale.ROOT, "| green-certificate claims on the embedded ledger, overlap check, 64 clients, 64 issuers,"
                        + " after %,d earlier claims | %,.0f committed/s (median %.1f ms, p99 %.1f ms; %d of %d lost an MVCC race) |"
                        + " >= 300 /s | %s |%n%n", quick ? 2_000 : 10_000, r.perSecond(), r.medianMillis(), r.p99Millis(),
                r.conflicts(), r.claims(), r.perSecond() >= 300 ? "yes" : "**no**");
    }

    private static String uuid(int i) {
        return new UUID(0x1234_5678_0000_4000L, 0x8000_0000_0000_0000L | i).toString();
    }

    /** The rate issue 2 asks POST /api/v1/footprints to sustain with p99 under 50 ms. */
    static final int POST_RATE = 300;
    /** Ten-second windows of POST warm-up before the API figures are measured: at least this many. */
    static final int WARM_UP_WINDOWS = 12;
    /** ...and then more, up to this many in all, until the server's JIT compilers have settled. */
    static final int MAX_WARM_UP_WINDOWS = 24;
    /** Settled: the server's compilers ran for less than this share of the last warm-up window. */
    static final double JIT_SETTLED_SHARE = 0.02;

    /**
     * Starts {@code ./tanji serve --demo} as its own process, times it to healthy, then drives
     * POST footprints and GET verifications while sampling the server's resident memory.
     */
    static void api(boolean quick) throws Exception {
        String opts = System.getenv().getOrDefault("TANJI_JAVA_OPTS", "(the ./tanji defaults)");
        try (DemoServer demo = DemoServer.start("tanji-bench-api")) {
            HttpClient http = demo.http();
            String base = demo.base();
            Path data = demo.data();
            Process server = demo.process();
            System.out.printf(Locale.ROOT, "## API (server: ./tanji serve --demo, JVM options: %s)%n%n", opts);
            System.out.printf(Locale.ROOT, "Time to healthy (JVM start, store and ledger open, /actuator/health UP): %.1f s%n%n",
                    demo.healthy().toMillis() / 1000.0);
            String token = demo.token("cb-anhui-quality");
            String labelId = firstLabel(data);
            RssSampler rss = new RssSampler(server.pid());
            rss.start();

            Duration duration = Duration.ofSeconds(quick ? 5 : 20);
            Duration window = Duration.ofSeconds(quick ? 3 : 10);
            int warmWindows = quick ? 2 : WARM_UP_WINDOWS;
            java.util.function.Supplier<LoadGenerator.Request> postFootprint = footprintPosts(token);
            java.util.function.Supplier<LoadGenerator.Request> verify =
                    () -> LoadGenerator.Request.get("/api/v1/labels/" + labelId + "/verification");
            // A cold server is slower until the JIT has compiled the submission path: two to three
            // minutes of it on this 2-core machine, where the compiler threads share the cores with the
            // load. The warm-up offers the measured rate for at least WARM_UP_WINDOWS windows and then
            // until the server's compilers ran for under JIT_SETTLED_SHARE of a window (at most
            // MAX_WARM_UP_WINDOWS); it prints each window, so the cold figures are on record too.
            int maxWarmWindows = quick ? warmWindows : MAX_WARM_UP_WINDOWS;
            System.out.printf(Locale.ROOT, "Warm-up: POST open loop at %d requests/s in windows of %d s, at least %d of"
                    + " them, then until the server's JIT compilers ran for under %.0f%% of a window, at most %d windows"
                    + " (the cold server, while the JIT compiles; not the figure):%n%n", POST_RATE, window.toSeconds(),
                    warmWindows, JIT_SETTLED_SHARE * 100, maxWarmWindows);
            System.out.println("| window | seconds since healthy | requests/s | median ms | p99 ms | errors | server JIT ms |");
            System.out.println("|---|---|---|---|---|---|---|");
            long posted = 0;
            long loadStarted = System.nanoTime();
            double compiled = compilationMillis(demo, token);
            boolean settled = false;
            int w = 0;
            while (w < warmWindows || (!settled && w < maxWarmWindows)) {
                w++;
                LoadGenerator.Result r = LoadGenerator.runAtRate(base, POST_RATE, 64, window, postFootprint);
                posted += r.requests();
                double nowCompiled = compilationMillis(demo, token);
                double jit = nowCompiled - compiled;
                compiled = nowCompiled;
                settled = jit < JIT_SETTLED_SHARE * r.seconds() * 1000;
                System.out.printf(Locale.ROOT, "| %d | %d | %.0f | %.2f | %.2f | %d | %.0f |%n", w,
                        (System.nanoTime() - loadStarted) / 1_000_000_000L, r.requests() / r.seconds(), r.medianMs(),
                        r.p99Ms(), r.errors(), jit);
            }
            System.out.printf(Locale.ROOT, "%nWarm-up ended after %d windows: the JIT %s.%n", w,
                    settled ? "had settled" : "had not settled, and the figures below include its work");
            System.out.printf(Locale.ROOT, "%nMeasured for %d s each on loopback, right after the warm-up: POST open"
                    + " loop at a fixed %d requests/s (latency from each request's scheduled start), POST closed loop"
                    + " (each client sends when answered), then GET closed loop after %d s of GET warm-up.%n%n",
                    duration.toSeconds(), POST_RATE, window.toSeconds());
            System.out.println("| call | load | requests/s | median ms | p99 ms | errors |");
            System.out.println("|---|---|---|---|---|---|");
            Map<String, double[]> gcBefore = gcPauses(demo, token);
            LoadGenerator.Result rated = LoadGenerator.runAtRate(base, POST_RATE, 64, duration, postFootprint);
            Map<String, double[]> gcAfterRated = gcPauses(demo, token);
            System.out.println(rated.row("POST /api/v1/footprints", POST_RATE + "/s offered"));
            LoadGenerator.Result post = LoadGenerator.run(base, 8, duration, postFootprint);
            System.out.println(post.row("POST /api/v1/footprints", "8 clients"));
            // Measured straight after its own warm-up, like the POSTs: a phase of other traffic in
            // between changes what the JIT and the collector have settled on.
            LoadGenerator.run(base, 64, window, verify);
            LoadGenerator.Result get = LoadGenerator.run(base, 64, duration, verify);
            System.out.println(get.row("GET /api/v1/labels/{id}/verification", "64 clients"));
            rss.stop();
            System.out.printf(Locale.ROOT, "%nServer collections (pauses, total) during the POSTs at %d/s: %s%n", POST_RATE,
                    gcBetween(gcBefore, gcAfterRated));
            System.out.printf(Locale.ROOT, "%nServer resident memory (VmRSS): idle before load %d MiB, peak under load %d MiB"
                    + " (%d footprints on the ledger by the end)%n%n", rss.first() / 1024, rss.peak() / 1024,
                    posted + post.requests() + rated.requests());
        }
    }

    /** Fresh copies of the demo footprint (a new id each), POSTed by the holder of {@code token}. */
    private static java.util.function.Supplier<LoadGenerator.Request> footprintPosts(String token) {
        String template = DemoRegistryAccess.footprintTemplate();
        return () -> LoadGenerator.Request.post("/api/v1/footprints", token,
                template.replace("00000000-0000-4000-8000-000000000000", UUID.randomUUID().toString()));
    }

    /**
     * Submissions over a growing ledger: rounds of closed-loop POSTs against one server, each with its
     * throughput and p99, the heap's old generation (committed and used, from the server's own
     * metrics) and the resident memory, so one sees how much the heap grows per footprint and
     * whether throughput holds as it does.
     */
    static void soak(boolean quick) throws Exception {
        int rounds = quick ? 3 : 10;
        Duration round = Duration.ofSeconds(quick ? 10 : 30);
        String opts = System.getenv().getOrDefault("TANJI_JAVA_OPTS", "(the ./tanji defaults)");
        try (DemoServer demo = DemoServer.start("tanji-bench-soak")) {
            String token = demo.token("cb-anhui-quality");
            java.util.function.Supplier<LoadGenerator.Request> post = footprintPosts(token);
            RssSampler rss = new RssSampler(demo.process().pid());
            rss.start();
            System.out.printf(Locale.ROOT, "## Soak: %d rounds of %d s of POST /api/v1/footprints, 8 clients, one server"
                    + " (./tanji serve --demo, JVM options: %s)%n%n", rounds, round.toSeconds(), opts);
            System.out.println("| round | footprints on the ledger | POST req/s | p99 ms | errors | old gen committed MiB | old gen used MiB | peak RSS MiB |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            long total = 0;
            for (int r = 1; r <= rounds; r++) {
                LoadGenerator.Result res = LoadGenerator.run(demo.base(), 8, round, post);
                total += res.requests() - res.errors();
                Map<String, Double> heap = oldGeneration(demo, token);
                System.out.printf(Locale.ROOT, "| %d | %,d | %.0f | %.1f | %d | %.0f | %.0f | %d |%n", r, total,
                        res.requests() / res.seconds(), res.p99Ms(), res.errors(), heap.get("committed") / (1 << 20),
                        heap.get("used") / (1 << 20), rss.peak() / 1024);
            }
            rss.stop();
            System.out.println();
        }
    }

    /** The server's Prometheus metrics, one line each. */
    private static String[] metrics(DemoServer demo, String token) throws Exception {
        HttpResponse<String> r = demo.http().send(HttpRequest.newBuilder(URI.create(demo.base() + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the server's metrics answered HTTP " + r.statusCode());
        }
        return r.body().split("\n");
    }

    /** The value of one Prometheus sample line, e.g. {@code jvm_gc_pause_seconds_sum{...} 0.25}. */
    private static double sampleValue(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    /** The server's JIT compilers' accumulated time so far, in milliseconds (Micrometer's jvm.compilation.time). */
    private static double compilationMillis(DemoServer demo, String token) throws Exception {
        for (String line : metrics(demo, token)) {
            if (line.startsWith("jvm_compilation_time_ms_total")) {
                return sampleValue(line);
            }
        }
        throw new IllegalStateException("no jvm_compilation_time_ms_total in the server's metrics");
    }

    /** Collection pauses so far, per kind ("end of minor GC", ...): {count, total seconds}. */
    private static Map<String, double[]> gcPauses(DemoServer demo, String token) throws Exception {
        Map<String, double[]> out = new java.util.TreeMap<>();
        for (String line : metrics(demo, token)) {
            boolean count = line.startsWith("jvm_gc_pause_seconds_count{");
            if (count || line.startsWith("jvm_gc_pause_seconds_sum{")) {
                int at = line.indexOf("action=\"") + 8;
                String action = line.substring(at, line.indexOf('"', at));
                out.computeIfAbsent(action, a -> new double[2])[count ? 0 : 1] +=
                        sampleValue(line);
            }
        }
        return out;
    }

    /** What collected between two {@link #gcPauses} readings, e.g. "end of minor GC 41 (0.39 s)". */
    private static String gcBetween(Map<String, double[]> before, Map<String, double[]> after) {
        List<String> parts = new ArrayList<>();
        after.forEach((action, now) -> {
            double[] then = before.getOrDefault(action, new double[2]);
            if (now[0] > then[0]) {
                parts.add(String.format(Locale.ROOT, "%s %d (%.2f s)", action, (long) (now[0] - then[0]), now[1] - then[1]));
            }
        });
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    /** The server's old generation, committed and used bytes, from its Prometheus metrics. */
    private static Map<String, Double> oldGeneration(DemoServer demo, String token) throws Exception {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : metrics(demo, token)) {
            for (String what : List.of("committed", "used")) {
                if (line.startsWith("jvm_memory_" + what + "_bytes{") && line.contains("area=\"heap\"")
                        && (line.contains("Tenured Gen") || line.contains("Old Gen"))) {
                    out.put(what, sampleValue(line));
                }
            }
        }
        if (out.size() != 2) {
            throw new IllegalStateException("no old-generation figures in the server's metrics");
        }
        return out;
    }

    /**
     * Serialized batches: a certifier of the demo registry asks for 10,000 fresh serials of a label
     * with a GTIN, three times; each round is timed from the POST to the job being DONE (every unit
     * on the ledger and its QR text stored), and its CSV is fetched to check that all units are there.
     */
    static void batch(boolean quick) throws Exception {
        int serials = quick ? 2_000 : 10_000;
        int rounds = 3;
        try (DemoServer demo = DemoServer.start("tanji-bench-batch")) {
            HttpClient http = demo.http();
            String token = demo.token("cb-anhui-quality");
            String footprint = DemoRegistryAccess.footprintTemplate()
                    .replace("00000000-0000-4000-8000-000000000000", UUID.randomUUID().toString());
            String footprintId = send(http, demo.base() + "/api/v1/footprints", token, footprint, 201).get("id").asText();
            Map<String, Object> grant = new LinkedHashMap<>();
            grant.put("footprintId", footprintId);
            grant.put("decision", "GRANTED");
            grant.put("validUntil", Instant.now().plus(Duration.ofDays(365)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
            grant.put("gtin", "6901234567892");
            String labelId = send(http, demo.base() + "/api/v1/certifications", token, CanonicalJson.string(grant), 201)
                    .get("labelId").asText();
            System.out.printf(Locale.ROOT, "## Serialized batch: %,d serials per request, %d rounds (server: ./tanji serve --demo)%n%n",
                    serials, rounds);
            System.out.println("| round | seconds to DONE (ledger + QR texts) | serials/s | transactions |");
            System.out.println("|---|---|---|---|");
            List<Double> seconds = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                String body = CanonicalJson.string(Map.of("serialRange",
                        Map.of("prefix", "B" + r + "-", "from", 1, "to", serials, "width", 6)));
                long started = System.nanoTime();
                String jobId = send(http, demo.base() + "/api/v1/labels/" + labelId + "/units", token, body, 202)
                        .get("jobId").asText();
                JsonNode job = get(http, demo.base() + "/api/v1/label-jobs/" + jobId, token);
                for (int i = 0; i < 6_000 && !job.get("state").asText().matches("DONE|FAILED"); i++) {
                    Thread.sleep(20);
                    job = get(http, demo.base() + "/api/v1/label-jobs/" + jobId, token);
                }
                double s = (System.nanoTime() - started) / 1e9;
                if (!"DONE".equals(job.get("state").asText()) || job.get("issued").asInt() != serials) {
                    throw new IllegalStateException("batch round " + r + " did not finish: " + job);
                }
                HttpResponse<String> csv = http.send(HttpRequest.newBuilder(URI.create(demo.base() + "/api/v1/label-jobs/"
                        + jobId + "/units.csv")).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString());
                long rows = csv.body().lines().count() - 1;
                if (rows != serials) {
                    throw new IllegalStateException("round " + r + ": the CSV holds " + rows + " units, not " + serials);
                }
                seconds.add(s);
                System.out.printf(Locale.ROOT, "| %d | %.2f | %.0f | %d |%n", r + 1, s, serials / s, job.get("chunks").asInt());
            }
            List<Double> sorted = new ArrayList<>(seconds);
            sorted.sort(Double::compare);
            double median = sorted.get(sorted.size() / 2);
            System.out.printf(Locale.ROOT, "| **median** | **%.2f** | **%.0f** | |%n%n", median, serials / median);
        }
    }

    private static JsonNode send(HttpClient http, String url, String token, String json, int expected) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return CanonicalJson.mapper().readTree(r.body());
    }

    private static JsonNode get(HttpClient http, String url, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
        return CanonicalJson.mapper().readTree(r.body());
    }

    /**
     * {@code ./tanji serve --demo} started as its own process on a free loopback port with a fresh
     * data folder, timed to healthy; closing it stops the process.
     */
    record DemoServer(Process process, String base, Path data, Duration healthy, HttpClient http) implements AutoCloseable {
        static DemoServer start(String name) throws Exception {
            return start(name, Map.of());
        }

        /** Started with these environment variables set besides the benchmark's own. */
        static DemoServer start(String name, Map<String, String> env) throws Exception {
            Path data = Files.createTempDirectory(name);
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String home = System.getenv("TANJI_HOME");
            if (home == null) {
                throw new IllegalStateException("run it as ./tanji bench (TANJI_HOME names the checkout)");
            }
            List<String> command = List.of(Path.of(home, "tanji").toString(), "serve", "--demo", "--port", Integer.toString(port));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(data.resolve("server.log").toFile());
            pb.environment().put("TANJI_DATA_DIR", data.toString());
            pb.environment().put("TANJI_DEMO", "true");
            pb.environment().put("TANJI_PUBLIC_RATE_LIMIT", "0");
            pb.environment().putAll(env);
            String base = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            Instant started = Instant.now();
            Process server = pb.start();
            DemoServer demo = new DemoServer(server, base, data, null, http);
            try {
                Duration healthy = waitHealthy(http, base, started, server);
                for (int i = 0; i < 600 && !Files.exists(data.resolve("demo-clients.json")); i++) {
                    Thread.sleep(100);
                }
                Thread.sleep(500);
                return new DemoServer(server, base, data, healthy, http);
            } catch (Exception | Error e) {
                demo.stop();
                System.err.println("the registry did not come up; its log and data are kept in " + data);
                throw e;
            }
        }

        /** A Bearer token of one of the demo registry's clients. */
        String token(String clientId) throws Exception {
            JsonNode clients = CanonicalJson.mapper().readTree(data.resolve("demo-clients.json").toFile());
            for (JsonNode c : clients) {
                if (clientId.equals(c.get("client_id").asText())) {
                    return Benchmarks.token(http, base, clientId, c.get("client_secret").asText());
                }
            }
            throw new IllegalStateException("the demo registry has no client " + clientId);
        }

        /** Stops the registry and removes its data folder. */
        @Override
        public void close() {
            stop();
            Tools.deleteTree(data);
        }

        void stop() {
            process.destroy();
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Duration waitHealthy(HttpClient http, String base, Instant started, Process server) throws Exception {
        HttpRequest health = HttpRequest.newBuilder(URI.create(base + "/actuator/health")).timeout(Duration.ofSeconds(2)).build();
        for (int i = 0; i < 1200; i++) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited with " + server.exitValue() + " before it was healthy");
            }
            try {
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("UP")) {
                    return Duration.between(started, Instant.now());
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the server was not healthy within 60 s");
    }

    private static String token(HttpClient http, String base, String id, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/auth/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        return CanonicalJson.mapper().readTree(r.body()).get("access_token").asText();
    }

    static String firstLabel(Path data) throws Exception {
        for (int i = 0; i < 200; i++) {
            for (String line : Files.readAllLines(data.resolve("server.log"))) {
                int at = line.indexOf("Demo label: ");
                if (at >= 0) {
                    String url = line.substring(at + "Demo label: ".length()).trim();
                    return url.substring(url.lastIndexOf('/') + 1);
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the demo registry printed no label");
    }

    /** Access to the demo footprint used as the benchmark's workload. */
    static final class DemoRegistryAccess {
        static String footprintTemplate() {
            try {
                JsonNode pf = CanonicalJson.mapper().readTree(DemoRegistry.benchmarkFootprint());
                ((com.fasterxml.jackson.databind.node.ObjectNode) pf).put("id", "00000000-0000-4000-8000-000000000000");
                return CanonicalJson.string(pf);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
