package org.tanji.gateway.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * HTTP load on kept-alive loopback connections, for a fixed duration: closed loop ({@link #run},
 * each virtual client sends its next request when the last one answered) or open loop at a fixed
 * rate ({@link #runAtRate}).
 */
final class LoadGenerator {

    record Request(String method, String path, String bearer, String body) {
        static Request get(String path) {
            return new Request("GET", path, null, null);
        }

        static Request post(String path, String bearer, String body) {
            return new Request("POST", path, bearer, body);
        }

        Request withBearer(String token) {
            return new Request(method, path, token, body);
        }
    }

    record Result(int concurrency, long requests, long errors, double seconds, double medianMs, double p99Ms) {
        String row(String name, String load) {
            return String.format(Locale.ROOT, "| %s | %s | %.0f | %.2f | %.2f | %d |", name, load, requests / seconds,
                    medianMs, p99Ms, errors);
        }
    }

    static Result run(String base, int concurrency, Duration duration, Supplier<Request> next) {
        return run(base, null, concurrency, duration, next);
    }

    /** {@link #run} against an {@code https://127.0.0.1:…} base that presents the certificate in {@code trust} (PEM). */
    static Result run(String base, java.nio.file.Path trust, int concurrency, Duration duration, Supplier<Request> next) {
        Recorder recorder = new Recorder(base, concurrency, trust);
        long deadline = System.nanoTime() + duration.toNanos();
        long started = System.nanoTime();
        Flux.range(0, concurrency).flatMap(worker -> Mono.defer(() -> recorder.send(next.get(), System.nanoTime()))
                .repeat(() -> System.nanoTime() < deadline), concurrency).blockLast(duration.plusSeconds(30));
        return recorder.result(concurrency, started);
    }

    /** Exactly {@code total} requests, {@code concurrency} at a time (closed loop); for seeding data. */
    static Result count(String base, int concurrency, int total, java.util.function.IntFunction<Request> request) {
        Recorder recorder = new Recorder(base, concurrency, null);
        long started = System.nanoTime();
        Flux.range(0, total).flatMap(i -> recorder.send(request.apply(i), System.nanoTime()), concurrency).blockLast();
        return recorder.result(concurrency, started);
    }

    /**
     * An open-loop load: requests start on a fixed schedule, {@code perSecond} of them, whether or
     * not earlier ones have answered (at most {@code maxInFlight} at once; beyond that they queue).
     * Each latency runs from the request's scheduled start, so a server that falls behind shows
     * it in the percentiles instead of slowing the load down (no coordinated omission).
     */
    static Result runAtRate(String base, int perSecond, int maxInFlight, Duration duration, Supplier<Request> next) {
        Recorder recorder = new Recorder(base, maxInFlight, null);
        long period = 1_000_000_000L / perSecond;
        long total = duration.toSeconds() * perSecond;
        long started = System.nanoTime();
        Flux.interval(Duration.ofNanos(period)).take(total)
                .onBackpressureBuffer()
                .flatMap(tick -> recorder.send(next.get(), started + tick * period), maxInFlight)
                .blockLast(duration.plusSeconds(30));
        return recorder.result(maxInFlight, started);
    }

    /** Sends requests on one kept-alive pool and records each latency and failure. */
    private static final class Recorder {
        private final ConnectionProvider pool;
        private final HttpClient client;
        private final long[] latencies = new long[8_000_000];
        private final AtomicInteger count = new AtomicInteger();
        private final AtomicInteger errors = new AtomicInteger();

        Recorder(String base, int connections, java.nio.file.Path trust) {
            if (!base.startsWith(trust == null ? "http://127.0.0.1:" : "https://127.0.0.1:")) {
                throw new IllegalArgumentException("load goes to loopback only");
            }
            this.pool = ConnectionProvider.builder("bench").maxConnections(connections).pendingAcquireMaxCount(-1).build();
            HttpClient c = HttpClient.create(pool).baseUrl(base).keepAlive(true);
            if (trust != null) {
                try {
                    io.netty.handler.ssl.SslContext ssl = io.netty.handler.ssl.SslContextBuilder.forClient()
                            .trustManager(trust.toFile()).build();
                    c = c.secure(spec -> spec.sslContext(ssl));
                } catch (javax.net.ssl.SSLException e) {
                    throw new IllegalStateException("cannot trust " + trust, e);
                }
            }
            this.client = c;
        }

        /** One request; its latency runs from {@code t0}. */
        Mono<Integer> send(Request r, long t0) {
            HttpClient c = r.bearer() == null ? client
                    : client.headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + r.bearer())
                            .set(HttpHeaderNames.CONTENT_TYPE, "application/json"));
            Mono<Integer> status = "GET".equals(r.method())
                    ? c.get().uri(r.path()).responseSingle((res, body) -> body.then(Mono.just(res.status().code())))
                    : c.post().uri(r.path()).send(ByteBufFlux.fromString(Mono.just(r.body()), StandardCharsets.UTF_8,
                            io.netty.buffer.ByteBufAllocator.DEFAULT))
                            .responseSingle((res, body) -> body.then(Mono.just(res.status().code())));
            // A request unanswered for 10 s counts as an error rather than stalling the run.
            return status.timeout(Duration.ofSeconds(10)).doOnNext(code -> {
                int i = count.getAndIncrement();
                if (i < latencies.length) {
                    latencies[i] = System.nanoTime() - t0;
                }
                if (code >= 300) {
                    errors.incrementAndGet();
                }
            }).onErrorResume(e -> {
                errors.incrementAndGet();
                return Mono.empty();
            });
        }

        Result result(int concurrency, long started) {
            double seconds = (System.nanoTime() - started) / 1e9;
            pool.dispose();
            int n = Math.min(count.get(), latencies.length);
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            double median = n == 0 ? 0 : sorted[n / 2] / 1e6;
            double p99 = n == 0 ? 0 : sorted[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1e6;
            return new Result(concurrency, count.get(), errors.get(), seconds, median, p99);
        }
    }
}
