package org.tanji.gateway.store;

import java.time.Clock;
import java.time.Duration;

import org.bson.UuidRepresentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.MongoClientSettings;
import com.mongodb.event.CommandListener;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;

/**
 * Wires the off-chain store: the MongoDB-wire server (external when {@code tanji.mongo.uri} is
 * set, else embedded under {@code tanji.data-dir}), the reactive driver's {@link MongoClient} and
 * {@link MongoDatabase}, the {@link DocumentStore} and its orphan sweep. Everything is closed on
 * shutdown, the client before the embedded server.
 *
 * <p>The driver is used directly rather than through Spring Data MongoDB; Spring Boot's own
 * MongoDB auto-configuration is not on the classpath, and would back off from these beans if it
 * ever were.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StoreProperties.class)
public class StoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);

    /** How long start-up waits for the server to answer the index creation. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    @Bean(destroyMethod = "close")
    public MongoEndpoint mongoEndpoint(StoreProperties properties) {
        StoreProperties.Mongo mongo = properties.mongo();
        MongoEndpoint endpoint = mongo.external()
                ? MongoEndpoint.external(mongo.uri().trim(), mongo.database())
                : MongoEndpoint.embedded(EmbeddedMongo.start(properties.dataDir()), mongo.database());
        log.info("off-chain store: {}", endpoint);
        return endpoint;
    }

    @Bean(destroyMethod = "close")
    public MongoClient mongoClient(MongoEndpoint endpoint, ObjectProvider<CommandListener> listeners) {
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(endpoint.connectionString())
                .applicationName("tanji-gateway")
                .uuidRepresentation(UuidRepresentation.STANDARD);
        // Command listeners (tracing, or the tests' check on every find) see each command sent.
        listeners.orderedStream().forEach(settings::addCommandListener);
        return MongoClients.create(settings.build());
    }

    @Bean
    public MongoDatabase mongoDatabase(MongoClient client, MongoEndpoint endpoint) {
        return client.getDatabase(endpoint.database());
    }

    @Bean
    public DocumentStore documentStore(MongoDatabase database, StoreProperties properties, ObjectProvider<Clock> clock) {
        DocumentStore store = new DocumentStore(database, properties.store().hashAlgorithm(), clock.getIfUnique(Clock::systemUTC));
        // Blocking is acceptable here only: this runs once, on the start-up thread, and a server
        // that cannot be reached should stop the start with a clear error rather than fail later.
        store.ensureIndexes().block(STARTUP_TIMEOUT);
        return store;
    }

    @Bean
    public OrphanSweeper orphanSweeper(DocumentStore store) {
        return new OrphanSweeper(store);
    }

    @Bean
    public OrphanSweepScheduler orphanSweepScheduler(OrphanSweeper sweeper, StoreProperties properties,
                                                     ObjectProvider<LedgerReferences> ledgerReferences,
                                                     ObjectProvider<Clock> clock) {
        StoreProperties.Store store = properties.store();
        return new OrphanSweepScheduler(sweeper,
                store.sweepEnabled() ? ledgerReferences::getIfUnique : () -> null,
                store.sweepInterval(), store.orphanGrace(), clock.getIfUnique(Clock::systemUTC));
    }
}
