package org.tanji.gateway.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import org.bson.BsonBinary;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Content-addressed documents: each is stored under the hash of its exact bytes, in the
 * {@code documents} collection, and reading it back re-checks that hash.
 *
 * <p>The write order that keeps the ledger and this store consistent is: {@link #put} the
 * document, submit the ledger record that names its id, then {@link #markAnchored} it. A document
 * that never gets anchored is removed by the {@link OrphanSweeper} after a grace period, which must
 * therefore be longer than a ledger submit can take. A put is durable before the ledger record
 * that names it is: on its own with an external server's write concern, or, with the embedded
 * store and ledger together, by the store's commit just before each block is written
 * ({@link EmbeddedMongo#deferDocumentInserts}).
 *
 * <pre>{@code
 * store.put("footprint-report", json, "application/json")
 *      .flatMap(doc -> ledger.submit(identity, "footprint:record", List.of(recordNaming(doc.id())))
 *              .flatMap(tx -> store.markAnchored(doc.id(), tx.txId()).thenReturn(tx)));
 * }</pre>
 *
 * <p>All methods are non-blocking. Document fields: {@code _id}, {@code kind}, {@code mediaType},
 * {@code size}, {@code createdAt}, {@code content} (BSON binary), {@code lastPutAt} and
 * {@code puts} (when and how often it was put), {@code anchoredAt} and {@code anchorTxIds} (once
 * anchored).
 */
public class DocumentStore {

    private static final Logger log = LoggerFactory.getLogger(DocumentStore.class);

    /** The collection documents live in. */
    public static final String COLLECTION = "documents";

    /**
     * The largest content accepted: a BSON document may not exceed 16 MiB, and the metadata needs
     * a little room.
     */
    public static final int MAX_CONTENT_BYTES = 16 * 1024 * 1024 - 64 * 1024;

    static final String ID = "_id";
    static final String KIND = "kind";
    static final String MEDIA_TYPE = "mediaType";
    static final String SIZE = "size";
    static final String CREATED_AT = "createdAt";
    static final String CONTENT = "content";
    static final String LAST_PUT_AT = "lastPutAt";
    static final String ANCHORED_AT = "anchoredAt";
    static final String ANCHOR_TX_IDS = "anchorTxIds";
    static final String PUTS = "puts";

    private static final Bson NOT_ANCHORED = Filters.exists(ANCHORED_AT, false);

    private final MongoDatabase database;
    private final MongoCollection<Document> documents;
    private volatile boolean exactPutCounts = true;
    private final DocumentHash defaultHash;
    private final Clock clock;

    /**
     * @param database    where the {@code documents} collection lives
     * @param defaultHash the algorithm {@link #put(String, byte[], String)} uses
     * @param clock       the source of {@code createdAt}, {@code lastPutAt} and {@code anchoredAt}
     */
    public DocumentStore(MongoDatabase database, DocumentHash defaultHash, Clock clock) {
        this.database = database;
        this.documents = database.getCollection(COLLECTION);
        this.defaultHash = Objects.requireNonNull(defaultHash, "defaultHash");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A store using SHA-256 and the system clock. */
    public DocumentStore(MongoDatabase database) {
        this(database, DocumentHash.SHA256, Clock.systemUTC());
    }

    /** The algorithm {@link #put(String, byte[], String)} addresses documents by. */
    public DocumentHash defaultHash() {
        return defaultHash;
    }

    /** The SHA-256 document id of {@code content}, without storing anything. */
    public static String sha256Id(byte[] content) {
        return DocumentHash.SHA256.idOf(content);
    }

    /**
     * The id {@link #put(String, byte[], String)} will store {@code content} under (default
     * algorithm), without storing anything. Prefer it to {@link #sha256Id} when the id goes into a
     * ledger record, so the two agree whatever algorithm is configured.
     */
    public String idOf(byte[] content) {
        return defaultHash.idOf(content);
    }

    /**
     * Creates the indexes the store's queries need. Safe to call on every start.
     */
    public Mono<Void> ensureIndexes() {
        // The sweep looks for unanchored documents last written before a cutoff.
        IndexModel sweep = new IndexModel(Indexes.ascending(ANCHORED_AT, LAST_PUT_AT),
                new IndexOptions().name("sweep_anchoredAt_lastPutAt"));
        return Flux.from(documents.createIndexes(List.of(sweep))).then(detectServer());
    }

    /**
     * Whether the server applies concurrent updates of one document atomically, so the put count
     * is exact. FerretDB 1.x does not: it reads, modifies and writes back, and concurrent {@code $inc}s
     * are lost (measured: 16 concurrent puts counted as 3 to 6). Without exact counts a rollback
     * cannot tell whether someone else also put the bytes, so it leaves them to the orphan sweep,
     * which asks the ledger before deleting anything.
     */
    public boolean exactPutCounts() {
        return exactPutCounts;
    }

    private Mono<Void> detectServer() {
        return Mono.from(database.runCommand(new Document("buildInfo", 1)))
                .doOnNext(info -> {
                    boolean ferretDb = info.containsKey("ferretdbVersion");
                    exactPutCounts = !ferretDb;
                    if (ferretDb) {
                        log.info("store on FerretDB {}: rollbacks are left to the orphan sweep", info.get("ferretdbVersion"));
                    }
                })
                .then();
    }

    /** Stores {@code content} under its hash with the default algorithm. */
    public Mono<StoredDocument> put(String kind, byte[] content, String mediaType) {
        return put(kind, content, mediaType, defaultHash);
    }

    /**
     * Stores {@code content} under its {@code hash} id.
     *
     * <p>Idempotent: storing bytes that are already present succeeds, returns the same id and the
     * metadata of the first write ({@code kind}, {@code mediaType}, {@code createdAt}), and restarts
     * the document's orphan grace period, so a document about to be anchored again is not swept
     * from under its new ledger record.
     *
     * @throws IllegalArgumentException (as an error signal) if the content is larger than
     *     {@link #MAX_CONTENT_BYTES} or kind/mediaType are blank
     */
    public Mono<StoredDocument> put(String kind, byte[] content, String mediaType, DocumentHash hash) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(hash, "hash");
        if (kind == null || kind.isBlank()) {
            return Mono.error(new IllegalArgumentException("kind is required"));
        }
        if (mediaType == null || mediaType.isBlank()) {
            return Mono.error(new IllegalArgumentException("mediaType is required"));
        }
        if (content.length > MAX_CONTENT_BYTES) {
            return Mono.error(new IllegalArgumentException(
                    "document of " + content.length + " bytes exceeds the limit of " + MAX_CONTENT_BYTES));
        }
        // Our own copy: the driver encodes later, on another thread, and the bytes it writes must be
        // the ones we hashed even if the caller reuses its array.
        byte[] bytes = content.clone();
        return Mono.defer(() -> {
            String id = hash.idOf(bytes);
            Date now = Date.from(now());
            Document fresh = new Document(ID, id)
                    .append(KIND, kind)
                    .append(MEDIA_TYPE, mediaType)
                    .append(SIZE, (long) bytes.length)
                    .append(CREATED_AT, now)
                    .append(CONTENT, new BsonBinary(bytes))
                    .append(LAST_PUT_AT, now)
                    .append(PUTS, 1L);
            Bson again = Updates.combine(Updates.max(LAST_PUT_AT, now), Updates.inc(PUTS, 1L));
            StoredDocument created = new StoredDocument(id, hash, kind, mediaType, bytes.length, now.toInstant(), null, bytes);
            // Insert first, and only on a duplicate key count the put on the existing document. An
            // upsert would do both in one command, but FerretDB answers concurrent upserts of one
            // id without the reply's "n", which leaves the driver's callback hanging.
            return Mono.defer(() -> Mono.from(documents.insertOne(fresh)).thenReturn(created))
                    .onErrorResume(DocumentStore::isDuplicateKey, duplicate -> Mono.from(documents.updateOne(eq(ID, id), again))
                            .flatMap(result -> result.getMatchedCount() == 0
                                    // Deleted between our insert and our update (a rollback or the
                                    // sweep): write it afresh.
                                    ? Mono.<StoredDocument>error(new VanishedWhileWriting())
                                    : firstWrite(id, hash, bytes).defaultIfEmpty(created)))
                    .retryWhen(Retry.max(3).filter(VanishedWhileWriting.class::isInstance))
                    .doOnNext(stored -> log.debug("stored {} ({}, {} bytes)", id, kind, bytes.length));
        });
    }

    /** A document vanished between a put's failed insert and its update. */
    private static final class VanishedWhileWriting extends RuntimeException {
        VanishedWhileWriting() {
            super(null, null, false, false);
        }
    }

    /**
     * Reads a document back and verifies its bytes against its id.
     *
     * @return the document; empty if the store does not hold it; an error
     *     {@link TamperedDocumentException} if the bytes do not match the id, or
     *     {@link IllegalArgumentException} if {@code hashId} is not a document id
     */
    public Mono<StoredDocument> get(String hashId) {
        return Mono.defer(() -> {
            DocumentHash hash = DocumentHash.ofId(hashId);
            return Mono.from(documents.find(eq(ID, hashId)).first())
                    .map(stored -> verified(hashId, hash, stored));
        });
    }

    /**
     * Several documents in one query (the store answers an {@code _id $in} from its id index), each
     * verified against its id as {@link #get} does; ids the store does not hold are absent from the map.
     */
    public Mono<java.util.Map<String, StoredDocument>> getAll(java.util.Collection<String> hashIds) {
        return Mono.defer(() -> {
            java.util.Map<String, DocumentHash> hashes = new java.util.HashMap<>();
            for (String id : hashIds) {
                hashes.put(id, DocumentHash.ofId(id));
            }
            if (hashes.isEmpty()) {
                return Mono.just(java.util.Map.<String, StoredDocument>of());
            }
            return Flux.from(MongoFinds.batched(documents.find(Filters.in(ID, hashes.keySet())))).collectMap(d -> d.getString(ID),
                    d -> verified(d.getString(ID), hashes.get(d.getString(ID)), d));
        });
    }

    /** Whether the store holds a document with this id (without reading or verifying it). */
    public Mono<Boolean> exists(String hashId) {
        return Mono.defer(() -> {
            DocumentHash.ofId(hashId);
            return Mono.from(documents.find(eq(ID, hashId)).projection(Projections.include(ID)).first())
                    .hasElement();
        });
    }

    /**
     * Records that a committed ledger transaction refers to the document. Anchored documents are
     * never swept. Anchoring twice, also by different transactions, is fine: the first time is
     * kept and every transaction id is collected.
     *
     * @return completes when recorded; {@link MissingDocumentException} if the store does not hold
     *     the document — which means a ledger record points at nothing, and deserves attention
     */
    public Mono<Void> markAnchored(String hashId, String txId) {
        Objects.requireNonNull(txId, "txId");
        return Mono.defer(() -> {
            DocumentHash.ofId(hashId);
            Bson update = Updates.combine(
                    Updates.min(ANCHORED_AT, Date.from(now())),
                    Updates.addToSet(ANCHOR_TX_IDS, txId));
            return Mono.from(documents.updateOne(eq(ID, hashId), update))
                    .flatMap(result -> result.getMatchedCount() == 0
                            ? Mono.<Void>error(new MissingDocumentException(hashId))
                            : Mono.<Void>empty());
        });
    }

    /**
     * Undoes a {@link #put} whose ledger submit was definitively rejected: deletes the document
     * if it is unanchored and nobody else has put the same bytes. If someone has, their ledger
     * record may be about to name it, so it is kept (the orphan sweep removes it later if that
     * record never comes).
     *
     * @return whether the document was deleted
     */
    public Mono<Boolean> deleteIfUnanchored(String hashId) {
        return Mono.defer(() -> {
            DocumentHash.ofId(hashId);
            if (!exactPutCounts) {
                log.debug("rollback of {}: kept for the orphan sweep (the server's put count is not exact)", hashId);
                return Mono.just(false);
            }
            return Mono.from(documents.deleteOne(and(eq(ID, hashId), NOT_ANCHORED, eq(PUTS, 1L))))
                    .map(result -> result.getDeletedCount() > 0)
                    .doOnNext(deleted -> log.debug("rollback of {}: {}", hashId, deleted ? "deleted" : "kept"));
        });
    }

    /**
     * Deletes an unanchored document, whoever put it; for maintenance. Prefer
     * {@link #deleteIfUnanchored} to undo one's own put. An anchored document is never deleted,
     * because a ledger record refers to it.
     *
     * @return completes when the document is gone (or was never there); an
     *     {@link IllegalStateException} if it is anchored
     */
    public Mono<Void> delete(String hashId) {
        return Mono.defer(() -> {
            DocumentHash.ofId(hashId);
            return Mono.from(documents.deleteOne(and(eq(ID, hashId), NOT_ANCHORED)))
                    .flatMap(result -> result.getDeletedCount() > 0
                            ? Mono.<Void>empty()
                            : exists(hashId).flatMap(stillThere -> stillThere
                                    ? Mono.<Void>error(new IllegalStateException(
                                            "document " + hashId + " is anchored on the ledger and cannot be deleted"))
                                    : Mono.<Void>empty()));
        });
    }

    /**
     * Every document of one kind, each verified against its id as {@link #get} does, in one pass
     * over the store: for read projections rebuilt at start (the PACT footprint index). A document
     * that fails its check is an error element of its own, {@link KindScan#failed}, so one bad
     * document does not end the scan.
     */
    public Flux<KindScan> allOfKind(String kind) {
        return Flux.from(MongoFinds.batched(documents.find(eq(KIND, kind))))
                .map(doc -> {
                    String id = doc.getString(ID);
                    try {
                        return new KindScan(id, verified(id, DocumentHash.ofId(id), doc), null);
                    } catch (RuntimeException e) {
                        return new KindScan(id, null, e);
                    }
                });
    }

    /** One document of {@link #allOfKind}: either {@code document} or the reason it {@code failed}. */
    public record KindScan(String id, StoredDocument document, RuntimeException failed) {
    }

    // --- for the orphan sweep ----------------------------------------------------------------

    /** Ids of unanchored documents whose last put was before {@code cutoff}. */
    Flux<String> unanchoredPutBefore(Instant cutoff) {
        return Flux.from(MongoFinds.batched(documents.find(unanchoredPutBeforeFilter(cutoff))
                        .projection(Projections.include(ID))))
                .map(doc -> doc.getString(ID));
    }

    /**
     * Deletes the document only if it is still unanchored and still untouched since before
     * {@code cutoff}: a put or markAnchored racing with the sweep wins.
     */
    Mono<Boolean> deleteIfStillOrphan(String hashId, Instant cutoff) {
        return Mono.from(documents.deleteOne(and(eq(ID, hashId), unanchoredPutBeforeFilter(cutoff))))
                .map(result -> result.getDeletedCount() > 0);
    }

    /**
     * Marks a document the sweep found referenced on the ledger although nobody anchored it (the
     * gateway stopped between the ledger commit and {@link #markAnchored}), so it is not asked
     * about again.
     */
    Mono<Void> anchorFoundBySweep(String hashId) {
        return Mono.from(documents.updateOne(eq(ID, hashId), Updates.min(ANCHORED_AT, Date.from(now())))).then();
    }

    private static Bson unanchoredPutBeforeFilter(Instant cutoff) {
        return and(NOT_ANCHORED, lt(LAST_PUT_AT, Date.from(cutoff)));
    }

    // --- helpers -----------------------------------------------------------------------------

    /** The metadata of the put that created the document; empty if it vanished meanwhile. */
    private Mono<StoredDocument> firstWrite(String id, DocumentHash hash, byte[] content) {
        return Mono.from(documents.find(eq(ID, id)).projection(Projections.exclude(CONTENT)).first())
                .map(stored -> toStoredDocument(id, hash, stored, content));
    }

    private Instant now() {
        // BSON dates hold milliseconds; truncating here makes returned values equal stored ones.
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static StoredDocument verified(String hashId, DocumentHash hash, Document stored) {
        Object raw = stored.get(CONTENT);
        if (!(raw instanceof Binary binary)) {
            throw new TamperedDocumentException(hashId, "content is missing or not binary");
        }
        byte[] content = binary.getData();
        String expected = hashId.substring(hash.prefix().length());
        String actual = hash.hex(content);
        if (!expected.equals(actual)) {
            log.error("off-chain document {} fails its hash check (content hashes to {}{})", hashId, hash.prefix(), actual);
            throw new TamperedDocumentException(hashId, "content hashes to " + hash.prefix() + actual);
        }
        Number size = stored.get(SIZE, Number.class);
        if (size != null && size.longValue() != content.length) {
            log.error("off-chain document {} records size {} but holds {} bytes", hashId, size, content.length);
            throw new TamperedDocumentException(hashId, "recorded size " + size + " but content has " + content.length + " bytes");
        }
        return toStoredDocument(hashId, hash, stored, content);
    }

    private static StoredDocument toStoredDocument(String id, DocumentHash hash, Document stored, byte[] content) {
        return new StoredDocument(
                id,
                hash,
                stored.getString(KIND),
                stored.getString(MEDIA_TYPE),
                content.length,
                instant(stored.getDate(CREATED_AT)),
                instant(stored.getDate(ANCHORED_AT)),
                content);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    static boolean isDuplicateKey(Throwable error) {
        return error instanceof MongoException mongo
                && ErrorCategory.fromErrorCode(mongo.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }
}
