package org.tanji.gateway.footprint;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.tanji.chaincode.footprint.FootprintRecord;
import org.tanji.chaincode.footprint.FootprintSubmission;
import org.tanji.chaincode.greencert.CertificateRange;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.LedgerJson;
import org.tanji.gateway.problem.ApiException;
import org.tanji.gateway.problem.FieldError;
import org.tanji.gateway.store.DocumentStore;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import reactor.core.publisher.Mono;

/**
 * Submitting and reading footprints. The full PACT document goes to the store under its hash
 * first, then the ledger record that names the hash, so the ledger never names a missing
 * document. If the contract refuses the record, the document is deleted before the answer, so
 * refused input leaves nothing behind; after a crash in between, the sweep removes it. The document is not
 * marked "anchored" on this path: the store's sweep asks the ledger's document index before it
 * deletes anything, and marks what it finds.
 */
@Service
public class FootprintService {
    private static final Logger LOG = LoggerFactory.getLogger(FootprintService.class);
    private final Ledger ledger;
    private final DocumentStore documents;
    private final SubmittedDocuments submitted;

    public FootprintService(Ledger ledger, DocumentStore documents, SubmittedDocuments submitted) {
        this.ledger = ledger;
        this.documents = documents;
        this.submitted = submitted;
    }

    /** What the API answers after a footprint is committed. */
    public record Recorded(String id, int version, String status, String txId, long blockNumber, String documentHash,
                           List<String> deprecated) {
    }

    public Mono<Recorded> submit(LedgerIdentity identity, String body) {
        return submit(identity, body, null, null);
    }

    /**
     * Submits a footprint and, in the same ledger transaction, claims green certificates against
     * it (what a market-based calculation counted).
     *
     * @param certificates the certificates to claim with it, or {@code null}
     * @param consumedMwh the electricity its calculation consumed, the cap on the certificates
     */
    public Mono<Recorded> submit(LedgerIdentity identity, String body, List<CertificateRange> certificates,
                                 String consumedMwh) {
        JsonNode parsed = parse(body);
        List<FieldError> errors = PactFootprintValidator.validate(parsed);
        if (!errors.isEmpty()) {
            return Mono.error(ApiException.badRequest(errors));
        }
        ObjectNode document = normalise((ObjectNode) parsed);
        byte[] canonical = CanonicalJson.bytes(document);
        String hash = documents.idOf(canonical);
        String submission = CanonicalJson.string(submission(document, hash, certificates, consumedMwh));
        List<String> args = List.of(submission);
        // Offered before the submit, since the ledger's event can reach the PACT index before the submit returns.
        return Mono.fromRunnable(() -> submitted.offer(hash, document))
                .then(documents.put("footprint", canonical, "application/json"))
                .flatMap(stored -> ledger.submit(identity, "footprint:record", args)
                        .onErrorResume(ChaincodeRejection.class, e -> documents.deleteIfUnanchored(stored.id()).then(Mono.error(e))))
                .doOnError(e -> submitted.withdraw(hash))
                .map(tx -> {
                    FootprintRecord r = LedgerJson.read(tx.payload(), FootprintRecord.class);
                    return new Recorded(r.id(), r.version(), r.status(), tx.txId(), tx.blockNumber(), r.documentHash(),
                            r.precedingPfIds());
                });
    }

    public Mono<Map<String, Object>> get(LedgerIdentity identity, String id) {
        return ledger.evaluate(identity, "footprint:get", List.of(uuid(id))).flatMap(payload -> {
            FootprintRecord record = LedgerJson.read(payload, FootprintRecord.class);
            return documents.get(record.documentHash())
                    .map(doc -> {
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("record", record);
                        body.put("recordHash", LedgerJson.recordHash(payload));
                        body.put("document", LedgerJson.plain(doc.content()));
                        return body;
                    })
                    .switchIfEmpty(Mono.error(() -> new ApiException(org.springframework.http.HttpStatus.INTERNAL_SERVER_ERROR,
                            "the document " + record.documentHash() + " named by footprint " + id + " is missing from the store")));
        });
    }

    public Mono<Map<String, Object>> history(LedgerIdentity identity, String id) {
        return ledger.evaluate(identity, "footprint:history", List.of(uuid(id))).flatMap(payload -> {
            List<Map<String, Object>> entries = LedgerJson.read(payload, new TypeReference<List<Map<String, Object>>>() { });
            List<Mono<Map<String, Object>>> versions = new ArrayList<>();
            for (Map<String, Object> entry : entries) {
                String txId = (String) entry.get("txId");
                versions.add(ledger.proof(txId).map(p -> {
                    Map<String, Object> v = new LinkedHashMap<>();
                    @SuppressWarnings("unchecked")
                    Map<String, Object> record = (Map<String, Object>) entry.get("record");
                    v.put("version", record == null ? null : record.get("version"));
                    v.put("status", record == null ? null : record.get("status"));
                    v.put("txId", txId);
                    v.put("timestamp", entry.get("timestamp"));
                    v.put("blockNumber", p.blockNumber());
                    v.put("record", record);
                    return v;
                }));
            }
            return Mono.zip(versions, arr -> {
                List<Object> list = List.of(arr);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("id", id);
                body.put("versions", list);
                return body;
            });
        });
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("body", "is empty; send a PACT ProductFootprint as JSON");
        }
        try {
            return CanonicalJson.mapper().readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("body", "is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
    }

    /** Fills what the registry assigns: the id, the creation time, the status and the spec version. */
    private static ObjectNode normalise(ObjectNode pf) {
        if (!pf.hasNonNull("id")) {
            pf.put("id", UUID.randomUUID().toString());
        }
        if (!pf.hasNonNull("created")) {
            pf.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        }
        pf.put("status", "Active");
        if (!pf.hasNonNull("specVersion")) {
            pf.put("specVersion", "3.0.0");
        }
        return pf;
    }

    private static FootprintSubmission submission(ObjectNode pf, String hash, List<CertificateRange> certificates,
                                                  String consumedMwh) {
        JsonNode pcf = pf.get("pcf");
        JsonNode data = tanjiData(pf);
        Map<String, String> stages = new java.util.TreeMap<>();
        if (data.has("lifecycleStages")) {
            data.get("lifecycleStages").fields().forEachRemaining(e -> stages.put(e.getKey(), e.getValue().asText()));
        }
        String geography = pcf.hasNonNull("geographyCountrySubdivision") ? pcf.get("geographyCountrySubdivision").asText()
                : pcf.hasNonNull("geographyCountry") ? pcf.get("geographyCountry").asText()
                : pcf.get("geographyRegionOrSubregion").asText().replace(' ', '-');
        return new FootprintSubmission(pf.get("id").asText(), hash, data.get("productCategory").asText(),
                pf.get("productNameCompany").asText(), pf.get("companyName").asText(), strings(pf.get("productIds")),
                strings(pf.get("companyIds")), pcf.get("declaredUnitOfMeasurement").asText(),
                pcf.get("declaredUnitAmount").asText(), pcf.get("pcfExcludingBiogenicUptake").asText(),
                pcf.get("pcfIncludingBiogenicUptake").asText(), pcf.get("referencePeriodStart").asText(),
                pcf.get("referencePeriodEnd").asText(), geography, strings(pcf.get("crossSectoralStandards")),
                strings(pf.get("precedingPfIds")), stages, data.path("claimReduction").asBoolean(false) ? Boolean.TRUE : null,
                certificates, consumedMwh);
    }

    private static JsonNode tanjiData(JsonNode pf) {
        for (JsonNode e : pf.get("extensions")) {
            if (TanjiExtension.isTanji(e.path("dataSchema").asText(null))) {
                return e.get("data");
            }
        }
        throw new IllegalStateException("validated footprint lost its Tanji extension");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    static String uuid(String id) {
        try {
            UUID parsed = UUID.fromString(id);
            if (!parsed.toString().equals(id)) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no footprint " + id + " (ids are lower-case UUIDs)");
        }
    }

}
