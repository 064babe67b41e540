package org.tanji.gateway.label.scans;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How often each label was scanned, in total and per UTC day: aggregates only. A scan is counted
 * by label id and day, nothing else: no address, agent, referrer or time of day is kept. Counts
 * gather in memory (one atomic merge per scan) and are added to the store's {@code label_scans}
 * collection with {@code $inc} every flush interval and on shutdown.
 *
 * <p>Documents: {@code {_id: labelId, total: n, days: {"2026-05-01": n, ...}}}.
 */
@Component
public class ScanCounts {
    public static final String COLLECTION = "label_scans";
    private static final Logger LOG = LoggerFactory.getLogger(ScanCounts.class);

    private final MongoCollection<Document> collection;
    private final Duration interval;
    private final Clock clock;
    /** Scans not yet in the store, by label and day. Merge and remove are atomic per key, so none is lost. */
    private final ConcurrentHashMap<Key, Long> pending = new ConcurrentHashMap<>();
    private Disposable flusher;

    private record Key(String labelId, LocalDate day) {
    }

    /** A label's counts: the total and each day's. */
    public record Counts(String labelId, long total, Map<String, Long> days) {
    }

    @Autowired
    public ScanCounts(MongoDatabase database, @Value("${tanji.scans.flush-interval:PT10S}") Duration interval) {
        this(database, interval, Clock.systemUTC());
    }

    ScanCounts(MongoDatabase database, Duration interval, Clock clock) {
        this.collection = database.getCollection(COLLECTION);
        this.interval = interval;
        this.clock = clock;
    }

    @PostConstruct
    void start() {
        flusher = Flux.interval(interval, interval).onBackpressureDrop().concatMap(tick -> flush(), 1).subscribe();
    }

    @PreDestroy
    void stop() {
        if (flusher != null) {
            flusher.dispose();
        }
        flush().block(Duration.ofSeconds(20));
    }

    /** Counts one scan of a label today. */
    public void count(String labelId) {
        pending.merge(new Key(labelId, LocalDate.now(clock)), 1L, Long::sum);
    }

    /** Adds the pending counts to the store; counts that fail to reach it go back to pending. */
    public Mono<Void> flush() {
        Map<String, Map<LocalDate, Long>> byLabel = new LinkedHashMap<>();
        for (Key key : List.copyOf(pending.keySet())) {
            Long n = pending.remove(key);
            if (n != null) {
                byLabel.computeIfAbsent(key.labelId(), k -> new TreeMap<>()).put(key.day(), n);
            }
        }
        if (byLabel.isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(byLabel.entrySet())
                .concatMap(e -> Mono.from(collection.updateOne(Filters.eq("_id", e.getKey()), increments(e.getValue()),
                                new UpdateOptions().upsert(true)))
                        .then()
                        .onErrorResume(error -> {
                            LOG.warn("scan counts of {} not stored yet, kept for the next flush: {}", e.getKey(), error.toString());
                            e.getValue().forEach((day, n) -> pending.merge(new Key(e.getKey(), day), n, Long::sum));
                            return Mono.empty();
                        }))
                .then();
    }

    private static Bson increments(Map<LocalDate, Long> days) {
        List<Bson> inc = new ArrayList<>();
        long total = 0;
        for (Map.Entry<LocalDate, Long> d : days.entrySet()) {
            inc.add(Updates.inc("days." + d.getKey(), d.getValue()));
            total += d.getValue();
        }
        inc.add(Updates.inc("total", total));
        return Updates.combine(inc);
    }

    /** A label's counts: what the store holds plus what is still pending. */
    public Mono<Counts> of(String labelId) {
        return Mono.from(collection.find(Filters.eq("_id", labelId)).first())
                .defaultIfEmpty(new Document())
                .map(doc -> {
                    Map<String, Long> days = new TreeMap<>();
                    Document stored = doc.get("days", Document.class);
                    if (stored != null) {
                        stored.forEach((day, n) -> days.put(day, ((Number) n).longValue()));
                    }
                    pending.forEach((key, n) -> {
                        if (key.labelId().equals(labelId)) {
                            days.merge(key.day().toString(), n, Long::sum);
                        }
                    });
                    long total = days.values().stream().mapToLong(Long::longValue).sum();
                    return new Counts(labelId, total, days);
                });
    }
}
