package org.tanji.gateway.store;

import java.util.Objects;
import java.util.Optional;

import com.mongodb.ConnectionString;

/**
 * Which MongoDB-wire server the gateway uses: an external one named by {@code tanji.mongo.uri}, or
 * the embedded one this endpoint owns and stops on {@link #close()}.
 */
public final class MongoEndpoint implements AutoCloseable {

    private final ConnectionString connectionString;
    private final String database;
    private final EmbeddedMongo embedded;

    private MongoEndpoint(ConnectionString connectionString, String database, EmbeddedMongo embedded) {
        this.connectionString = connectionString;
        this.database = database;
        this.embedded = embedded;
    }

    /**
     * An external server.
     *
     * @param database the database name, or {@code null} for the URI's, else {@code tanji}
     */
    public static MongoEndpoint external(String uri, String database) {
        ConnectionString cs = new ConnectionString(uri);
        return new MongoEndpoint(cs, resolveDatabase(database, cs), null);
    }

    /** The given embedded server, which this endpoint then owns. */
    public static MongoEndpoint embedded(EmbeddedMongo server, String database) {
        ConnectionString cs = new ConnectionString(server.connectionString());
        return new MongoEndpoint(cs, resolveDatabase(database, cs), server);
    }

    private static String resolveDatabase(String configured, ConnectionString cs) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return Objects.requireNonNullElse(cs.getDatabase(), "tanji");
    }

    /** The connection string, credentials included; don't log it, use {@link #toString()}. */
    public ConnectionString connectionString() {
        return connectionString;
    }

    /** The database name. */
    public String database() {
        return database;
    }

    /** The embedded server, when that is what is used. */
    public Optional<EmbeddedMongo> embedded() {
        return Optional.ofNullable(embedded);
    }

    /** Stops the embedded server if this endpoint owns one; nothing for an external server. */
    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }

    @Override
    public String toString() {
        // Hosts and database only: the URI may carry a password.
        return (embedded != null ? "embedded " + embedded.file() + " at " : "external ")
                + String.join(",", connectionString.getHosts()) + "/" + database;
    }
}
