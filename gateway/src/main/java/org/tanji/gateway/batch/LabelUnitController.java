package org.tanji.gateway.batch;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.problem.ApiException;
import org.tanji.gateway.security.CurrentClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/labels/{labelId}/units} starts a batch job (202); {@code /api/v1/label-jobs/{jobId}}
 * reports it, {@code .../events} streams its progress, {@code .../units.csv} gives the printer its
 * serials and QR texts; {@code GET /api/v1/labels/{labelId}/units} pages the label's units on the ledger.
 */
@RestController
@Tag(name = "Label units", description = "Serialized batches: units of a label, issued by durable jobs")
public class LabelUnitController {
    /** 100,000 serials of 20 characters, quoted and separated, fit with room to spare. */
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final LabelUnitService units;
    private final CurrentClient current;

    public LabelUnitController(LabelUnitService units, CurrentClient current) {
        this.units = units;
        this.current = current;
    }

    @Operation(summary = "Issue units of a label: starts a job and answers 202 with its id",
            description = "Body: {lot?, serials: [..]} or {lot?, serialRange: {prefix?, from, to, width?}}; at most 100,000 serials")
    @PostMapping(path = "/api/v1/labels/{labelId}/units", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> issue(@PathVariable String labelId,
                                                           @RequestBody(required = false) Flux<DataBuffer> body) {
        return current.acting().flatMap(a -> json(body).flatMap(json -> units.submit(a, labelId, json)))
                .map(job -> ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(self(job.jobId()))).body(view(job)));
    }

    @Operation(summary = "A batch job's state and progress (its owner only)")
    @GetMapping(path = "/api/v1/label-jobs/{jobId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> job(@PathVariable String jobId) {
        return current.acting().flatMap(a -> units.job(a, jobId)).map(LabelUnitController::view);
    }

    @Operation(summary = "Server-Sent Events: the job's progress after every committed chunk, ending when it is DONE or FAILED")
    @GetMapping(path = "/api/v1/label-jobs/{jobId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Mono<ResponseEntity<Flux<ServerSentEvent<Map<String, Object>>>>> events(@PathVariable String jobId) {
        return current.acting().flatMap(a -> units.job(a, jobId)).map(owned -> ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .body(units.progress(jobId).map(job -> ServerSentEvent.<Map<String, Object>>builder(view(job))
                        .id(Integer.toString(job.chunksDone()))
                        .event(job.finished() ? job.state().toLowerCase(Locale.ROOT) : "progress")
                        .build())));
    }

    @Operation(summary = "The job's units for the printer, as CSV: serial, lot, qrText (once the job is DONE)")
    @GetMapping(path = "/api/v1/label-jobs/{jobId}/units.csv", produces = "text/csv")
    public Mono<ResponseEntity<Flux<String>>> csv(@PathVariable String jobId) {
        return current.acting().flatMap(a -> units.csv(a, jobId)).map(rows -> ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"units-" + jobId + ".csv\"")
                .body(rows));
    }

    @Operation(summary = "One page of a label's units on the ledger with their QR texts (the label's certifier)")
    @GetMapping(path = "/api/v1/labels/{labelId}/units", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> page(@PathVariable String labelId,
                                          @RequestParam(defaultValue = "100") int pageSize,
                                          @RequestParam(required = false) String bookmark) {
        return current.acting().flatMap(a -> units.page(a, labelId, pageSize, bookmark));
    }

    private static Mono<JsonNode> json(Flux<DataBuffer> body) {
        return DataBufferUtils.join(body == null ? Flux.empty() : body, MAX_BODY_BYTES)
                .onErrorMap(DataBufferLimitException.class, e -> new ApiException(HttpStatus.CONTENT_TOO_LARGE,
                        "the request body is larger than 4 MiB"))
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty(new byte[0])
                .map(bytes -> {
                    if (bytes.length == 0) {
                        throw ApiException.badRequest("body", "is required");
                    }
                    try {
                        return CanonicalJson.mapper().readTree(bytes);
                    } catch (java.io.IOException e) {
                        throw ApiException.badRequest("body", "is not valid JSON");
                    }
                });
    }

    private static String self(String jobId) {
        return "/api/v1/label-jobs/" + jobId;
    }

    static Map<String, Object> view(LabelJob job) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("jobId", job.jobId());
        v.put("labelId", job.labelId());
        v.put("lot", job.lot());
        v.put("state", job.state());
        v.put("total", job.total());
        v.put("issued", job.issued());
        v.put("skipped", job.skipped());
        v.put("chunks", job.chunks());
        v.put("chunksDone", job.chunksDone());
        v.put("error", job.error());
        v.put("createdAt", String.valueOf(job.createdAt()));
        v.put("updatedAt", String.valueOf(job.updatedAt()));
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", self(job.jobId()));
        links.put("events", self(job.jobId()) + "/events");
        links.put("units", self(job.jobId()) + "/units.csv");
        v.put("links", links);
        return v;
    }
}
