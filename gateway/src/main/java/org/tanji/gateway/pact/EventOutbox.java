package org.tanji.gateway.pact;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.config.PublicUrls;
import org.tanji.gateway.store.MongoFinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * PACT events we send to partners, queued durably in the store ({@code pact_outbox}) before any attempt,
 * so a restart loses none: {@link OutboxSender} delivers what is due and reschedules what failed. An
 * event is {@code PENDING} until the partner answers 2xx ({@code DELIVERED}), or until it has been tried
 * for {@code TANJI_PACT_RETRY_FOR} ({@code GAVE_UP}, logged as an error).
 *
 * <p>Events go only to registered partners ({@link PactPartners}), at their registered URL, in the PACT
 * version they speak; for an unregistered one nothing is queued (it was never told where to be answered).
 *
 * <p>An answer to a partner's RequestCreated (RequestFulfilled, RequestRejected) is keyed by what it answers,
 * the ledger request group the event opened (or, for an event that opened none, a key derived from the event):
 * its entry's {@code _id} is {@code answer:<key>:<status>} and its CloudEvents {@code id} a UUID derived from
 * that, so queuing the same answer again (a retry, or recovery from the ledger) inserts nothing and the partner
 * gets it once. A RequestCreated we originate has the id of the ledger request it asks for.
 *
 * <p>{@link #prune} drops what was delivered or given up longer ago than {@code TANJI_PACT_OUTBOX_RETENTION}
 * after it was queued; pending events are never touched. An answer entry, and a RequestCreated we originated, is
 * cut down to a tombstone ({@code _id}, state {@code PRUNED}, {@code prunedAt}; the event body goes): the
 * ledger keeps every answer and request for ever, and recovery re-queues any answer, or the event of any open
 * request to a partner, missing from the outbox, so the tombstone's {@code _id} is what keeps a delivered one
 * from being re-created and sent again. Other entries are deleted. Keeping it in
 * the same collection, rather than a separate "answered" one, makes the guard the store's own unique
 * {@code _id}: there is no moment between writing a marker and deleting the entry in which recovery could
 * slip in, and no clock comparison with the ledger's timestamps. A tombstone is a few dozen bytes per answered
 * request, which the ledger holds anyway.
 */
@Component
public class EventOutbox {
    static final String COLLECTION = "pact_outbox";
    static final String PENDING = "PENDING";
    static final String DELIVERED = "DELIVERED";
    static final String GAVE_UP = "GAVE_UP";
    static final String PRUNED = "PRUNED";
    private static final String ANSWER = "answer:";
    private static final Logger LOG = LoggerFactory.getLogger(EventOutbox.class);
    private final MongoCollection<Document> outbox;
    private final PactPartners partners;
    private final PublicUrls urls;
    private final Clock clock = Clock.systemUTC();

    public EventOutbox(MongoDatabase database, PactPartners partners, PublicUrls urls) {
        this.outbox = database.getCollection(COLLECTION);
        this.partners = partners;
        this.urls = urls;
        Mono.from(outbox.createIndex(Indexes.ascending("state", "nextAttemptAt"))).block(Duration.ofSeconds(60));
    }

    /** Answers a partner's RequestCreated, under {@code answerKey}, with footprints (delivered exactly as served). */
    public Mono<Void> requestFulfilled(String partnerClient, String answerKey, String requestEventId, List<? extends JsonNode> pfs) {
        return queue(partnerClient, answerId(answerKey, "FULFILLED"), PactEvent.RequestFulfilled.class, p -> {
            ObjectNode data = CanonicalJson.mapper().createObjectNode().put("requestEventId", requestEventId);
            var list = data.putArray("pfs");
            pfs.forEach(pf -> list.add(p.version() == 2 ? PactV2.footprint((ObjectNode) pf) : pf));
            return data;
        }).then();
    }

    /** Answers a partner's RequestCreated, under {@code answerKey}, with a refusal. */
    public Mono<Void> requestRejected(String partnerClient, String answerKey, String requestEventId, String code, String message) {
        return queue(partnerClient, answerId(answerKey, "REJECTED"), PactEvent.RequestRejected.class, p -> {
            ObjectNode data = CanonicalJson.mapper().createObjectNode().put("requestEventId", requestEventId);
            data.putObject("error").put("code", code).put("message", message);
            return data;
        }).then();
    }

    /** The outbox id of the answer with {@code status} under {@code answerKey}. */
    public static String answerId(String answerKey, String status) {
        return ANSWER + answerKey + ":" + status;
    }

    /** Which of these ids the outbox holds (or, pruned, held), in one query. */
    public Mono<java.util.Set<String>> held(java.util.Collection<String> ids) {
        if (ids.isEmpty()) {
            return Mono.just(java.util.Set.of());
        }
        return Flux.from(MongoFinds.batched(outbox.find(Filters.in("_id", ids)).projection(com.mongodb.client.model.Projections.include("_id"))))
                .map(d -> d.getString("_id")).collect(java.util.stream.Collectors.toSet());
    }

    /**
     * Asks a partner for footprints matching PACT's list criteria, with a RequestCreated whose id is {@code eventId}
     * (a UUID); empty if the partner is not registered.
     */
    public Mono<String> requestCreated(String partnerClient, String eventId, ObjectNode criteria) {
        return queue(partnerClient, eventId, PactEvent.RequestCreated.class, p -> p.version() == 2 ? v2Criteria(criteria) : criteria);
    }

    /**
     * Queues one event under outbox id {@code id}; its CloudEvents id is {@code id} when that is a UUID, else a
     * UUID derived from it. An entry already under {@code id} is kept as it is: the event counts as queued.
     */
    private Mono<String> queue(String partnerClient, String id, Class<? extends PactEvent> type,
                               java.util.function.Function<PactPartners.Partner, ObjectNode> data) {
        return Mono.justOrEmpty(partners.byClient(partnerClient)).switchIfEmpty(Mono.fromRunnable(() ->
                LOG.info("PACT {} for {} not sent: the partner is not registered in TANJI_PACT_PARTNERS",
                        type.getSimpleName(), partnerClient))).flatMap(p -> {
            String eventId = id.startsWith(ANSWER) ? UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).toString() : id;
            ObjectNode event = CanonicalJson.mapper().createObjectNode();
            event.put("specversion", "1.0").put("id", eventId).put("source", urls.base() + "/" + p.version() + "/events")
                    .put("time", Instant.now(clock).toString()).put("type", typeName(type, p.version()));
            event.set("data", data.apply(p));
            Date now = Date.from(clock.instant());
            Document doc = new Document("_id", id).append("partner", p.client()).append("type", event.get("type").asText())
                    .append("event", CanonicalJson.string(event)).append("state", PENDING).append("attempts", 0)
                    .append("createdAt", now).append("nextAttemptAt", now);
            return Mono.from(outbox.insertOne(doc)).thenReturn(eventId)
                    .onErrorResume(EventOutbox::duplicate, e -> {
                        LOG.debug("PACT event {} is already queued", id);
                        return Mono.just(eventId);
                    });
        });
    }

    private static boolean duplicate(Throwable e) {
        return e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }

    private static String typeName(Class<? extends PactEvent> type, int version) {
        if (version == 3) {
            return PactEvent.type(type);
        }
        return PactV2.EVENT_TYPES.entrySet().stream().filter(e -> e.getValue() == type).findFirst().orElseThrow().getKey();
    }

    /** v2's RequestCreated asks with a partial footprint ({@code pf}) rather than list criteria. */
    private static ObjectNode v2Criteria(ObjectNode criteria) {
        ObjectNode data = CanonicalJson.mapper().createObjectNode();
        ObjectNode pf = data.putObject("pf");
        if (criteria.has("productId")) {
            pf.set("productIds", criteria.get("productId"));
        }
        if (criteria.has("companyId")) {
            pf.set("companyIds", criteria.get("companyId"));
        }
        if (criteria.has("comment")) {
            data.set("comment", criteria.get("comment"));
        }
        return data;
    }

    /** Pending events due now, oldest due first. */
    Flux<Document> due(int limit) {
        return Flux.from(outbox.find(Filters.and(Filters.eq("state", PENDING), Filters.lte("nextAttemptAt", Date.from(clock.instant()))))
                .sort(Sorts.ascending("nextAttemptAt")).limit(limit).batchSize(Math.min(limit, MongoFinds.BATCH_SIZE)));
    }

    Mono<Void> delivered(String id) {
        return Mono.from(outbox.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("state", DELIVERED),
                Updates.set("deliveredAt", Date.from(clock.instant())), Updates.inc("attempts", 1)))).then();
    }

    /** Records a failed attempt: the next one after {@code wait}, or none if that would be past {@code giveUpAt}. */
    Mono<Void> failed(String id, String error, Duration wait, Instant giveUpAt) {
        Instant next = clock.instant().plus(wait);
        boolean giveUp = next.isAfter(giveUpAt);
        if (giveUp) {
            LOG.error("PACT event {} gave up after retrying until {}: {}", id, giveUpAt, error);
        }
        return Mono.from(outbox.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("state", giveUp ? GAVE_UP : PENDING),
                Updates.set("nextAttemptAt", Date.from(next)), Updates.set("lastError", error), Updates.inc("attempts", 1)))).then();
    }

    /**
     * Prunes what was delivered or given up and queued before {@code retention} ago: RequestCreated entries are
     * deleted, answers are cut down to tombstones (see the class comment). Pending events stay. The number pruned.
     */
    public Mono<Long> prune(Duration retention) {
        Date cutoff = Date.from(clock.instant().minus(retention));
        var old = Filters.and(Filters.in("state", DELIVERED, GAVE_UP), Filters.lt("createdAt", cutoff));
        // Answers and our RequestCreated events are recovered from the ledger when missing, so they leave a tombstone.
        var answer = Filters.or(Filters.regex("_id", "^" + ANSWER), Filters.in("type",
                typeName(PactEvent.RequestCreated.class, 3), typeName(PactEvent.RequestCreated.class, 2)));
        return Mono.from(outbox.deleteMany(Filters.and(old, Filters.not(answer)))).map(r -> r.getDeletedCount())
                .zipWith(Mono.from(outbox.updateMany(Filters.and(old, answer), Updates.combine(Updates.set("state", PRUNED),
                        Updates.set("prunedAt", Date.from(clock.instant())), Updates.unset("event"), Updates.unset("partner"),
                        Updates.unset("lastError")))).map(r -> r.getModifiedCount()), Long::sum);
    }

    /** One queued event's record (state, attempts, lastError, event), for tests and operators. */
    public Mono<Document> find(String id) {
        return Mono.from(outbox.find(Filters.eq("_id", id)).first());
    }

    /** Every queued event to one partner, oldest first. */
    public Flux<Document> toPartner(String partnerClient) {
        return Flux.from(MongoFinds.batched(outbox.find(Filters.eq("partner", partnerClient)).sort(Sorts.ascending("createdAt"))));
    }
}
