package org.tanji.gateway.store;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The document store against each MongoDB-wire server, over a real socket, through the real driver. */
@ParameterizedClass(name = "on {0}")
@EnumSource(MongoWire.class)
class DocumentStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    static Path dataDir;

    @Parameter
    MongoWire wire;

    private static MongoWire.Server server;
    private static MongoClient client;
    private static final BoundedFindBatches FINDS = new BoundedFindBatches();

    private MongoDatabase database;
    private MutableClock clock;
    private DocumentStore store;

    @BeforeParameterizedClassInvocation
    static void startServer(MongoWire wire) {
        server = wire.start(dataDir.resolve(wire.name().toLowerCase(java.util.Locale.ROOT)));
        client = MongoClients.create(com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString(server.connectionString()))
                .addCommandListener(FINDS).build());
    }

    @org.junit.jupiter.api.AfterEach
    void findsWereBatched() {
        assertThat(FINDS.drain()).as("finds with an oversized batchSize").isEmpty();
    }

    @AfterParameterizedClassInvocation
    static void stopServer() {
        client.close();
        server.close();
    }

    @BeforeEach
    void freshDatabase() {
        // A database per test keeps tests independent without restarting the server.
        database = client.getDatabase("test" + DATABASES.incrementAndGet());
        clock = new MutableClock(Instant.parse("2026-03-01T08:00:00.123456Z"));
        store = new DocumentStore(database, DocumentHash.SHA256, clock);
        store.ensureIndexes().block(TIMEOUT);
    }

    @Test
    void documentIsStoredUnderItsSha256AndReadBackVerified() throws Exception {
        byte[] content = "abc".getBytes(StandardCharsets.US_ASCII);

        StoredDocument put = store.put("footprint-report", content, "application/json").block(TIMEOUT);

        assertThat(put.id()).isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(put.hash()).isEqualTo(DocumentHash.SHA256);
        assertThat(put.hex()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        assertThat(put.size()).isEqualTo(3);
        assertThat(put.createdAt()).isEqualTo(Instant.parse("2026-03-01T08:00:00.123Z"));
        assertThat(put.anchored()).isFalse();

        StepVerifier.create(store.get(put.id()))
                .assertNext(read -> {
                    assertThat(read.content()).isEqualTo(content);
                    assertThat(read.kind()).isEqualTo("footprint-report");
                    assertThat(read.mediaType()).isEqualTo("application/json");
                    assertThat(read).isEqualTo(put);
                })
                .expectComplete()
                .verify(TIMEOUT);

        Document raw = Mono.from(documents().find(eq("_id", put.id())).first()).block(TIMEOUT);
        assertThat(raw.get("content")).isInstanceOf(Binary.class);
        assertThat(raw.get("size", Number.class).longValue()).isEqualTo(3L);
        assertThat(raw.getDate("createdAt")).isNotNull();
        assertThat(DocumentStore.sha256Id(content)).isEqualTo(put.id());
        assertThat(store.idOf(content)).isEqualTo(put.id());
    }

    @Test
    void severalDocumentsAreReadInOneQueryEachVerified() {
        StoredDocument a = store.put("evidence", bytes("page document a"), "text/plain").block(TIMEOUT);
        StoredDocument b = store.put("evidence", bytes("page document b"), "text/plain").block(TIMEOUT);
        String absent = DocumentStore.sha256Id(bytes("never stored"));

        java.util.Map<String, StoredDocument> found = store.getAll(java.util.List.of(a.id(), b.id(), absent)).block(TIMEOUT);
        assertThat(found).containsOnlyKeys(a.id(), b.id());
        assertThat(found.get(b.id()).content()).isEqualTo(bytes("page document b"));
        assertThat(store.getAll(java.util.List.of()).block(TIMEOUT)).isEmpty();

        Mono.from(documents().updateOne(eq("_id", b.id()), Updates.set("content", new Binary(bytes("page document c")))))
                .block(TIMEOUT);
        StepVerifier.create(store.getAll(java.util.List.of(a.id(), b.id())))
                .expectError(TamperedDocumentException.class).verify(TIMEOUT);
    }

    @Test
    void everyDocumentOfAKindIsScannedOnceEachVerifiedAndATamperedOneIsReportedNotFatal() {
        StoredDocument a = store.put("footprint", bytes("footprint a"), "application/json").block(TIMEOUT);
        StoredDocument b = store.put("footprint", bytes("footprint b"), "application/json").block(TIMEOUT);
        StoredDocument c = store.put("footprint", bytes("footprint c"), "application/json").block(TIMEOUT);
        store.put("evidence", bytes("not a footprint"), "text/plain").block(TIMEOUT);
        Mono.from(documents().updateOne(eq("_id", b.id()), Updates.set("content", new Binary(bytes("footprint x")))))
                .block(TIMEOUT);

        java.util.List<DocumentStore.KindScan> scanned = store.allOfKind("footprint").collectList().block(TIMEOUT);

        assertThat(scanned).extracting(DocumentStore.KindScan::id).containsExactlyInAnyOrder(a.id(), b.id(), c.id());
        java.util.Map<String, DocumentStore.KindScan> byId = new java.util.HashMap<>();
        scanned.forEach(x -> byId.put(x.id(), x));
        assertThat(byId.get(a.id()).document().content()).isEqualTo(bytes("footprint a"));
        assertThat(byId.get(c.id()).failed()).isNull();
        assertThat(byId.get(b.id()).document()).isNull();
        assertThat(byId.get(b.id()).failed()).isInstanceOf(TamperedDocumentException.class);
        assertThat(store.allOfKind("nothing-of-this-kind").collectList().block(TIMEOUT)).isEmpty();
    }

    @Test
    void tamperedDocumentIsDetectedOnRead() {
        StoredDocument put = store.put("evidence", bytes("meter readings 2025"), "text/plain").block(TIMEOUT);
        Mono.from(documents().updateOne(eq("_id", put.id()), Updates.set("content", new Binary(bytes("meter readings 1999")))))
                .block(TIMEOUT);

        StepVerifier.create(store.get(put.id()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(TamperedDocumentException.class)
                        .hasMessageContaining(put.id())
                        .extracting(e -> ((TamperedDocumentException) e).hashId()).isEqualTo(put.id()))
                .verify(TIMEOUT);
    }

    @Test
    void alteredSizeIsTreatedAsTampering() {
        StoredDocument put = store.put("evidence", bytes("twelve bytes"), "text/plain").block(TIMEOUT);
        Mono.from(documents().updateOne(eq("_id", put.id()), Updates.set("size", 13L))).block(TIMEOUT);

        StepVerifier.create(store.get(put.id()))
                .expectError(TamperedDocumentException.class)
                .verify(TIMEOUT);
    }

    @Test
    void sameBytesTwiceIsIdempotent() {
        StoredDocument first = store.put("footprint-report", bytes("{\"pcf\":1}"), "application/json").block(TIMEOUT);
        clock.advance(Duration.ofMinutes(5));
        StoredDocument second = store.put("another-kind", bytes("{\"pcf\":1}"), "text/plain").block(TIMEOUT);

        assertThat(second.id()).isEqualTo(first.id());
        // The first write's metadata stands; the second put only confirms the bytes are there.
        assertThat(second.kind()).isEqualTo("footprint-report");
        assertThat(second.mediaType()).isEqualTo("application/json");
        assertThat(second.createdAt()).isEqualTo(first.createdAt());
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void concurrentPutsOfSameBytesBothSucceed() {
        byte[] content = bytes("the same report, submitted by many at once");
        int writers = 16;

        List<StoredDocument> results = Flux.range(0, writers)
                .flatMap(i -> store.put("footprint-report", content, "application/json").subscribeOn(Schedulers.parallel()), writers)
                .collectList()
                .block(TIMEOUT);

        assertThat(results).hasSize(writers).extracting(StoredDocument::id).containsOnly(DocumentStore.sha256Id(content));
        assertThat(count()).isEqualTo(1);
        Document raw = Mono.from(documents().find().first()).block(TIMEOUT);
        if (store.exactPutCounts()) {
            assertThat(raw.get("puts", Number.class).longValue()).isEqualTo(writers);
        } else {
            // FerretDB loses concurrent increments, so a rollback must not trust the count.
            StepVerifier.create(store.deleteIfUnanchored(results.get(0).id())).expectNext(false).verifyComplete();
        }
        StepVerifier.create(store.get(results.get(0).id()))
                .assertNext(read -> assertThat(read.content()).isEqualTo(content))
                .verifyComplete();
    }

    @Test
    void concurrentPutsOfDifferentBytesAllLand() {
        int writers = 32;
        Long stored = Flux.range(0, writers)
                .flatMap(i -> store.put("evidence", bytes("document " + i), "text/plain").subscribeOn(Schedulers.parallel()), writers)
                .count()
                .block(TIMEOUT);

        assertThat(stored).isEqualTo(writers);
        assertThat(count()).isEqualTo(writers);
    }

    @Test
    void callerReusingItsArrayCannotCorruptTheStoredDocument() {
        byte[] buffer = bytes("original");
        Mono<StoredDocument> put = store.put("evidence", buffer, "text/plain");
        buffer[0] = 'X';

        StoredDocument stored = put.block(TIMEOUT);

        assertThat(stored.id()).isEqualTo(DocumentStore.sha256Id(bytes("original")));
        StepVerifier.create(store.get(stored.id()).map(d -> new String(d.content(), StandardCharsets.UTF_8)))
                .expectNext("original")
                .verifyComplete();
    }

    @Test
    void sm3HashIsSupported() {
        StoredDocument put = store.put("evidence", bytes("abc"), "text/plain", DocumentHash.SM3).block(TIMEOUT);

        assertThat(put.id()).isEqualTo("sm3:66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
        assertThat(put.hash()).isEqualTo(DocumentHash.SM3);
        StepVerifier.create(store.get(put.id()))
                .assertNext(read -> assertThat(read.content()).isEqualTo(bytes("abc")))
                .verifyComplete();

        Mono.from(documents().updateOne(eq("_id", put.id()), Updates.set("content", new Binary(bytes("abd"))))).block(TIMEOUT);
        StepVerifier.create(store.get(put.id())).expectError(TamperedDocumentException.class).verify(TIMEOUT);
    }

    @Test
    void sm3CanBeTheDefault() {
        DocumentStore sm3Store = new DocumentStore(database, DocumentHash.SM3, clock);

        StoredDocument put = sm3Store.put("evidence", bytes("abc"), "text/plain").block(TIMEOUT);

        assertThat(put.id()).startsWith("sm3:").isEqualTo(sm3Store.idOf(bytes("abc")));
    }

    @Test
    void missingDocumentIsEmpty() {
        String absent = DocumentStore.sha256Id(bytes("never stored"));

        StepVerifier.create(store.get(absent)).verifyComplete();
        StepVerifier.create(store.exists(absent)).expectNext(false).verifyComplete();
    }

    @Test
    void malformedIdsAreRejected() {
        for (String bad : List.of("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                "sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
                "sha256:ba78", "md5:0123456789abcdef0123456789abcdef", "sha256:{\"$ne\":null}")) {
            StepVerifier.create(store.get(bad)).expectError(IllegalArgumentException.class).verify(TIMEOUT);
            StepVerifier.create(store.exists(bad)).expectError(IllegalArgumentException.class).verify(TIMEOUT);
        }
    }

    @Test
    void invalidPutsAreRejected() {
        StepVerifier.create(store.put(" ", bytes("x"), "text/plain")).expectError(IllegalArgumentException.class).verify(TIMEOUT);
        StepVerifier.create(store.put("evidence", bytes("x"), "")).expectError(IllegalArgumentException.class).verify(TIMEOUT);
        StepVerifier.create(store.put("evidence", new byte[DocumentStore.MAX_CONTENT_BYTES + 1], "application/octet-stream"))
                .expectError(IllegalArgumentException.class)
                .verify(TIMEOUT);
        assertThat(count()).isZero();
    }

    @Test
    void largeDocumentsRoundTrip() {
        byte[] content = new byte[4 * 1024 * 1024];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        StoredDocument put = store.put("artwork", content, "image/svg+xml").block(TIMEOUT);

        StepVerifier.create(store.get(put.id()))
                .assertNext(read -> assertThat(read.content()).isEqualTo(content))
                .verifyComplete();
    }

    @Test
    void existsAndDeleteWorkOnUnanchoredDocuments() {
        StoredDocument put = store.put("evidence", bytes("to be deleted"), "text/plain").block(TIMEOUT);

        StepVerifier.create(store.exists(put.id())).expectNext(true).verifyComplete();
        StepVerifier.create(store.delete(put.id())).verifyComplete();
        StepVerifier.create(store.exists(put.id())).expectNext(false).verifyComplete();
        // Deleting what is not there is not an error.
        StepVerifier.create(store.delete(put.id())).verifyComplete();
    }

    @Test
    void anchoredDocumentsCannotBeDeleted() {
        StoredDocument put = store.put("footprint-report", bytes("on the ledger"), "application/json").block(TIMEOUT);
        store.markAnchored(put.id(), "tx-1").block(TIMEOUT);

        StepVerifier.create(store.delete(put.id()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class).hasMessageContaining(put.id()))
                .verify(TIMEOUT);
        StepVerifier.create(store.deleteIfUnanchored(put.id())).expectNext(false).verifyComplete();
        StepVerifier.create(store.exists(put.id())).expectNext(true).verifyComplete();
    }

    @Test
    void markAnchoredRecordsTheFirstTimeAndEveryTransaction() {
        StoredDocument put = store.put("footprint-report", bytes("shared evidence"), "application/json").block(TIMEOUT);
        Instant first = clock.instant();
        store.markAnchored(put.id(), "tx-1").block(TIMEOUT);
        clock.advance(Duration.ofHours(1));
        store.markAnchored(put.id(), "tx-2").block(TIMEOUT);
        store.markAnchored(put.id(), "tx-2").block(TIMEOUT);

        StepVerifier.create(store.get(put.id()))
                .assertNext(read -> assertThat(read.anchoredAt()).isEqualTo(first.truncatedTo(ChronoUnit.MILLIS)))
                .verifyComplete();
        Document raw = Mono.from(documents().find(eq("_id", put.id())).first()).block(TIMEOUT);
        assertThat(raw.getList("anchorTxIds", String.class)).containsExactly("tx-1", "tx-2");
    }

    @Test
    void anchoringAMissingDocumentFails() {
        String absent = DocumentStore.sha256Id(bytes("never stored"));

        StepVerifier.create(store.markAnchored(absent, "tx-1"))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MissingDocumentException.class).hasMessageContaining(absent))
                .verify(TIMEOUT);
    }

    @Test
    void theServerIsRecognised() {
        assertThat(store.exactPutCounts()).isEqualTo(wire == MongoWire.EMBEDDED);
    }

    @Test
    void rollbackDeletesOnlyADocumentNobodyElsePut() {
        if (!store.exactPutCounts()) {
            StoredDocument mine = store.put("footprint-report", bytes("only mine"), "application/json").block(TIMEOUT);
            StepVerifier.create(store.deleteIfUnanchored(mine.id())).expectNext(false).verifyComplete();
            StepVerifier.create(store.exists(mine.id())).expectNext(true).verifyComplete();
            return;
        }
        StoredDocument mine = store.put("footprint-report", bytes("only mine"), "application/json").block(TIMEOUT);
        StoredDocument shared = store.put("footprint-report", bytes("also someone else's"), "application/json").block(TIMEOUT);
        store.put("footprint-report", bytes("also someone else's"), "application/json").block(TIMEOUT);

        StepVerifier.create(store.deleteIfUnanchored(mine.id())).expectNext(true).verifyComplete();
        StepVerifier.create(store.deleteIfUnanchored(shared.id())).expectNext(false).verifyComplete();

        StepVerifier.create(store.exists(mine.id())).expectNext(false).verifyComplete();
        StepVerifier.create(store.exists(shared.id())).expectNext(true).verifyComplete();
    }

    @Test
    void ensureIndexesIsRepeatable() {
        StepVerifier.create(store.ensureIndexes().then(store.ensureIndexes())).verifyComplete();
        List<String> names = Flux.from(documents().listIndexes()).map(index -> index.getString("name")).collectList().block(TIMEOUT);
        assertThat(names).contains("_id_", "sweep_anchoredAt_lastPutAt");
    }

    private MongoCollection<Document> documents() {
        return database.getCollection(DocumentStore.COLLECTION);
    }

    private long count() {
        return Mono.from(documents().countDocuments()).block(TIMEOUT);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
