package org.tanji.gateway.batch;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.springframework.stereotype.Component;

import org.tanji.gateway.store.MongoFinds;

import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where batch jobs live, durably: {@code label_jobs} holds one document per job (state, counts,
 * owner), {@code label_job_chunks} one per chunk of at most one transaction's serials, first with
 * the serials asked for, then, once the chunk is committed, with each unit's lot and QR text.
 * Chunk documents stay well under the 16 MiB document limit whatever the job's size.
 */
@Component
public class LabelJobStore {
    static final String JOBS = "label_jobs";
    static final String CHUNKS = "label_job_chunks";

    private final MongoCollection<Document> jobs;
    private final MongoCollection<Document> chunks;
    private final Clock clock = Clock.systemUTC();

    public LabelJobStore(MongoDatabase database) {
        this.jobs = database.getCollection(JOBS);
        this.chunks = database.getCollection(CHUNKS);
        Mono.from(chunks.createIndex(Indexes.ascending("jobId", "chunk"))).block(java.time.Duration.ofSeconds(60));
    }

    /** One unit of a committed chunk, as the printer needs it. */
    public record Unit(String serial, String lot, String qrText) {
    }

    /** A chunk still to be issued: its number and its serials. */
    record PendingChunk(int chunk, List<String> serials) {
    }

    /** Stores the chunks, then the job (QUEUED): a job never exists without its serials. */
    Mono<LabelJob> create(String jobId, String labelId, String lot, String owner, List<String> serials, int chunkSize) {
        return Mono.defer(() -> {
            Date now = now();
            List<Document> parts = new ArrayList<>();
            for (int from = 0, n = 0; from < serials.size(); from += chunkSize, n++) {
                parts.add(new Document("_id", chunkId(jobId, n)).append("jobId", jobId).append("chunk", n)
                        .append("done", false)
                        .append("serials", List.copyOf(serials.subList(from, Math.min(serials.size(), from + chunkSize)))));
            }
            Document job = new Document("_id", jobId).append("labelId", labelId).append("lot", lot).append("owner", owner)
                    .append("state", LabelJob.QUEUED).append("total", serials.size()).append("issued", 0)
                    .append("skipped", 0).append("chunks", parts.size()).append("chunksDone", 0)
                    .append("createdAt", now).append("updatedAt", now);
            return Mono.from(chunks.insertMany(parts)).then(Mono.from(jobs.insertOne(job))).thenReturn(view(job));
        });
    }

    Mono<LabelJob> find(String jobId) {
        return document(jobId).map(LabelJobStore::view);
    }

    /** The job if {@code owner} owns it; empty otherwise (others may not learn it exists). */
    Mono<LabelJob> findOwned(String jobId, String owner) {
        return document(jobId).filter(d -> owner.equals(d.getString("owner"))).map(LabelJobStore::view);
    }

    Mono<String> owner(String jobId) {
        return document(jobId).map(d -> d.getString("owner"));
    }

    private Mono<Document> document(String jobId) {
        return Mono.from(jobs.find(eq("_id", jobId)).first());
    }

    /** Jobs a stopped registry left unfinished, oldest first. */
    Flux<String> unfinished() {
        return Flux.from(MongoFinds.batched(jobs.find(in("state", LabelJob.QUEUED, LabelJob.RUNNING)).sort(Sorts.ascending("createdAt"))
                .projection(Projections.include("_id")))).map(d -> d.getString("_id"));
    }

    /** Chunks not yet committed, in order. */
    Flux<PendingChunk> pending(String jobId) {
        return Flux.from(MongoFinds.batched(chunks.find(and(eq("jobId", jobId), eq("done", false))).sort(Sorts.ascending("chunk"))
                        .projection(Projections.include("chunk", "serials"))))
                .map(d -> new PendingChunk(d.getInteger("chunk"), d.getList("serials", String.class)));
    }

    /**
     * Marks the job RUNNING with counts recomputed from its committed chunks, so a stop between
     * recording a chunk and counting it loses nothing.
     */
    Mono<LabelJob> running(String jobId) {
        return Flux.from(MongoFinds.batched(chunks.find(and(eq("jobId", jobId), eq("done", true)))
                        .projection(Projections.include("issued", "skipped"))))
                .reduce(new int[3], (sum, d) -> {
                    sum[0] += d.getInteger("issued", 0);
                    sum[1] += d.getInteger("skipped", 0);
                    sum[2]++;
                    return sum;
                })
                .flatMap(sum -> Mono.from(jobs.updateOne(eq("_id", jobId), Updates.combine(
                        Updates.set("state", LabelJob.RUNNING), Updates.set("issued", sum[0]), Updates.set("skipped", sum[1]),
                        Updates.set("chunksDone", sum[2]), Updates.set("updatedAt", now())))))
                .then(find(jobId));
    }

    /** Records a committed chunk's units and counts; the chunk first, then the job's progress. */
    Mono<LabelJob> chunkDone(String jobId, int chunk, List<Unit> units, int issued, int skipped) {
        List<Document> rows = units.stream().map(u -> new Document("serial", u.serial()).append("lot", u.lot())
                .append("qrText", u.qrText())).toList();
        return Mono.from(chunks.updateOne(eq("_id", chunkId(jobId, chunk)), Updates.combine(Updates.set("done", true),
                        Updates.set("units", rows), Updates.set("issued", issued), Updates.set("skipped", skipped))))
                .then(Mono.from(jobs.updateOne(eq("_id", jobId), Updates.combine(Updates.inc("issued", issued),
                        Updates.inc("skipped", skipped), Updates.inc("chunksDone", 1), Updates.set("updatedAt", now())))))
                .then(find(jobId));
    }

    Mono<LabelJob> finish(String jobId, String state, String error) {
        return Mono.from(jobs.updateOne(eq("_id", jobId), Updates.combine(Updates.set("state", state),
                Updates.set("error", error), Updates.set("updatedAt", now())))).then(find(jobId));
    }

    /** Every unit of the job in request order; only complete once the job is DONE. */
    Flux<Unit> units(String jobId) {
        return Flux.from(chunks.find(and(eq("jobId", jobId), eq("done", true))).sort(Sorts.ascending("chunk"))
                        .projection(Projections.include("units")).batchSize(1))
                .concatMapIterable(d -> d.getList("units", Document.class))
                .map(u -> new Unit(u.getString("serial"), u.getString("lot"), u.getString("qrText")));
    }

    private static String chunkId(String jobId, int chunk) {
        return jobId + "/" + String.format("%05d", chunk);
    }

    private Date now() {
        return Date.from(clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    private static LabelJob view(Document d) {
        return new LabelJob(d.getString("_id"), d.getString("labelId"), d.getString("lot"), d.getString("state"),
                d.getInteger("total", 0), d.getInteger("issued", 0), d.getInteger("skipped", 0), d.getInteger("chunks", 0),
                d.getInteger("chunksDone", 0), d.getString("error"), instant(d.getDate("createdAt")),
                instant(d.getDate("updatedAt")));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
