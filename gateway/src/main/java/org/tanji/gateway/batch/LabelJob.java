package org.tanji.gateway.batch;

import java.time.Instant;

/**
 * A batch job as its owner sees it. {@code issued} counts units this job put on the ledger,
 * {@code skipped} serials that were already issued before it (by another batch); both only count
 * committed chunks.
 *
 * @param state {@code QUEUED}, {@code RUNNING}, {@code DONE} or {@code FAILED}
 */
public record LabelJob(String jobId, String labelId, String lot, String state, int total, int issued, int skipped,
                       int chunks, int chunksDone, String error, Instant createdAt, Instant updatedAt) {
    public static final String QUEUED = "QUEUED";
    public static final String RUNNING = "RUNNING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";

    public boolean finished() {
        return DONE.equals(state) || FAILED.equals(state);
    }
}
