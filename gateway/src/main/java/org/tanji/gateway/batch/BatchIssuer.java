package org.tanji.gateway.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.tanji.chaincode.certification.LabelRecord;
import org.tanji.chaincode.certification.LabelUnitContract;
import org.tanji.chaincode.certification.UnitBatch;
import org.tanji.chaincode.certification.UnitBatchResult;
import org.tanji.chaincode.certification.UnitRecord;
import org.tanji.gateway.label.QrTexts;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.LedgerJson;
import org.tanji.gateway.security.ClientRegistry;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Runs batch jobs: each pending chunk is one {@code labelunit:issue} transaction, its units' QR
 * texts come from {@link QrTexts}, and the chunk is recorded before the next one starts. Jobs that
 * a stopped registry left QUEUED or RUNNING are picked up again when it starts; a chunk that was
 * committed but not recorded is simply issued again, and the ledger answers that its serials were
 * already issued by this very batch, which counts them as issued.
 */
@Component
public class BatchIssuer implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(BatchIssuer.class);
    /** Jobs run side by side; the chunks of one job run one after the other. */
    private static final int CONCURRENT_JOBS = 2;

    private final LabelJobStore jobs;
    private final Ledger ledger;
    private final ClientRegistry clients;
    private final QrTexts qrTexts;
    private final Sinks.Many<String> queue = Sinks.many().unicast().onBackpressureBuffer();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private volatile Disposable running;

    public BatchIssuer(LabelJobStore jobs, Ledger ledger, ClientRegistry clients, QrTexts qrTexts) {
        this.jobs = jobs;
        this.ledger = ledger;
        this.clients = clients;
        this.qrTexts = qrTexts;
    }

    /** Queues a job; a job already queued or running is not queued twice. */
    public void enqueue(String jobId) {
        if (queued.add(jobId)) {
            synchronized (queue) {
                queue.emitNext(jobId, Sinks.EmitFailureHandler.FAIL_FAST);
            }
        }
    }

    @Override
    public synchronized void start() {
        if (running != null) {
            return;
        }
        running = queue.asFlux()
                .flatMap(id -> run(id).doFinally(s -> queued.remove(id)), CONCURRENT_JOBS)
                .subscribe();
        jobs.unfinished().doOnNext(id -> LOG.info("resuming label batch job {}", id))
                .subscribe(this::enqueue, e -> LOG.error("cannot read unfinished label batch jobs", e));
    }

    @Override
    public synchronized void stop() {
        // Unfinished jobs stay RUNNING in the store and resume at the next start.
        if (running != null) {
            running.dispose();
            running = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }

    /** Stops before the web server and the ledger go, so no chunk is left half-recorded by choice. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1024;
    }

    private Mono<Void> run(String jobId) {
        return jobs.running(jobId)
                .flatMap(job -> jobs.owner(jobId).flatMap(clients::find)
                        .switchIfEmpty(Mono.error(() -> new IllegalStateException("the job's owner is no longer registered")))
                        .map(clients::ledgerIdentity)
                        .flatMap(identity -> ledger.evaluate(identity, "certification:getLabel", List.of(job.labelId()))
                                .map(payload -> LedgerJson.read(payload, LabelRecord.class))
                                .flatMap(label -> jobs.pending(jobId)
                                        .concatMap(chunk -> issue(identity, label, job, chunk), 0)
                                        .then())))
                .then(Mono.defer(() -> jobs.finish(jobId, LabelJob.DONE, null)))
                .onErrorResume(e -> {
                    LOG.warn("label batch job {} failed: {}", jobId, e.getMessage());
                    return jobs.finish(jobId, LabelJob.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
                })
                .then();
    }

    private Mono<LabelJob> issue(LedgerIdentity identity, LabelRecord label, LabelJob job,
                                 LabelJobStore.PendingChunk chunk) {
        String request = LedgerJson.json(new UnitBatch(job.labelId(), job.lot(), chunk.serials(), job.jobId()));
        return ledger.submit(identity, "labelunit:issue", List.of(request))
                // A concurrent batch touching the same serials, or a ledger hiccup: try the chunk
                // again (it is idempotent); a refusal by the contract is final.
                .retryWhen(Retry.backoff(5, Duration.ofMillis(200)).filter(e -> !(e instanceof ChaincodeRejection)))
                .map(tx -> LedgerJson.read(tx.payload(), UnitBatchResult.class))
                .flatMap(result -> {
                    Map<String, UnitRecord> bySerial = new java.util.HashMap<>(chunk.serials().size() * 2);
                    result.issued().forEach(s -> bySerial.put(s, result.issuedUnit(s)));
                    int mine = result.issued().size();
                    for (UnitRecord u : result.skipped()) {
                        bySerial.put(u.serial(), u);
                        if (job.jobId().equals(u.batchId())) {
                            mine++;
                        }
                    }
                    List<UnitRecord> units = new ArrayList<>(chunk.serials().size());
                    chunk.serials().forEach(s -> units.add(bySerial.get(s)));
                    int issued = mine;
                    return qrTexts.units(label, units).flatMap(texts -> {
                        List<LabelJobStore.Unit> rows = new ArrayList<>(units.size());
                        for (int i = 0; i < units.size(); i++) {
                            rows.add(new LabelJobStore.Unit(units.get(i).serial(), units.get(i).lot(), texts.get(i)));
                        }
                        return jobs.chunkDone(job.jobId(), chunk.chunk(), rows, issued, units.size() - issued);
                    });
                });
    }

    /** Serials per transaction: the contract's cap. */
    static int chunkSize() {
        return LabelUnitContract.MAX_PER_TRANSACTION;
    }
}
