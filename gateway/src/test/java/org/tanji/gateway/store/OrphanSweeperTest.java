package org.tanji.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The orphan sweep and its schedule, against each MongoDB-wire server. */
@ParameterizedClass(name = "on {0}")
@EnumSource(MongoWire.class)
class OrphanSweeperTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration GRACE = Duration.ofHours(1);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    static Path dataDir;

    @Parameter
    MongoWire wire;

    private static MongoWire.Server server;
    private static MongoClient client;

    private MutableClock clock;
    private DocumentStore store;
    private OrphanSweeper sweeper;

    @BeforeParameterizedClassInvocation
    static void startServer(MongoWire wire) {
        server = wire.start(dataDir.resolve(wire.name().toLowerCase(java.util.Locale.ROOT)));
        client = MongoClients.create(server.connectionString());
    }

    @AfterParameterizedClassInvocation
    static void stopServer() {
        client.close();
        server.close();
    }

    @BeforeEach
    void freshStore() {
        clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
        store = new DocumentStore(client.getDatabase("sweep" + DATABASES.incrementAndGet()), DocumentHash.SHA256, clock);
        store.ensureIndexes().block(TIMEOUT);
        sweeper = new OrphanSweeper(store);
    }

    @Test
    void sweepRemovesOnlyUnanchoredOrphansPastGrace() {
        String orphan = put("abandoned: the ledger submit failed");
        String anchored = put("anchored by its ledger record");
        store.markAnchored(anchored, "tx-1").block(TIMEOUT);
        String referencedButUnmarked = put("committed, but the gateway stopped before markAnchored");
        clock.advance(GRACE.plusMinutes(1));
        String recent = put("written a moment ago, its ledger submit still under way");

        Set<String> asked = ConcurrentHashMap.newKeySet();
        Function<String, Mono<Boolean>> ledger = id -> {
            asked.add(id);
            return Mono.just(id.equals(referencedButUnmarked));
        };

        StepVerifier.create(sweeper.sweep(clock.instant().minus(GRACE), ledger))
                .expectNext(1L)
                .verifyComplete();

        assertThat(asked).containsExactlyInAnyOrder(orphan, referencedButUnmarked);
        assertThat(exists(orphan)).isFalse();
        assertThat(exists(anchored)).isTrue();
        assertThat(exists(recent)).isTrue();
        assertThat(store.get(referencedButUnmarked).block(TIMEOUT).anchored()).isTrue();

        // What the sweep has settled, it does not ask about again.
        asked.clear();
        StepVerifier.create(sweeper.sweep(clock.instant().minus(GRACE), ledger)).expectNext(0L).verifyComplete();
        assertThat(asked).isEmpty();
    }

    @Test
    void sweepKeepsDocumentsTheLedgerCannotAnswerFor() {
        String erroring = put("the ledger look-up fails");
        String silent = put("the ledger look-up answers nothing");
        clock.advance(GRACE.plusMinutes(1));

        Function<String, Mono<Boolean>> ledger = id -> id.equals(erroring)
                ? Mono.error(new IllegalStateException("ledger unavailable"))
                : Mono.empty();

        StepVerifier.create(sweeper.sweep(clock.instant().minus(GRACE), ledger)).expectNext(0L).verifyComplete();
        assertThat(exists(erroring)).isTrue();
        assertThat(exists(silent)).isTrue();
    }

    @Test
    void puttingTheSameBytesAgainRestartsTheGracePeriod() {
        String id = put("an old orphan, about to be submitted again");
        clock.advance(GRACE.plusMinutes(1));
        put("an old orphan, about to be submitted again");

        StepVerifier.create(sweeper.sweep(clock.instant().minus(GRACE), any -> Mono.just(false)))
                .expectNext(0L)
                .verifyComplete();
        assertThat(exists(id)).isTrue();
    }

    @Test
    void anchoringDuringTheSweepWins() {
        String id = put("anchored while the sweep was asking the ledger");
        clock.advance(GRACE.plusMinutes(1));

        // The ledger answers "not referenced" from a stale view, while the record commits meanwhile.
        Function<String, Mono<Boolean>> staleLedger = candidate ->
                store.markAnchored(candidate, "tx-late").thenReturn(false);

        StepVerifier.create(sweeper.sweep(clock.instant().minus(GRACE), staleLedger)).expectNext(0L).verifyComplete();
        assertThat(exists(id)).isTrue();
    }

    @Test
    void manyOrphansAreAllSwept() {
        for (int i = 0; i < 50; i++) {
            put("orphan " + i);
        }
        clock.advance(GRACE.plusMinutes(1));

        StepVerifier.create(sweeper.sweep(clock.instant().minus(GRACE), any -> Mono.just(false)))
                .expectNext(50L)
                .verifyComplete();
    }

    @Test
    void schedulerSweepsPeriodicallyOnceLedgerReferencesAreAvailable() {
        String orphan = put("swept by the schedule");
        String referenced = put("kept by the schedule");
        LedgerReferences ledger = id -> Mono.just(id.equals(referenced));
        OrphanSweepScheduler scheduler = new OrphanSweepScheduler(sweeper, () -> ledger,
                Duration.ofMillis(50), Duration.ZERO, clock);
        clock.advance(Duration.ofSeconds(1));

        scheduler.start();
        try {
            assertThat(scheduler.isRunning()).isTrue();
            // Ticks that come while a check is still running are dropped: on a loaded machine a
            // check can take longer than 20 ms, and interval() fails rather than wait.
            Boolean gone = Flux.interval(Duration.ofMillis(20))
                    .onBackpressureDrop()
                    .concatMap(tick -> store.exists(orphan))
                    .filter(present -> !present)
                    .next()
                    .block(TIMEOUT);
            assertThat(gone).isFalse();
            assertThat(exists(referenced)).isTrue();
        } finally {
            scheduler.stop();
        }
        assertThat(scheduler.isRunning()).isFalse();
    }

    @Test
    void schedulerStaysOffWithoutLedgerReferences() throws InterruptedException {
        String orphan = put("kept: nobody can say whether the ledger refers to it");
        OrphanSweepScheduler scheduler = new OrphanSweepScheduler(sweeper, () -> null,
                Duration.ofMillis(20), Duration.ZERO, clock);
        clock.advance(Duration.ofSeconds(1));

        scheduler.start();
        Thread.sleep(100);
        scheduler.stop();

        assertThat(scheduler.isRunning()).isFalse();
        assertThat(exists(orphan)).isTrue();
    }

    private String put(String text) {
        return store.put("evidence", text.getBytes(StandardCharsets.UTF_8), "text/plain").block(TIMEOUT).id();
    }

    private boolean exists(String id) {
        return store.exists(id).block(TIMEOUT);
    }
}
