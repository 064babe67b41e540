package org.tanji.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The Spring wiring: which server is used, what is configurable, and that shutdown is clean. */
class StoreConfigurationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(StoreConfiguration.class);

    @TempDir
    Path dataDir;

    @Test
    void embeddedServerRunsUnderTheDataDirAndStopsWithTheContext() {
        InetSocketAddress[] address = new InetSocketAddress[1];
        String[] id = new String[1];

        runner.withPropertyValues("tanji.data-dir=" + dataDir).run(context -> {
            assertThat(context).hasNotFailed()
                    .hasSingleBean(MongoClient.class)
                    .hasSingleBean(MongoDatabase.class)
                    .hasSingleBean(DocumentStore.class)
                    .hasSingleBean(OrphanSweeper.class)
                    .hasSingleBean(OrphanSweepScheduler.class);
            MongoEndpoint endpoint = context.getBean(MongoEndpoint.class);
            EmbeddedMongo embedded = endpoint.embedded().orElseThrow();
            assertThat(embedded.file()).isEqualTo(dataDir.resolve("store/tanji.mv.db").toAbsolutePath());
            assertThat(context.getBean(MongoDatabase.class).getName()).isEqualTo("tanji");
            DocumentStore store = context.getBean(DocumentStore.class);
            assertThat(store.defaultHash()).isEqualTo(DocumentHash.SHA256);
            // No LedgerReferences bean: the sweep must not run.
            assertThat(context.getBean(OrphanSweepScheduler.class).isRunning()).isFalse();

            id[0] = store.put("footprint-report", bytes("wired"), "application/json").block(TIMEOUT).id();
            address[0] = embedded.address();
        });

        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(address[0], 1000);
            }
        }).isInstanceOf(IOException.class);

        runner.withPropertyValues("tanji.data-dir=" + dataDir).run(context -> {
            StoredDocument read = context.getBean(DocumentStore.class).get(id[0]).block(TIMEOUT);
            assertThat(read).isNotNull();
            assertThat(new String(read.content(), StandardCharsets.UTF_8)).isEqualTo("wired");
        });
    }

    @Test
    void externalServerIsUsedWhenAUriIsConfigured(@TempDir Path externalDir) {
        try (EmbeddedMongo external = EmbeddedMongo.start(externalDir);
             MongoClient direct = MongoClients.create(external.connectionString())) {

            runner.withPropertyValues(
                            "tanji.data-dir=" + dataDir,
                            "tanji.mongo.uri=" + external.connectionString(),
                            "tanji.mongo.database=registry")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBean(MongoEndpoint.class).embedded()).isEmpty();
                        context.getBean(DocumentStore.class).put("evidence", bytes("external"), "text/plain").block(TIMEOUT);
                    });

            assertThat(dataDir.resolve("store")).doesNotExist();
            // The external server outlives the context, and holds the document in the named database.
            Document stored = Mono.from(direct.getDatabase("registry").getCollection(DocumentStore.COLLECTION)
                    .find(Filters.eq("_id", DocumentStore.sha256Id(bytes("external")))).first()).block(TIMEOUT);
            assertThat(stored).isNotNull();
        }
    }

    @Test
    void databaseNameComesFromTheUriWhenNotConfigured(@TempDir Path externalDir) {
        try (EmbeddedMongo external = EmbeddedMongo.start(externalDir)) {
            runner.withPropertyValues("tanji.mongo.uri=" + external.connectionString() + "/fromuri")
                    .run(context -> assertThat(context.getBean(MongoDatabase.class).getName()).isEqualTo("fromuri"));
        }
    }

    @Test
    void environmentVariablesConfigureTheStore() {
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                                "TANJI_DATA_DIR", dataDir.toString(),
                                "TANJI_MONGO_DATABASE", "fromenv",
                                "TANJI_STORE_HASH_ALGORITHM", "sm3"))))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(MongoEndpoint.class).embedded().orElseThrow().file())
                            .isEqualTo(dataDir.resolve("store/tanji.mv.db").toAbsolutePath());
                    assertThat(context.getBean(MongoDatabase.class).getName()).isEqualTo("fromenv");
                    assertThat(context.getBean(DocumentStore.class).defaultHash()).isEqualTo(DocumentHash.SM3);
                });
    }

    @Test
    void theSweepRunsOnItsScheduleOnceTheLedgerCanBeAsked() {
        runner.withPropertyValues(
                        "tanji.data-dir=" + dataDir,
                        "tanji.store.sweep-interval=50ms",
                        "tanji.store.orphan-grace=0s")
                .withBean(LedgerReferences.class, () -> id -> Mono.just(false))
                .run(context -> {
                    assertThat(context.getBean(OrphanSweepScheduler.class).isRunning()).isTrue();
                    DocumentStore store = context.getBean(DocumentStore.class);
                    String id = store.put("evidence", bytes("orphaned at once"), "text/plain").block(TIMEOUT).id();

                    // Ticks a slow store cannot keep up with (a loaded machine) are skipped, not an error.
                    Boolean present = Flux.interval(Duration.ofMillis(20))
                            .onBackpressureDrop()
                            .concatMap(tick -> store.exists(id))
                            .filter(exists -> !exists)
                            .next()
                            .block(TIMEOUT);
                    assertThat(present).isFalse();
                });
    }

    @Test
    void sweepCanBeSwitchedOff() {
        runner.withPropertyValues("tanji.data-dir=" + dataDir, "tanji.store.sweep-enabled=false")
                .withBean(LedgerReferences.class, () -> id -> Mono.just(false))
                .run(context -> assertThat(context.getBean(OrphanSweepScheduler.class).isRunning()).isFalse());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
