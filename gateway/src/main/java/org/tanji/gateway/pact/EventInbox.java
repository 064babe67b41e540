package org.tanji.gateway.pact;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;

import org.bson.Document;
import org.springframework.stereotype.Component;
import org.tanji.chaincode.support.CanonicalJson;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Mono;

/**
 * Every PACT event a partner posted and we accepted, kept verbatim in {@code pact_events}. An event
 * is answered 200 only once its document is written, so an accepted event survives a restart. The
 * document id is the partner, the CloudEvents {@code source} and {@code id} together (CloudEvents
 * makes source + id unique), so a resent event hits the same id and is acknowledged without being
 * stored or acted on twice.
 */
@Component
public class EventInbox {
    static final String COLLECTION = "pact_events";
    private final MongoCollection<Document> events;
    private final Clock clock = Clock.systemUTC();

    public EventInbox(MongoDatabase database) {
        this.events = database.getCollection(COLLECTION);
        Mono.from(events.createIndex(Indexes.ascending("partner", "receivedAt"))).block(Duration.ofSeconds(60));
    }

    /** Stores the event; {@code true} if it is new, {@code false} if this partner already sent it. */
    Mono<Boolean> accept(String partner, CloudEventParser.Parsed event) {
        Document doc = new Document("_id", key(partner, event.source(), event.id())).append("partner", partner)
                .append("source", event.source()).append("eventId", event.id()).append("type", event.type())
                .append("receivedAt", Date.from(clock.instant())).append("event", CanonicalJson.string(event.raw()));
        return Mono.from(events.insertOne(doc)).thenReturn(true)
                .onErrorResume(MongoException.class, e -> ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY
                        ? Mono.just(false) : Mono.error(e));
    }

    /** How many events of this partner are stored. */
    public Mono<Long> count(String partner) {
        return Mono.from(events.countDocuments(Filters.eq("partner", partner)));
    }

    /** Whether this partner's event with this source and id is stored. */
    public Mono<Boolean> holds(String partner, String source, String id) {
        return Mono.from(events.countDocuments(Filters.eq("_id", key(partner, source, id)))).map(n -> n > 0);
    }

    private static String key(String partner, String source, String id) {
        return partner + "\n" + source + "\n" + id;
    }
}
