package org.tanji.gateway.pact;

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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 */
@Component
public class EventOutbox {
    static final String COLLECTION = "pact_outbox";
    static final String PENDING = "PENDING";
    static final String DELIVERED = "DELIVERED";
    static final String GAVE_UP = "GAVE_UP";
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

    /** Answers a partner's RequestCreated with footprints (delivered exactly as served). */
    public Mono<Void> requestFulfilled(String partnerClient, String requestEventId, List<? extends JsonNode> pfs) {
        return queue(partnerClient, PactEvent.RequestFulfilled.class, p -> {
            ObjectNode data = CanonicalJson.mapper().createObjectNode().put("requestEventId", requestEventId);
            var list = data.putArray("pfs");
            pfs.forEach(pf -> list.add(p.version() == 2 ? PactV2.footprint((ObjectNode) pf) : pf));
            return data;
        });
    }

    /** Answers a partner's RequestCreated with a refusal. */
    public Mono<Void> requestRejected(String partnerClient, String requestEventId, String code, String message) {
        return queue(partnerClient, PactEvent.RequestRejected.class, p -> {
            ObjectNode data = CanonicalJson.mapper().createObjectNode().put("requestEventId", requestEventId);
            data.putObject("error").put("code", code).put("message", message);
            return data;
        });
    }

    /** Asks a partner for footprints matching PACT's list criteria; empty if the partner is not registered. */
    public Mono<String> requestCreated(String partnerClient, ObjectNode criteria) {
        return queueWithId(partnerClient, PactEvent.RequestCreated.class, p -> p.version() == 2 ? v2Criteria(criteria) : criteria);
    }

    private Mono<Void> queue(String partnerClient, Class<? extends PactEvent> type,
                             java.util.function.Function<PactPartners.Partner, ObjectNode> data) {
        return queueWithId(partnerClient, type, data).then();
    }

    private Mono<String> queueWithId(String partnerClient, Class<? extends PactEvent> type,
                                     java.util.function.Function<PactPartners.Partner, ObjectNode> data) {
        return Mono.justOrEmpty(partners.byClient(partnerClient)).switchIfEmpty(Mono.fromRunnable(() ->
                LOG.info("PACT {} for {} not sent: the partner is not registered in TANJI_PACT_PARTNERS",
                        type.getSimpleName(), partnerClient))).flatMap(p -> {
            String id = UUID.randomUUID().toString();
            ObjectNode event = CanonicalJson.mapper().createObjectNode();
            event.put("specversion", "1.0").put("id", id).put("source", urls.base() + "/" + p.version() + "/events")
                    .put("time", Instant.now(clock).toString()).put("type", typeName(type, p.version()));
            event.set("data", data.apply(p));
            Date now = Date.from(clock.instant());
            Document doc = new Document("_id", id).append("partner", p.client()).append("type", event.get("type").asText())
                    .append("event", CanonicalJson.string(event)).append("state", PENDING).append("attempts", 0)
                    .append("createdAt", now).append("nextAttemptAt", now);
            return Mono.from(outbox.insertOne(doc)).thenReturn(id);
        });
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
                .sort(Sorts.ascending("nextAttemptAt")).limit(limit));
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

    /** One queued event's record (state, attempts, lastError, event), for tests and operators. */
    public Mono<Document> find(String id) {
        return Mono.from(outbox.find(Filters.eq("_id", id)).first());
    }

    /** Every queued event to one partner, oldest first. */
    public Flux<Document> toPartner(String partnerClient) {
        return Flux.from(outbox.find(Filters.eq("partner", partnerClient)).sort(Sorts.ascending("createdAt")));
    }
}
