package org.tanji.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The embedded server: where it listens, and that its file keeps every acknowledged write. */
class EmbeddedMongoTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    @Test
    void listensOnLoopbackAndKeepsItsFileUnderTheDataDir() {
        try (EmbeddedMongo server = EmbeddedMongo.start(dataDir)) {
            assertThat(server.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(server.address().getPort()).isPositive();
            assertThat(server.connectionString()).isEqualTo("mongodb://127.0.0.1:" + server.address().getPort());
            assertThat(server.file()).isEqualTo(dataDir.resolve("store/tanji.mv.db").toAbsolutePath());
            assertThat(server.file()).exists();
        }
    }

    @Test
    void documentsSurviveServerRestart() {
        String id = withStore(EmbeddedMongo.start(dataDir), store ->
                store.put("footprint-report", bytes("survives a restart"), "application/json").map(StoredDocument::id));

        StoredDocument read = withStore(EmbeddedMongo.start(dataDir), store -> store.get(id));

        assertThat(read).isNotNull();
        assertThat(new String(read.content(), StandardCharsets.UTF_8)).isEqualTo("survives a restart");
        assertThat(read.kind()).isEqualTo("footprint-report");
    }

    @Test
    void acknowledgedWritesSurviveACrash() {
        EmbeddedMongo server = EmbeddedMongo.start(dataDir);
        String id;
        try (MongoClient client = MongoClients.create(server.connectionString())) {
            DocumentStore store = new DocumentStore(client.getDatabase("tanji"));
            id = store.put("footprint-report", bytes("acknowledged, then the process died"), "application/json")
                    .map(StoredDocument::id)
                    .block(TIMEOUT);
            // No clean close: whatever was not committed to the file by now is lost.
            server.crashForTest();
        }

        StoredDocument read = withStore(EmbeddedMongo.start(dataDir), store -> store.get(id));

        assertThat(read).isNotNull();
        assertThat(new String(read.content(), StandardCharsets.UTF_8)).isEqualTo("acknowledged, then the process died");
    }

    @Test
    void deferredDocumentInsertsAreDurableOnceSyncedAndOtherWritesAtOnce() {
        EmbeddedMongo server = EmbeddedMongo.start(dataDir);
        server.deferDocumentInserts();
        String synced;
        String notSynced;
        try (MongoClient client = MongoClients.create(server.connectionString())) {
            DocumentStore store = new DocumentStore(client.getDatabase("tanji"));
            synced = store.put("footprint-report", bytes("put, then a block was written"), "application/json")
                    .map(StoredDocument::id).block(TIMEOUT);
            server.sync();
            notSynced = store.put("footprint-report", bytes("put, but no block named it yet"), "application/json")
                    .map(StoredDocument::id).block(TIMEOUT);
            // Any other write is still durable when answered, and takes the pending insert with it...
            Mono.from(client.getDatabase("tanji").getCollection("outbox").insertOne(new org.bson.Document("_id", "event-1")))
                    .block(TIMEOUT);
            String afterOther = store.put("footprint-report", bytes("put after the last durable write"), "application/json")
                    .map(StoredDocument::id).block(TIMEOUT);
            server.crashForTest();

            try (EmbeddedMongo reopened = EmbeddedMongo.start(dataDir);
                 MongoClient again = MongoClients.create(reopened.connectionString())) {
                DocumentStore after = new DocumentStore(again.getDatabase("tanji"));
                assertThat(after.get(synced).block(TIMEOUT)).as("synced before the crash").isNotNull();
                assertThat(after.get(notSynced).block(TIMEOUT)).as("committed with the outbox write").isNotNull();
                assertThat(Mono.from(again.getDatabase("tanji").getCollection("outbox").countDocuments()).block(TIMEOUT))
                        .isEqualTo(1L);
                // ...while a document insert on its own is not on disk before sync(): no fsync per put.
                assertThat(after.get(afterOther).block(TIMEOUT)).as("neither synced nor followed by a durable write").isNull();
            }
        }
    }

    @Test
    void closeStopsListening() {
        EmbeddedMongo server = EmbeddedMongo.start(dataDir);
        InetSocketAddress address = server.address();

        server.close();
        server.close();

        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(address, 1000);
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void aSecondServerOnTheSameFileIsRefusedClearly() {
        try (EmbeddedMongo first = EmbeddedMongo.start(dataDir)) {
            assertThatThrownBy(() -> EmbeddedMongo.start(dataDir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(first.file().toString());
        }
        // The refusal must not have damaged anything: the file opens again afterwards.
        EmbeddedMongo.start(dataDir).close();
    }

    /** Runs {@code work} against a store on {@code server}, then closes client and server cleanly. */
    private static <T> T withStore(EmbeddedMongo server, Function<DocumentStore, Mono<T>> work) {
        try (server; MongoClient client = MongoClients.create(server.connectionString())) {
            return work.apply(new DocumentStore(client.getDatabase("tanji"))).block(TIMEOUT);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
