package org.tanji.gateway.pact;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tanji.chaincode.certification.CertificationContract;
import org.tanji.chaincode.certification.LabelRecord;
import org.tanji.chaincode.footprint.FootprintContract;
import org.tanji.chaincode.footprint.FootprintRecord;
import org.tanji.gateway.footprint.SubmittedDocuments;
import org.tanji.gateway.ledger.ChaincodeEvent;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.ledger.LedgerJson;
import org.tanji.gateway.security.ReaderIdentity;
import org.tanji.gateway.store.DocumentStore;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * What {@code GET /3/footprints} filters on, for every footprint, in memory.
 *
 * <p>Why in memory rather than a projection collection in the store: PACT's filters are ORs of
 * case-insensitive values over arrays (product ids, company ids, three geography fields,
 * classifications) plus date ranges, which a MongoDB-wire store answers with a scan unless every
 * combination is indexed, and the embedded server indexes little. A compact entry per footprint
 * (ids and dates only, no document: about half a kilobyte) keeps 100,000 footprints in some 50 MB
 * and answers two filters at {@code limit=100} by walking a sorted map, well inside PACT's 50 ms;
 * the page's documents are then read from the store by hash, which re-checks them.
 *
 * <p>Why it cannot go stale: the ledger is the source of truth for status and certification, so
 * the index is rebuilt at start from every footprint document in the store, each confirmed by the
 * ledger record that anchors it (documents the ledger refused are skipped), and then follows the
 * ledger's chaincode events: a new footprint, the footprints it deprecates and a label decision each
 * re-read their entry from the ledger. Reading the ledger again, rather than applying the event's
 * payload, makes replays and the overlap between rebuild and events harmless.
 */
@Component
public class FootprintIndex {
    private static final Logger LOG = LoggerFactory.getLogger(FootprintIndex.class);
    /** PACT: without a validity period a footprint is valid for 3 years after its reference period. */
    private static final int DEFAULT_VALIDITY_YEARS = 3;
    private final Ledger ledger;
    private final DocumentStore documents;
    private final SubmittedDocuments submitted;
    private final ReaderIdentity reader;
    private final FootprintEntries entries = new FootprintEntries();
    private Mono<Void> rebuilt;
    private Disposable subscription;
    private volatile boolean stopping;

    /** Footprints re-read at once when events name several; each re-read is a ledger query and a store read. */
    static final int REFRESH_CONCURRENCY = 4;

    /**
     * A footprint waiting for a re-read: queued, or {@code running} (and then {@code again} if an
     * event named it meanwhile). {@code justRecorded} holds while every event coalesced into it was
     * the footprint's own recording, when no label can name it yet.
     */
    private record Pending(boolean running, boolean again, boolean justRecorded) {
    }

    private final java.util.concurrent.ConcurrentHashMap<String, Pending> pending = new java.util.concurrent.ConcurrentHashMap<>();
    private final Sinks.Many<String> queue = Sinks.many().unicast().onBackpressureBuffer();

    /**
     * One footprint as the filters see it; every string lower-cased for PACT's case-insensitive match.
     *
     * @param submitterId   the ledger id of whoever recorded it: the supplier a PACT request is addressed to
     * @param verifications PACT's {@code verification} object of each label the ledger holds as valid, latest
     *                      decision first; empty without one. Which of them still holds is decided when the
     *                      footprint is served ({@link #verificationAt}), since a label expires without an event
     */
    public record Entry(String id, String documentHash, Set<String> productIds, Set<String> companyIds,
                        Set<String> geographies, Set<String> classifications, Instant validFrom, Instant validTo,
                        String status, String submitterId, String submitterRole, List<Verification> verifications) {

        /**
         * PACT's {@code verification} object at {@code now}: that of the latest label decision whose label is
         * valid and not yet expired, as the chaincode judges a label when a supply-chain request is fulfilled.
         */
        public Optional<Map<String, String>> verificationAt(Instant now) {
            for (Verification v : verifications) {
                if (v.validUntil().isAfter(now)) {
                    return Optional.of(v.body());
                }
            }
            return Optional.empty();
        }
    }

    /**
     * What a valid label lets a served footprint claim, until the label's {@code validUntil}.
     *
     * @param body PACT's {@code verification} object
     */
    public record Verification(Instant validUntil, Map<String, String> body) {
    }

    public FootprintIndex(Ledger ledger, DocumentStore documents, SubmittedDocuments submitted, ReaderIdentity reader,
                          org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters) {
        this.ledger = ledger;
        this.documents = documents;
        this.submitted = submitted;
        this.reader = reader;
        meters.ifAvailable(registry -> io.micrometer.core.instrument.Gauge.builder("tanji.pact.index.pending", pending, Map::size)
                .description("Footprints waiting for the PACT index to re-read them after a ledger event")
                .register(registry));
    }

    @PostConstruct
    void follow() {
        // Follow events before the rebuild reads, so nothing committed in between is missed. Events
        // arrive on the ledger's commit thread, which also drives the label cache's invalidation, so
        // all that happens there is marking the footprint ids the event names; the ledger drops
        // events for a subscriber without demand, so this one always has demand.
        Disposable events = ledger.events()
                .filter(e -> FootprintContract.EVENT.equals(e.name()) || CertificationContract.EVENT.equals(e.name()))
                .subscribe(this::mark,
                        error -> LOG.error("lost the ledger's event stream; the PACT index no longer follows the ledger", error));
        // Re-reads run REFRESH_CONCURRENCY at a time, never two of the same footprint at once (see Pending).
        Disposable work = queue.asFlux()
                .publishOn(Schedulers.boundedElastic())
                .flatMap(this::refreshMarked, REFRESH_CONCURRENCY)
                .subscribe(null, error -> LOG.error("the PACT index stopped re-reading footprints", error));
        subscription = Disposables.composite(events, work);
        // One pass over the store's footprint documents (it used to list their ids, then read each
        // one again by id: every document decoded twice).
        rebuilt = documents.allOfKind("footprint")
                .takeWhile(scanned -> !stopping)
                .flatMap(scanned -> Mono.defer(() -> {
                    if (scanned.failed() != null) {
                        return Mono.<Entry>error(scanned.failed());
                    }
                    JsonNode tree = LedgerJson.tree(scanned.document().content());
                    return refresh(tree.path("id").asText(), false, new Read(scanned.id(), tree));
                }).onErrorResume(e -> {
                    // A stop during the rebuild closes the store under it: not worth a line per document.
                    if (!stopping) {
                        LOG.warn("PACT index: skipped footprint document {}: {}", scanned.id(), e.toString());
                    }
                    return Mono.empty();
                }), 8)
                .then()
                .doOnSuccess(v -> LOG.info("PACT index rebuilt from the ledger: {} footprints", entries.size()))
                .subscribeOn(Schedulers.boundedElastic())
                .cache();
    }

    /**
     * Starts the rebuild once the application has started, not while its context is still being
     * built: on two cores the rebuild (a ledger read and a parse per stored footprint) took the
     * CPU the start needed, and a registry of 55,000 footprints was healthy only after 10.5–13.5 s.
     * A request that needs the index before then starts the rebuild itself ({@link #ready()}).
     * The events are followed from construction on, so nothing committed meanwhile is missed.
     */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void rebuildOnceStarted() {
        rebuilt.subscribe(null, e -> {
            if (!stopping) {
                LOG.error("PACT index rebuild failed", e);
            }
        });
    }

    @PreDestroy
    void stop() {
        // Ends a rebuild still running, quietly: the store is closing under it.
        stopping = true;
        if (subscription != null) {
            subscription.dispose();
        }
    }

    /** Completes once the start-up rebuild is done; requests wait for it rather than see a partial list. */
    Mono<Void> ready() {
        return rebuilt;
    }

    /** Up to {@code query.limit() + 1} matching entries after the query's cursor, in id order. */
    List<Entry> page(ListQuery query) {
        return entries.page(query);
    }

    /** Every entry matching a RequestCreated event's criteria, to find whom the request is for. */
    public Mono<List<Entry>> matching(com.fasterxml.jackson.databind.JsonNode criteria) {
        return ready().then(Mono.fromSupplier(() -> {
            ListQuery query = ListQuery.of(criteria);
            return entries.matching(query);
        }));
    }

    /** The entry of one footprint, read from the ledger if the events have not brought it yet. */
    Mono<Entry> find(String id) {
        Entry known = entries.get(id);
        return known != null ? Mono.just(known) : refresh(id);
    }

    /** Marks the footprints an event changed: a new one and those it deprecates, or the one a label decision is about. */
    private void mark(ChaincodeEvent event) {
        if (FootprintContract.EVENT.equals(event.name())) {
            JsonNode payload = LedgerJson.tree(event.payload());
            mark(payload.path("id").asText(), true);
            payload.path("deprecated").forEach(n -> mark(n.asText(), false));
        } else {
            mark(LedgerJson.tree(event.payload()).path("footprintId").asText(), false);
        }
    }

    /**
     * Queues a re-read of {@code id}, unless one is queued already (then the two coalesce), or marks
     * the running one to be repeated when it ends, so the last re-read always starts after the last
     * event. The queue therefore holds each footprint at most once: under a burst of submissions it
     * grows with the number of distinct footprints waiting, never with the number of events.
     */
    private void mark(String id, boolean justRecorded) {
        boolean[] enqueue = {false};
        pending.compute(id, (k, p) -> {
            if (p == null) {
                enqueue[0] = true;
                return new Pending(false, false, justRecorded);
            }
            return p.running() ? new Pending(true, true, false) : new Pending(false, false, p.justRecorded() && justRecorded);
        });
        if (enqueue[0]) {
            queue.emitNext(id, Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofSeconds(1)));
        }
    }

    /** Runs the queued re-read of {@code id}, then queues it again if it was marked while running. */
    private Mono<Void> refreshMarked(String id) {
        Pending started = pending.computeIfPresent(id, (k, p) -> new Pending(true, false, p.justRecorded()));
        if (started == null) {
            return Mono.empty();
        }
        return refresh(id, started.justRecorded())
                .onErrorResume(e -> {
                    LOG.warn("PACT index: could not refresh footprint {}: {}", id, e.toString());
                    return Mono.empty();
                })
                .then(Mono.fromRunnable(() -> {
                    Pending after = pending.computeIfPresent(id, (k, p) -> p.again() ? new Pending(false, false, false) : null);
                    if (after != null) {
                        queue.emitNext(id, Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofSeconds(1)));
                    }
                }));
    }

    /** How many footprints the index holds. */
    public int size() {
        return entries.size();
    }

    /** How many footprints wait for a re-read (queued or running); also the gauge {@code tanji.pact.index.pending}. */
    public int pendingRefreshes() {
        return pending.size();
    }

    /** Re-reads one footprint from the ledger and the store and replaces its entry; empty if the ledger has none. */
    private Mono<Entry> refresh(String id) {
        return refresh(id, false);
    }

    /**
     * As {@link #refresh(String)}; {@code justRecorded} says the event is the footprint's own
     * recording, so no certification can name it yet and its labels are not asked for.
     */
    private Mono<Entry> refresh(String id, boolean justRecorded) {
        return refresh(id, justRecorded, null);
    }

    /** A footprint document already read and parsed: the start-up rebuild reads each one once, not twice. */
    private record Read(String hash, JsonNode tree) {
    }

    private Mono<Entry> refresh(String id, boolean justRecorded, Read known) {
        Mono<List<LabelRecord>> labels = justRecorded ? Mono.just(List.of())
                : ledger.evaluate(reader.identity(), "certification:labelsOfFootprint", List.of(id))
                        .map(payload -> LedgerJson.read(payload, new TypeReference<List<LabelRecord>>() { }));
        return ledger.evaluate(reader.identity(), "footprint:get", List.of(id))
                .map(payload -> LedgerJson.read(payload, FootprintRecord.class))
                .onErrorResume(ChaincodeRejection.class, e -> "NOT_FOUND".equals(e.code()) ? Mono.empty() : Mono.error(e))
                .flatMap(record -> document(record.documentHash(), known)
                        .zipWith(labels)
                        .map(both -> entry(record, both.getT1(), both.getT2())))
                .doOnNext(entries::put);
    }

    /** The parsed footprint document: the one already read, else the one just submitted, else from the store. */
    private Mono<JsonNode> document(String hash, Read known) {
        if (known != null && known.hash().equals(hash)) {
            return Mono.just(known.tree());
        }
        return submitted.take(hash).map(Mono::just)
                .orElseGet(() -> documents.get(hash).map(doc -> LedgerJson.tree(doc.content())));
    }

    private static Entry entry(FootprintRecord record, JsonNode pf, List<LabelRecord> labels) {
        JsonNode pcf = pf.path("pcf");
        Set<String> geographies = sharedSet(lower(List.of(pcf.path("geographyCountry"), pcf.path("geographyCountrySubdivision"),
                pcf.path("geographyRegionOrSubregion"))));
        Instant referenceEnd = Instant.parse(record.referencePeriodEnd());
        Instant from = pf.hasNonNull("validityPeriodStart") ? Instant.parse(pf.get("validityPeriodStart").asText()) : referenceEnd;
        Instant to = pf.hasNonNull("validityPeriodEnd") ? Instant.parse(pf.get("validityPeriodEnd").asText())
                : referenceEnd.atOffset(ZoneOffset.UTC).plusYears(DEFAULT_VALIDITY_YEARS).toInstant();
        return new Entry(record.id(), record.documentHash(), sharedSet(lower(pf.path("productIds"))),
                sharedSet(lower(pf.path("companyIds"))), geographies, sharedSet(lower(pf.path("productClassifications"))),
                shared(from), shared(to), record.status().intern(),
                record.submitterId().intern(), record.submitterRole().intern(), verifications(record, labels));
    }

    /** PACT's verification object of each valid label of the footprint, latest decision first; expiry is judged when served. */
    private static List<Verification> verifications(FootprintRecord record, List<LabelRecord> labels) {
        return labels.stream().filter(l -> LabelRecord.VALID.equals(l.status()))
                .sorted(java.util.Comparator.comparing(LabelRecord::decidedAt).reversed())
                .map(label -> {
                    Map<String, String> v = new LinkedHashMap<>();
                    v.put("coverage", "product level");
                    v.put("providerName", label.certifierName());
                    v.put("completedAt", label.decidedAt());
                    if (!record.standards().isEmpty()) {
                        v.put("standardName", record.standards().get(0));
                    }
                    v.put("comments", "Certified on the Tanji ledger: label " + label.labelId() + ", decision "
                            + label.decision() + " in transaction " + label.txId() + ", grade " + label.grade()
                            + ", valid until " + label.validUntil());
                    return new Verification(Instant.parse(label.validUntil()), java.util.Collections.unmodifiableMap(v));
                }).toList();
    }

    /**
     * Facet sets and validity bounds repeat across footprints: every version of a product has its
     * product ids, thousands share a geography, a company, a classification and a reference
     * period. Each entry refers to one shared copy instead of holding its own (the index is kept
     * whole in the heap: about 200 bytes less per footprint, measured with a class histogram).
     * Like the entries, the shared values are never dropped.
     */
    private static final ConcurrentHashMap<Object, Object> SHARED = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    private static <T> T shared(T value) {
        Object before = SHARED.putIfAbsent(value, value);
        return before == null ? value : (T) before;
    }

    /** {@link #shared(Object)} for a set whose strings are shared too. */
    @SuppressWarnings("unchecked")
    private static Set<String> sharedSet(Set<String> values) {
        Object known = SHARED.get(values);
        if (known != null) {
            return (Set<String>) known;
        }
        Set<String> out = new HashSet<>();
        for (String v : values) {
            out.add(v.intern());
        }
        return (Set<String>) shared((Object) Set.copyOf(out));
    }

    private static Set<String> lower(Iterable<JsonNode> values) {
        Set<String> out = new HashSet<>();
        for (JsonNode value : values) {
            if (value.isTextual() && !value.asText().isBlank()) {
                out.add(value.asText().toLowerCase(Locale.ROOT));
            }
        }
        return Set.copyOf(out);
    }
}
