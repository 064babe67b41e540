package org.tanji.gateway.pact;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.store.MongoFinds;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every PACT event a partner posted and we accepted, kept verbatim in {@code pact_events}. An event
 * is answered 200 only once its document is written, so an accepted event survives a restart. The
 * document id is the partner, the CloudEvents {@code source} and {@code id} together (CloudEvents
 * makes source + id unique), so a resent event hits the same id and is stored once.
 *
 * <p>Each entry also records whether what the event asks of us is done ({@code state}): an event some
 * {@link PactEventListener} acts on is stored {@code PENDING} and turns {@code PROCESSED} only once every
 * listener succeeded on it, or {@code REFUSED} when a listener found it can never succeed (an answer to a
 * request we never sent). A failed attempt leaves it {@code PENDING}, due again after a backoff
 * ({@code nextAttemptAt}); after {@code TANJI_PACT_INTAKE_ATTEMPTS} it turns {@code FAILED}. {@link EventIntake}
 * does the work; an event nobody acts on (Published) is stored {@code PROCESSED} at once.
 */
@Component
public class EventInbox {
    static final String COLLECTION = "pact_events";
    static final String PENDING = "PENDING";
    static final String PROCESSED = "PROCESSED";
    static final String REFUSED = "REFUSED";
    static final String FAILED = "FAILED";
    private static final Logger LOG = LoggerFactory.getLogger(EventInbox.class);
    private final MongoCollection<Document> events;
    private final Clock clock = Clock.systemUTC();

    /** What became of a posted event: stored now, or seen before and either still to be acted on or settled. */
    enum Arrival {
        NEW, UNFINISHED, SETTLED
    }

    public EventInbox(MongoDatabase database) {
        this.events = database.getCollection(COLLECTION);
        Mono.from(events.createIndex(Indexes.ascending("partner", "receivedAt"))).block(Duration.ofSeconds(60));
        Mono.from(events.createIndex(Indexes.ascending("state", "nextAttemptAt"))).block(Duration.ofSeconds(60));
    }

    /**
     * Stores the event, {@code PENDING} if a listener is to act on it; for an event this partner sent before, says
     * whether acting on it is still unfinished ({@code PENDING} or {@code FAILED}). Entries from before the state
     * was kept count as settled.
     */
    Mono<Arrival> accept(String partner, CloudEventParser.Parsed event, PactVersion version, boolean actedOn) {
        Date now = Date.from(clock.instant());
        String key = key(partner, event.source(), event.id());
        Document doc = new Document("_id", key).append("partner", partner)
                .append("source", event.source()).append("eventId", event.id()).append("type", event.type())
                .append("version", version.name()).append("receivedAt", now).append("event", CanonicalJson.string(event.raw()))
                .append("state", actedOn ? PENDING : PROCESSED).append("attempts", 0).append("nextAttemptAt", now);
        return Mono.from(events.insertOne(doc)).thenReturn(Arrival.NEW)
                .onErrorResume(MongoException.class, e -> ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY
                        ? state(key).map(s -> PENDING.equals(s) || FAILED.equals(s) ? Arrival.UNFINISHED : Arrival.SETTLED)
                                .defaultIfEmpty(Arrival.SETTLED)
                        : Mono.error(e));
    }

    /** The state of one stored event, if it is stored and has one. */
    Mono<String> state(String key) {
        return Mono.from(events.find(Filters.eq("_id", key)).projection(Projections.include("state")).first())
                .mapNotNull(d -> d.getString("state"));
    }

    /** Pending events due now, oldest due first: what {@link EventIntake} tries again. */
    Flux<Document> due(int limit) {
        return Flux.from(events.find(Filters.and(Filters.eq("state", PENDING), Filters.lte("nextAttemptAt", Date.from(clock.instant()))))
                .sort(Sorts.ascending("nextAttemptAt")).limit(limit).batchSize(Math.min(limit, MongoFinds.BATCH_SIZE)));
    }

    /** Every listener succeeded on the event. */
    Mono<Void> processed(String key) {
        return Mono.from(events.updateOne(Filters.eq("_id", key), Updates.combine(Updates.set("state", PROCESSED),
                Updates.set("processedAt", Date.from(clock.instant())), Updates.inc("attempts", 1)))).then();
    }

    /** A listener found the event can never be acted on; it is not tried again. */
    Mono<Void> refused(String key, String why) {
        return Mono.from(events.updateOne(Filters.eq("_id", key), Updates.combine(Updates.set("state", REFUSED),
                Updates.set("lastError", why), Updates.set("processedAt", Date.from(clock.instant())),
                Updates.inc("attempts", 1)))).then();
    }

    /**
     * Records a failed attempt: due again after the {@code backoff} wait for the number of failures so far, or {@code FAILED}
     * once that number reaches {@code maxAttempts}.
     */
    Mono<Void> failed(String key, String error, RetrySchedule backoff, int maxAttempts) {
        return Mono.from(events.findOneAndUpdate(Filters.eq("_id", key), Updates.combine(Updates.inc("attempts", 1),
                        Updates.set("lastError", error)), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
                .flatMap(doc -> {
                    int attempts = doc.getInteger("attempts", 1);
                    boolean giveUp = attempts >= maxAttempts;
                    if (giveUp) {
                        LOG.error("PACT event {} from {} failed {} times; not tried again unless the partner resends it: {}",
                                doc.getString("eventId"), doc.getString("partner"), attempts, error);
                    }
                    return Mono.from(events.updateOne(Filters.eq("_id", key), Updates.combine(
                            Updates.set("state", giveUp ? FAILED : PENDING),
                            Updates.set("nextAttemptAt", Date.from(clock.instant().plus(backoff.afterFailure(attempts)))))));
                }).then();
    }

    /** How many events of this partner are stored. */
    public Mono<Long> count(String partner) {
        return Mono.from(events.countDocuments(Filters.eq("partner", partner)));
    }

    /** Whether this partner's event with this source and id is stored. */
    public Mono<Boolean> holds(String partner, String source, String id) {
        return Mono.from(events.countDocuments(Filters.eq("_id", key(partner, source, id)))).map(n -> n > 0);
    }

    /** This partner's stored event with this source and id (state, attempts, lastError, event), for tests and operators. */
    public Mono<Document> find(String partner, String source, String id) {
        return Mono.from(events.find(Filters.eq("_id", key(partner, source, id))).first());
    }

    static String key(String partner, String source, String id) {
        return partner + "\n" + source + "\n" + id;
    }
}
