package org.tanji.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The store's own H2 storage types, and the one-time upgrade of a store written without them. */
class TypedH2MapsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void documentsRoundTripThroughBsonWithTheirTypes() {
        Document nested = new Document("unit", "kg CO2e").append("n", 3);
        Document document = new Document("_id", "sha256-ab")
                .append("int", 7)
                .append("long", 7L)
                .append("double", 0.25)
                .append("string", "电池包 ✓")
                .append("bool", true)
                .append("null", null)
                .append("date", java.time.Instant.parse("2026-11-30T12:00:00.123Z"))
                .append("bytes", new BinData(new byte[] {0, 1, 2, (byte) 255}))
                .append("uuid", UUID.fromString("3f2c1e9a-0000-4000-8000-000000000001"))
                .append("oid", new ObjectId("65a1b2c3d4e5f60718293a4b"))
                .append("list", List.of("a", 1, nested))
                .append("doc", nested);

        Document read = roundTrip(TypedH2Maps.DocumentType.INSTANCE, document);

        assertThat(read).isEqualTo(document);
        assertThat(read.get("long")).isInstanceOf(Long.class);
        assertThat(read.get("int")).isInstanceOf(Integer.class);
        assertThat(new ArrayList<>(read.keySet())).containsExactlyElementsOf(document.keySet());
    }

    @Test
    void aValueBsonCannotHoldIsStillStored() {
        Document odd = new Document("_id", "x").append("decimal", new java.math.BigDecimal("1.50"));

        assertThat(roundTrip(TypedH2Maps.DocumentType.INSTANCE, odd)).isEqualTo(odd);
    }

    @Test
    void indexKeysRoundTripAndCompareAsAConsistentTotalOrder() {
        List<KeyValue> keys = List.of(
                new KeyValue("sha256-a"), new KeyValue("sha256-b"), new KeyValue("sha256-a", 1),
                new KeyValue(1), new KeyValue(1L), new KeyValue(2), new KeyValue(1.5), new KeyValue(true),
                new KeyValue((Object) null), new KeyValue(Missing.getInstance()),
                new KeyValue(new ObjectId("65a1b2c3d4e5f60718293a4b")),
                new KeyValue(java.time.Instant.ofEpochSecond(1, 5)),
                new KeyValue(new Document("a", 1)), new KeyValue(new Document("a", 2)));
        TypedH2Maps.KeyValueType type = TypedH2Maps.KeyValueType.INSTANCE;
        for (KeyValue a : keys) {
            KeyValue read = roundTrip(type, a);
            assertThat(read).isEqualTo(a);
            assertThat(type.compare(read, a)).isZero();
            for (KeyValue b : keys) {
                int ab = Integer.signum(type.compare(a, b));
                assertThat(Integer.signum(type.compare(b, a))).isEqualTo(-ab);
                assertThat(ab == 0).as("%s vs %s", a, b).isEqualTo(a.equals(b));
                for (KeyValue c : keys) {
                    if (ab < 0 && type.compare(b, c) < 0) {
                        assertThat(type.compare(a, c)).as("%s < %s < %s", a, b, c).isNegative();
                    }
                }
            }
        }
    }

    @Test
    void aStoreWrittenWithH2sDefaultTypesIsUpgradedOnceAndKeepsEverything() {
        Path file = dir.resolve("store/tanji.mv.db");
        file.getParent().toFile().mkdirs();
        // Written by mongo-java-server's own H2 backend, as Tanji did before the typed maps.
        MVStore old = new MVStore.Builder().fileName(file.toString()).open();
        MongoServer plain = new MongoServer(new H2Backend(old));
        plain.bind("127.0.0.1", 0);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + plain.getLocalAddress().getPort())) {
            MongoCollection<org.bson.Document> docs = client.getDatabase("tanji").getCollection("documents");
            Mono.from(docs.createIndex(Indexes.ascending("serial"), new IndexOptions().unique(true))).block(TIMEOUT);
            List<org.bson.Document> batch = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                batch.add(new org.bson.Document("_id", "sha256-" + i).append("serial", "S" + i)
                        .append("content", new Binary(("payload " + i).getBytes()))
                        .append("createdAt", new Date(1_700_000_000_000L + i))
                        .append("amount", new Decimal128(i)));
            }
            Mono.from(docs.insertMany(batch)).block(TIMEOUT);
        }
        plain.shutdownNow();
        old.close();

        for (int restart = 0; restart < 2; restart++) {
            try (EmbeddedMongo server = EmbeddedMongo.startOnFile(file);
                    MongoClient client = MongoClients.create(server.connectionString())) {
                MongoCollection<org.bson.Document> docs = client.getDatabase("tanji").getCollection("documents");
                assertThat(Mono.from(docs.countDocuments()).block(TIMEOUT)).isEqualTo(500L + restart);
                org.bson.Document byId = Mono.from(docs.find(Filters.eq("_id", "sha256-321")).first()).block(TIMEOUT);
                assertThat(byId.getString("serial")).isEqualTo("S321");
                assertThat(byId.get("content", Binary.class).getData()).isEqualTo("payload 321".getBytes());
                assertThat(byId.getDate("createdAt")).isEqualTo(new Date(1_700_000_000_321L));
                assertThat(byId.get("amount")).isEqualTo(new Decimal128(321));
                // Both unique indexes still refuse a duplicate, and still accept a new key.
                assertThatThrownBy(() -> Mono.from(docs.insertOne(new org.bson.Document("_id", "sha256-7"))).block(TIMEOUT))
                        .isInstanceOf(MongoWriteException.class);
                assertThatThrownBy(() -> Mono.from(docs.insertOne(new org.bson.Document("_id", "new").append("serial", "S8"))).block(TIMEOUT))
                        .isInstanceOf(MongoWriteException.class);
                Mono.from(docs.insertOne(new org.bson.Document("_id", "added-" + restart).append("serial", "T" + restart))).block(TIMEOUT);
                assertThat(Flux.from(docs.find(Filters.eq("serial", "T" + restart))).collectList().block(TIMEOUT)).hasSize(1);
            }
        }
        MVStore reopened = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            assertThat(reopened.openMap(TypedH2Maps.FORMAT_MAP).get("maps")).isEqualTo(TypedH2Maps.FORMAT);
            assertThat(reopened.getMapNames()).noneMatch(name -> name.endsWith(".tanji-upgrade"));
        } finally {
            reopened.close();
        }
    }

    @Test
    void everyMapTheBackendUsesIsTyped() {
        Path file = dir.resolve("fresh/tanji.mv.db");
        file.getParent().toFile().mkdirs();
        try (EmbeddedMongo server = EmbeddedMongo.startOnFile(file);
                MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<org.bson.Document> docs = client.getDatabase("tanji").getCollection("documents");
            Mono.from(docs.createIndex(Indexes.ascending("serial"), new IndexOptions().unique(true))).block(TIMEOUT);
            Mono.from(docs.insertOne(new org.bson.Document("_id", "sha256-1").append("serial", "S1"))).block(TIMEOUT);
            assertThat(Mono.from(docs.find(Filters.in("_id", List.of("sha256-1", "sha256-2"))).first()).block(TIMEOUT))
                    .isNotNull();
            MVStore store = server.mvStore();
            List<String> indexMaps = store.getMapNames().stream().filter(n -> n.contains("._index_")).toList();
            List<String> dataMaps = store.getMapNames().stream().filter(n -> n.startsWith("databases.")).toList();
            assertThat(indexMaps).isNotEmpty();
            assertThat(dataMaps).isNotEmpty();
            for (String name : indexMaps) {
                assertThat(store.openMap(name).getKeyType()).as(name).isInstanceOf(TypedH2Maps.KeyValueType.class);
            }
            for (String name : dataMaps) {
                assertThat(store.openMap(name).getValueType()).as(name).isInstanceOf(TypedH2Maps.DocumentType.class);
                assertThat(store.openMap(name).getKeyType()).as(name).isInstanceOf(org.h2.mvstore.type.LongDataType.class);
            }
        }
    }

    @Test
    void documentsAreKeptInInsertOrderUnderASequenceThatContinuesAfterARestart() {
        Path file = dir.resolve("seq/tanji.mv.db");
        file.getParent().toFile().mkdirs();
        for (int restart = 0; restart < 2; restart++) {
            try (EmbeddedMongo server = EmbeddedMongo.startOnFile(file);
                    MongoClient client = MongoClients.create(server.connectionString())) {
                MongoCollection<org.bson.Document> docs = client.getDatabase("tanji").getCollection("documents");
                for (int i = 0; i < 50; i++) {
                    // Ids in descending order: the data map must not sort by them.
                    String id = "sha256-" + (char) ('z' - restart) + (char) ('z' - i);
                    Mono.from(docs.insertOne(new org.bson.Document("_id", id).append("n", restart * 50 + i))).block(TIMEOUT);
                }
                Mono.from(docs.deleteOne(Filters.eq("n", restart * 50 + 10))).block(TIMEOUT);
                org.h2.mvstore.MVMap<Long, Document> data = TypedH2Maps.openDataMap(server.mvStore(), "databases.tanji.documents");
                List<Object> order = new ArrayList<>();
                data.values().forEach(doc -> order.add(doc.get("n")));
                List<Object> expected = new ArrayList<>();
                for (int n = 0; n < 50 * (restart + 1); n++) {
                    if (n % 50 != 10) {
                        expected.add(n);
                    }
                }
                assertThat(order).containsExactlyElementsOf(expected);
                assertThat(data.firstKey()).isZero();
                assertThat(Mono.from(docs.find(Filters.eq("_id", "sha256-zy")).first()).block(TIMEOUT).getInteger("n")).isEqualTo(1);
                assertThat(Mono.from(docs.countDocuments()).block(TIMEOUT)).isEqualTo(49L * (restart + 1));
            }
        }
    }

    @Test
    void aStoreOfFormat2KeyedByIdIsRenumberedAndItsIndexesStillFindEveryDocument() {
        Path file = dir.resolve("v2/tanji.mv.db");
        file.getParent().toFile().mkdirs();
        MVStore old = new MVStore.Builder().fileName(file.toString()).open();
        org.h2.mvstore.MVMap<Object, Document> data = old.openMap("databases.tanji.documents",
                new org.h2.mvstore.MVMap.Builder<Object, Document>().valueType(TypedH2Maps.DocumentType.INSTANCE));
        org.h2.mvstore.MVMap<KeyValue, Object> byId = TypedH2Maps.openIndexMap(old, "tanji.documents._index__id_");
        org.h2.mvstore.MVMap<KeyValue, Object> bySerial = TypedH2Maps.openIndexMap(old, "tanji.documents._index_serial_1");
        for (int i = 0; i < 300; i++) {
            String id = "sha256-" + Integer.toHexString(i * 7919 % 300);
            data.put(id, new Document("_id", id).append("serial", "S" + i));
            byId.put(new KeyValue(id), id);
            bySerial.put(new KeyValue("S" + i), id);
        }
        bySerial.put(new KeyValue("gone"), "sha256-not-there");
        old.openMap("meta.tanji.documents").put("dataSize", 0L);
        old.openMap(TypedH2Maps.FORMAT_MAP).put("maps", 2);
        old.close();

        try (EmbeddedMongo server = EmbeddedMongo.startOnFile(file)) {
            MVStore store = server.mvStore();
            org.h2.mvstore.MVMap<Long, Document> renumbered = TypedH2Maps.openDataMap(store, "databases.tanji.documents");
            assertThat(renumbered.size()).isEqualTo(300);
            assertThat(renumbered.firstKey()).isZero();
            assertThat(renumbered.lastKey()).isEqualTo(299L);
            org.h2.mvstore.MVMap<KeyValue, Object> ids = TypedH2Maps.openIndexMap(store, "tanji.documents._index__id_");
            org.h2.mvstore.MVMap<KeyValue, Object> serials = TypedH2Maps.openIndexMap(store, "tanji.documents._index_serial_1");
            assertThat(serials.containsKey(new KeyValue("gone"))).isFalse();
            for (int i = 0; i < 300; i++) {
                String id = "sha256-" + Integer.toHexString(i * 7919 % 300);
                Document viaId = renumbered.get((Long) ids.get(new KeyValue(id)));
                Document viaSerial = renumbered.get((Long) serials.get(new KeyValue("S" + i)));
                assertThat(viaId.get("_id")).isEqualTo(id);
                assertThat(viaSerial).isEqualTo(viaId);
            }
            assertThat(store.openMap(TypedH2Maps.FORMAT_MAP).get("maps")).isEqualTo(TypedH2Maps.FORMAT);
            assertThat(store.getMapNames()).noneMatch(name -> name.endsWith(".tanji-upgrade"));
        }
    }

    @Test
    void openingAStoreDoesNotReadItsDocumentsToFillAnIndexTheBackendIgnores() {
        Path file = dir.resolve("secondary/tanji.mv.db");
        file.getParent().toFile().mkdirs();
        byte[] payload = new byte[2048];
        try (EmbeddedMongo server = EmbeddedMongo.startOnFile(file);
                MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<org.bson.Document> docs = client.getDatabase("tanji").getCollection("documents");
            // Non-unique, like the orphan sweep's: mongo-java-server keeps an empty placeholder.
            Mono.from(docs.createIndex(Indexes.ascending("anchoredAt", "lastPutAt"))).block(TIMEOUT);
            List<org.bson.Document> batch = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                payload[0] = (byte) i;
                payload[1] = (byte) (i >> 8);
                batch.add(new org.bson.Document("_id", "sha256-" + i).append("content", new Binary(payload.clone()))
                        .append("lastPutAt", new Date(1_700_000_000_000L + i)));
            }
            Mono.from(docs.insertMany(batch)).block(TIMEOUT);
        }

        try (EmbeddedMongo server = EmbeddedMongo.startOnFile(file);
                MongoClient client = MongoClients.create(server.connectionString())) {
            long readOnOpen = server.mvStore().getFileStore().getReadBytes();
            // 2,000 documents of 2 KB: filling the placeholder read every one of them (twice).
            assertThat(readOnOpen).as("bytes read to open the store").isLessThan(1 << 20);
            MongoCollection<org.bson.Document> docs = client.getDatabase("tanji").getCollection("documents");
            assertThat(Flux.from(docs.find(Filters.lt("lastPutAt", new Date(1_700_000_000_010L)))).collectList().block(TIMEOUT))
                    .as("the query the index was for still answers, by scanning").hasSize(10);
            assertThat(Mono.from(docs.countDocuments()).block(TIMEOUT)).isEqualTo(2_000L);
        }
    }

    @Test
    void aStoreOfAnUnknownLaterFormatIsRefusedWithAClearMessage() {
        Path file = dir.resolve("later.mv.db");
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        store.openMap(TypedH2Maps.FORMAT_MAP).put("maps", TypedH2Maps.FORMAT + 1);
        store.close();

        assertThatThrownBy(() -> EmbeddedMongo.startOnFile(file))
                .hasMessageContaining("map format " + (TypedH2Maps.FORMAT + 1));
    }

    private static <T> T roundTrip(org.h2.mvstore.type.DataType<T> type, T value) {
        WriteBuffer buffer = new WriteBuffer();
        type.write(buffer, value);
        type.write(buffer, value);
        ByteBuffer bytes = buffer.getBuffer();
        bytes.flip();
        T first = type.read(bytes);
        T second = type.read(bytes);
        assertThat(bytes.hasRemaining()).isFalse();
        assertThat(second).isEqualTo(first);
        return first;
    }
}
