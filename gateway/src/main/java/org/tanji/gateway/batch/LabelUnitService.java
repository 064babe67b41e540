package org.tanji.gateway.batch;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.tanji.chaincode.certification.LabelRecord;
import org.tanji.chaincode.certification.UnitRecord;
import org.tanji.gateway.certification.LabelIds;
import org.tanji.gateway.label.QrTexts;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.LedgerJson;
import org.tanji.gateway.problem.ApiException;
import org.tanji.gateway.security.CurrentClient;
import org.tanji.gateway.security.Role;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Batches of units for a label: accepts a request only when all of it can be issued (well-formed,
 * no repeats, the caller's own VALID label with a GTIN), then leaves the work to a durable job.
 */
@Service
public class LabelUnitService {
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration MAX_STREAM = Duration.ofHours(2);

    private final Ledger ledger;
    private final LabelJobStore jobs;
    private final BatchIssuer issuer;
    private final QrTexts qrTexts;

    public LabelUnitService(Ledger ledger, LabelJobStore jobs, BatchIssuer issuer, QrTexts qrTexts) {
        this.ledger = ledger;
        this.jobs = jobs;
        this.issuer = issuer;
        this.qrTexts = qrTexts;
    }

    /** Validates the whole request, then creates and queues its job; nothing is written if any check fails. */
    public Mono<LabelJob> submit(CurrentClient.Acting acting, String labelId, JsonNode body) {
        return Mono.defer(() -> {
            requireWellFormed(labelId);
            if (acting.client().role() != Role.CERTIFIER) {
                throw new ApiException(HttpStatus.FORBIDDEN, "only the certifier that granted a label issues its units");
            }
            UnitRequest request = UnitRequest.parse(body);
            return label(acting.identity(), labelId).flatMap(label -> {
                issuable(label, acting.client().ledgerId());
                return jobs.create(UUID.randomUUID().toString(), labelId, request.lot(), acting.client().clientId(),
                        request.serials(), BatchIssuer.chunkSize());
            }).doOnNext(job -> issuer.enqueue(job.jobId()));
        });
    }

    /** The job, if the caller owns it; 404 otherwise. */
    public Mono<LabelJob> job(CurrentClient.Acting acting, String jobId) {
        return jobs.findOwned(jobId, acting.client().clientId())
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("no label batch job " + jobId)));
    }

    /** The job's state now and after every committed chunk, until it is DONE or FAILED. */
    public Flux<LabelJob> progress(String jobId) {
        return Flux.interval(Duration.ZERO, POLL).onBackpressureDrop()
                .concatMap(tick -> jobs.find(jobId), 1)
                .distinctUntilChanged(j -> j.state() + "/" + j.chunksDone())
                .takeUntil(LabelJob::finished)
                .take(MAX_STREAM);
    }

    /** The job's units for the printer: {@code serial,lot,qrText}, once the job is DONE. */
    public Mono<Flux<String>> csv(CurrentClient.Acting acting, String jobId) {
        return job(acting, jobId).map(job -> {
            if (!LabelJob.DONE.equals(job.state())) {
                throw new ApiException(HttpStatus.CONFLICT, "job " + jobId + " is " + job.state()
                        + "; its units can be printed once it is DONE");
            }
            return Flux.just("serial,lot,qrText\r\n")
                    .concatWith(jobs.units(jobId).buffer(500).map(rows -> {
                        StringBuilder out = new StringBuilder(rows.size() * 120);
                        rows.forEach(u -> out.append(cell(u.serial())).append(',').append(cell(u.lot())).append(',')
                                .append(cell(u.qrText())).append("\r\n"));
                        return out.toString();
                    }));
        });
    }

    /** One page of the label's units as the ledger holds them, each with its QR text; for the label's certifier. */
    public Mono<Map<String, Object>> page(CurrentClient.Acting acting, String labelId, int pageSize, String bookmark) {
        return Mono.defer(() -> {
            requireWellFormed(labelId);
            String from = decodeBookmark(bookmark);
            return ledger.evaluate(acting.identity(), "labelunit:list", List.of(labelId, Integer.toString(pageSize), from))
                    .map(payload -> LedgerJson.read(payload, new TypeReference<UnitPage>() { }))
                    .zipWith(label(acting.identity(), labelId))
                    .flatMap(t -> qrTexts.units(t.getT2(), t.getT1().units()).map(texts -> {
                        List<Map<String, Object>> rows = new ArrayList<>();
                        for (int i = 0; i < texts.size(); i++) {
                            UnitRecord u = t.getT1().units().get(i);
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("serial", u.serial());
                            row.put("lot", u.lot());
                            row.put("gtin", u.gtin());
                            row.put("issuedAt", u.issuedAt());
                            row.put("txId", u.txId());
                            row.put("qrText", texts.get(i));
                            rows.add(row);
                        }
                        Map<String, Object> answer = new LinkedHashMap<>();
                        answer.put("labelId", labelId);
                        answer.put("units", rows);
                        String next = t.getT1().bookmark();
                        answer.put("bookmark", next == null || next.isEmpty() ? null
                                : Base64.getUrlEncoder().withoutPadding().encodeToString(next.getBytes(StandardCharsets.UTF_8)));
                        return answer;
                    }));
        });
    }

    /** The answer of {@code labelunit:list}. */
    record UnitPage(List<UnitRecord> units, String bookmark) {
    }

    private Mono<LabelRecord> label(LedgerIdentity identity, String labelId) {
        return ledger.evaluate(identity, "certification:getLabel", List.of(labelId))
                .map(payload -> LedgerJson.read(payload, LabelRecord.class));
    }

    /** The contract checks all of this again; here it stops a job that could never succeed before it exists. */
    private static void issuable(LabelRecord label, String caller) {
        if (!caller.equals(label.certifierId())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "label " + label.labelId() + " was granted by "
                    + label.certifierId() + "; only that certifier issues its units");
        }
        if (!LabelRecord.VALID.equals(label.status())) {
            throw new ApiException(HttpStatus.CONFLICT, "label " + label.labelId() + " is " + label.status()
                    + "; units are issued only for a VALID label");
        }
        if (!Instant.parse(label.validUntil()).isAfter(Instant.now())) {
            throw new ApiException(HttpStatus.CONFLICT, "label " + label.labelId() + " expired at " + label.validUntil());
        }
        if (label.gtin() == null) {
            throw new ApiException(HttpStatus.CONFLICT, "label " + label.labelId()
                    + " names no GTIN; serialized units need a label granted with a gtin");
        }
    }

    private static void requireWellFormed(String labelId) {
        if (!LabelIds.wellFormed(labelId)) {
            throw ApiException.notFound("no label " + labelId);
        }
    }

    private static String decodeBookmark(String bookmark) {
        if (bookmark == null || bookmark.isEmpty()) {
            return "";
        }
        try {
            return new String(Base64.getUrlDecoder().decode(bookmark), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bookmark", "is not a bookmark this API returned");
        }
    }

    /** An RFC 4180 cell: quoted when it holds a comma, a quote or a line break (GS1 serials may hold the first two). */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
