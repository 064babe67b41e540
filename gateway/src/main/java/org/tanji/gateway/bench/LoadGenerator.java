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
 * A closed-loop HTTP load: {@code concurrency} virtual clients on kept-alive connections, each
 * sending its next request when the last one answered, for a fixed duration. Only loopback.
 */
final class LoadGenerator {

    record Request(String method, String path, String bearer, String body) {
        static Request get(String path) {
            return new Request("GET", path, null, null);
        }

        static Request post(String path, String bearer, String body) {
            return new Request("POST", path, bearer, body);
        }
    }

    record Result(int concurrency, long requests, long errors, double seconds, double medianMs, double p99Ms) {
        String row(String name) {
            return String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %d |", name, concurrency, requests / seconds,
                    medianMs, p99Ms, errors);
        }
    }

    static Result run(String base, int concurrency, Duration duration, Supplier<Request> next) {
        if (!base.startsWith("http://127.0.0.1:")) {
            throw new IllegalArgumentException("load goes to loopback only");
        }
        ConnectionProvider pool = ConnectionProvider.builder("bench").maxConnections(concurrency).build();
        HttpClient client = HttpClient.create(pool).baseUrl(base).keepAlive(true);
        long[] latencies = new long[8_000_000];
        AtomicInteger count = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long deadline = System.nanoTime() + duration.toNanos();
        long started = System.nanoTime();
        Flux.range(0, concurrency).flatMap(worker -> Mono.defer(() -> {
            Request r = next.get();
            long t0 = System.nanoTime();
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
        }).repeat(() -> System.nanoTime() < deadline), concurrency).blockLast(duration.plusSeconds(30));
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
