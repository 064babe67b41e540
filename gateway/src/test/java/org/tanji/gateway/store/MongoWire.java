package org.tanji.gateway.store;

import java.nio.file.Path;

/**
 * The MongoDB-wire servers the store is tested against: the embedded mongo-java-server that
 * {@code ./tanji serve} runs by default, and FerretDB, a separate real server as
 * {@code TANJI_MONGO_URI} would name.
 */
enum MongoWire {
    EMBEDDED {
        @Override
        Server start(Path dir) {
            EmbeddedMongo server = EmbeddedMongo.start(dir);
            return new Server(server.connectionString(), server::close);
        }
    },
    FERRETDB {
        @Override
        Server start(Path dir) {
            FerretDb server = FerretDb.start(dir);
            return new Server(server.connectionString(), server::close);
        }
    };

    abstract Server start(Path dir);

    /** A running server: where to connect, and how to stop it. */
    record Server(String connectionString, Runnable stop) implements AutoCloseable {
        @Override
        public void close() {
            stop.run();
        }
    }
}
