package org.tanji.gateway.store;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the off-chain store, bound from {@code tanji.*} (environment variables such as
 * {@code TANJI_MONGO_URI} and {@code TANJI_DATA_DIR} work through Spring Boot's relaxed binding).
 *
 * @param dataDir {@code tanji.data-dir}: the data folder; the embedded server keeps its file at
 *                {@code <dataDir>/store/tanji.mv.db}. Default {@code data}.
 * @param mongo   {@code tanji.mongo.*}
 * @param store   {@code tanji.store.*}
 */
@ConfigurationProperties("tanji")
public record StoreProperties(
        @DefaultValue("data") Path dataDir,
        @DefaultValue Mongo mongo,
        @DefaultValue Store store) {

    /**
     * @param uri      {@code tanji.mongo.uri}: an external MongoDB(-compatible) server; when blank,
     *                 the embedded server is started
     * @param database {@code tanji.mongo.database}: the database name; when unset, the one named
     *                 in the URI, else {@code tanji}
     */
    public record Mongo(String uri, String database) {

        /** Whether an external server is configured. */
        public boolean external() {
            return uri != null && !uri.isBlank();
        }
    }

    /**
     * @param hashAlgorithm {@code tanji.store.hash-algorithm}: {@code sha256} (default) or {@code sm3}
     * @param sweepEnabled  {@code tanji.store.sweep-enabled}: default {@code true}
     * @param sweepInterval {@code tanji.store.sweep-interval}: time between orphan sweeps, default 10 min
     * @param orphanGrace   {@code tanji.store.orphan-grace}: how long an unanchored document is kept,
     *                      default 1 h; must exceed the longest possible ledger submit
     */
    public record Store(
            @DefaultValue("sha256") DocumentHash hashAlgorithm,
            @DefaultValue("true") boolean sweepEnabled,
            @DefaultValue("PT10M") Duration sweepInterval,
            @DefaultValue("PT1H") Duration orphanGrace) {
    }
}
