package org.tanji.gateway.label;

import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tanji.chaincode.certification.LabelRecord;
import org.tanji.gateway.certification.LabelIds;
import org.tanji.gateway.label.scans.ScanCounts;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.ledger.LedgerJson;
import org.tanji.gateway.problem.ApiException;
import org.tanji.gateway.security.CurrentClient;

import com.fasterxml.jackson.core.type.TypeReference;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

/** {@code /api/v1/labels}: the public verification of a label, and its ledger record and history for clients. */
@RestController
@RequestMapping("/api/v1/labels")
@Tag(name = "Labels", description = "Carbon labels and their verification")
public class LabelController {
    private final Ledger ledger;
    private final CurrentClient current;
    private final QrTexts qrTexts;
    private final ScanCounts scans;

    public LabelController(Ledger ledger, CurrentClient current, QrTexts qrTexts, ScanCounts scans) {
        this.ledger = ledger;
        this.current = current;
        this.qrTexts = qrTexts;
        this.scans = scans;
    }

    @Operation(summary = "The label's current ledger record, the text its QR code carries and how often it was scanned")
    @GetMapping(path = "/{labelId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> label(@PathVariable String labelId) {
        return record(labelId).flatMap(payload -> Mono.zip(
                        qrTexts.label(LedgerJson.read(payload, LabelRecord.class)), scans.of(labelId))
                .map(t -> Map.of("record", LedgerJson.plain(payload), "recordHash", LedgerJson.recordHash(payload),
                        "qrText", t.getT1(), "scans", t.getT2().total())));
    }

    @Operation(summary = "How often the label's page or verification was opened, in total and per UTC day; aggregates only")
    @GetMapping(path = "/{labelId}/scans", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ScanCounts.Counts> scans(@PathVariable String labelId) {
        return record(labelId).then(scans.of(labelId));
    }

    /** The label's record as the calling client may read it. */
    private Mono<byte[]> record(String labelId) {
        requireWellFormed(labelId);
        return current.acting().flatMap(a -> ledger.evaluate(a.identity(), "certification:getLabel", List.of(labelId)));
    }

    @Operation(summary = "Every certification decision on the label, oldest first, each a ledger version with its reason")
    @GetMapping(path = "/{labelId}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> history(@PathVariable String labelId) {
        requireWellFormed(labelId);
        return current.acting().flatMap(a -> ledger.evaluate(a.identity(), "certification:history", List.of(labelId)))
                .map(payload -> Map.of("labelId", labelId, "versions",
                        LedgerJson.read(payload, new TypeReference<List<Map<String, Object>>>() { })));
    }

    private static void requireWellFormed(String labelId) {
        if (!LabelIds.wellFormed(labelId)) {
            throw ApiException.notFound("no label " + labelId);
        }
    }
}
