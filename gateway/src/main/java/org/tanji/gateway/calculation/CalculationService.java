package org.tanji.gateway.calculation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.tanji.chaincode.footprint.FootprintRecord;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.config.PublicUrls;
import org.tanji.gateway.factor.FactorIndex;
import org.tanji.gateway.factor.FactorSetRegistry;
import org.tanji.gateway.footprint.FootprintService;
import org.tanji.gateway.footprint.TanjiExtension;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.LedgerJson;
import org.tanji.gateway.problem.ApiException;
import org.tanji.gateway.problem.FieldError;
import org.tanji.gateway.store.DocumentStore;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs calculations: reads the anchored factor set and every supplier footprint the request
 * reaches (down the whole supply chain, for the cycle check), calculates, and with
 * {@code "record": true} records the result through {@link FootprintService}, the same path as a
 * submitted footprint, with the calculation (request, provenance, resultHash) in Tanji's extension.
 * Nothing is written before every check has passed.
 */
@Service
public class CalculationService {
    /** Bounds the supply-chain walk, so one request cannot make the registry read the whole ledger. */
    static final int MAX_CHAIN = 100_000;
    private final Ledger ledger;
    private final DocumentStore documents;
    private final FactorSetRegistry factorSets;
    private final FootprintService footprints;
    private final PublicUrls urls;

    public CalculationService(Ledger ledger, DocumentStore documents, FactorSetRegistry factorSets,
                              FootprintService footprints, PublicUrls urls) {
        this.ledger = ledger;
        this.documents = documents;
        this.factorSets = factorSets;
        this.footprints = footprints;
        this.urls = urls;
    }

    /** The answer: the calculation's fields, plus {@code footprint} when it was recorded. */
    public Mono<Map<String, Object>> calculate(LedgerIdentity identity, String body) {
        JsonNode json = parse(body);
        CalculationRequest request = CalculationRequest.read(json);
        return compute(identity, request, true, Map.of()).flatMap(calculation -> {
            Map<String, Object> answer = CanonicalJson.mapper().convertValue(calculation, new TypeReference<LinkedHashMap<String, Object>>() { });
            if (!request.record()) {
                return Mono.just(answer);
            }
            String document = CanonicalJson.string(footprintDocument(request, calculation, (ObjectNode) json));
            return footprints.submit(identity, document, request.certificates().isEmpty() ? null : request.certificates(),
                    calculation.electricity().consumedMwh()).map(recorded -> {
                answer.put("footprint", recorded);
                return answer;
            });
        });
    }

    /** Recalculates a recorded footprint from the request its document keeps, and compares the hashes. */
    public Mono<Map<String, Object>> recompute(LedgerIdentity identity, String footprintId) {
        return footprints.get(identity, footprintId).flatMap(found -> {
            JsonNode document = CanonicalJson.mapper().valueToTree(found.get("document"));
            JsonNode calculation = calculationOf(document);
            if (!calculation.has("request")) {
                return Mono.error(new ApiException(HttpStatus.CONFLICT, "footprint " + footprintId
                        + " was submitted, not calculated by this registry; there is nothing to recompute"));
            }
            ObjectNode original = calculation.get("request").deepCopy();
            original.remove("record");
            original.remove("id");
            original.remove("claimReduction");
            CalculationRequest request = CalculationRequest.read(original);
            // Each supplier footprint as the calculation read it, not as it is now: a supplier may
            // have been replaced since (its record then says Deprecated, and hashes differently).
            Map<String, String> pinned = new LinkedHashMap<>();
            calculation.path("provenance").path("supplierFootprints")
                    .forEach(s -> pinned.put(s.path("id").asText(), s.path("recordHash").asText()));
            // The certificates were checked and claimed when the footprint was recorded; they are its own now.
            return compute(identity, request, false, pinned).map(c -> {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("footprintId", footprintId);
                answer.put("recordedResultHash", calculation.path("resultHash").asText());
                answer.put("recomputedResultHash", c.resultHash());
                answer.put("matches", c.resultHash().equals(calculation.path("resultHash").asText()));
                answer.put("total", c.total());
                return answer;
            });
        });
    }

    /**
     * @param checkCertificates whether to ask the ledger that the certificates are sound and unclaimed
     * @param pinned supplier footprint id to the hash of the ledger record version to use instead of
     *     the current one (a recomputation uses the versions its provenance names); empty for a new calculation
     */
    Mono<Calculation> compute(LedgerIdentity identity, CalculationRequest request, boolean checkCertificates,
                              Map<String, String> pinned) {
        Mono<FactorIndex.Indexed> set = factorSets.set(request.factorSet().name(), request.factorSet().version())
                .onErrorMap(ApiException.class, e -> e.status() == HttpStatus.NOT_FOUND
                        ? CalculationRequest.unprocessable(List.of(new FieldError("factorSet", e.getMessage()))) : e);
        Mono<Boolean> certificates = !checkCertificates || request.certificates().isEmpty() ? Mono.just(true)
                : ledger.evaluate(identity, "greencert:check", List.of(CanonicalJson.string(Map.of("certificates",
                        request.certificates(), "referencePeriodStart", request.referencePeriodStart().toString(),
                        "referencePeriodEnd", request.referencePeriodEnd().toString()))))
                        .thenReturn(true).onErrorMap(ChaincodeRejection.class, CalculationService::certificateField);
        return certificates.then(set.zipWith(supplyChain(identity, request, pinned))).map(t -> {
            Map<String, SupplierFootprint> chain = t.getT2();
            refuseCycles(request, chain);
            return Calculator.calculate(request, t.getT1().set(), t.getT1().documentHash(), chain);
        });
    }

    /** The contract names {@code certificates[i].mwh}; in a calculation they sit under {@code electricity}. */
    private static Throwable certificateField(ChaincodeRejection e) {
        if ("ALREADY_CLAIMED".equals(e.code())) {
            // Still the contract's refusal (409, its code), naming electricity.certificates[i].
            return new ChaincodeRejection(e.code(), "electricity." + e.getMessage());
        }
        boolean outside = "OUTSIDE_REFERENCE_PERIOD".equals(e.code());
        if (!"INVALID_ARGUMENT".equals(e.code()) && !outside) {
            return e;
        }
        Matcher m = CERTIFICATE_FIELD.matcher(e.getMessage());
        String field = m.find() ? "electricity." + m.group(1) : "electricity.certificates";
        // A year outside the reference period is well-formed input that does not fit this calculation.
        return outside ? CalculationRequest.unprocessable(List.of(new FieldError(field, "electricity." + e.getMessage())))
                : ApiException.badRequest(field, "electricity." + e.getMessage());
    }

    private static final Pattern CERTIFICATE_FIELD = Pattern.compile("^(certificates\\[\\d+\\](?:\\.[A-Za-z]+)?)");

    /** Every footprint reachable from the request's supplier inputs, by id. */
    private Mono<Map<String, SupplierFootprint>> supplyChain(LedgerIdentity identity, CalculationRequest request,
                                                             Map<String, String> pinned) {
        Map<String, SupplierFootprint> found = new ConcurrentHashMap<>();
        Set<String> asked = ConcurrentHashMap.newKeySet();
        if (request.id() != null) {
            // The footprint being recorded does not exist yet; naming it is the cycle the check reports.
            asked.add(request.id());
        }
        List<String> first = request.supplierIds().stream().filter(asked::add).toList();
        // Expands over footprints already read, not over ids: a footprint's inputs are known only
        // once its document is in, and a walk over ids would stop after the first level.
        return Flux.fromIterable(first)
                .concatMap(id -> supplier(identity, request, id, pinned.get(id)))
                .expand(s -> {
                    found.put(s.id(), s);
                    if (asked.size() > MAX_CHAIN) {
                        return Flux.empty();
                    }
                    return Flux.fromIterable(s.inputs()).filter(asked::add)
                            .concatMap(id -> supplier(identity, request, id, pinned.get(id)));
                })
                .then(Mono.fromSupplier(() -> {
                    if (asked.size() > MAX_CHAIN) {
                        throw CalculationRequest.unprocessable(List.of(new FieldError("stages", "the supply chain behind the "
                                + "supplier inputs has more than " + MAX_CHAIN + " footprints")));
                    }
                    return (Map<String, SupplierFootprint>) found;
                }));
    }

    /** @param recordHash the ledger record version to read, or {@code null} for the current one */
    private Mono<SupplierFootprint> supplier(LedgerIdentity identity, CalculationRequest request, String id, String recordHash) {
        Mono<byte[]> read = recordHash == null ? ledger.evaluate(identity, "footprint:get", List.of(id))
                : version(identity, request, id, recordHash);
        return read
                .onErrorResume(ChaincodeRejection.class, e -> "NOT_FOUND".equals(e.code()) && !request.supplierIds().contains(id)
                        // A footprint deeper in the chain names an input that was never recorded: it
                        // cannot close a cycle, so the walk just stops there.
                        ? Mono.empty() : Mono.error(e))
                .onErrorMap(ChaincodeRejection.class, e -> CalculationRequest.unprocessable(List.of(new FieldError(
                        fieldOf(request, id), e.getMessage()))))
                .flatMap(payload -> {
                    FootprintRecord record = LedgerJson.read(payload, FootprintRecord.class);
                    return documents.get(record.documentHash()).map(doc -> {
                        JsonNode document = LedgerJson.tree(doc.content());
                        JsonNode share = document.path("pcf").get("primaryDataShare");
                        List<String> inputs = new ArrayList<>();
                        calculationOf(document).path("provenance").path("supplierFootprints")
                                .forEach(s -> inputs.add(s.path("id").asText()));
                        return new SupplierFootprint(record.id(), record.status(), record.supersededBy(), record.documentHash(),
                                LedgerJson.recordHash(payload), new BigDecimal(record.value()), record.declaredUnit(),
                                share == null || !share.isTextual() ? null : new BigDecimal(share.asText()), List.copyOf(inputs));
                    });
                });
    }

    /**
     * The version of a footprint's ledger record whose hash is {@code recordHash}, from the
     * record's history, as {@code footprint:get} answered it then; a 422 naming the input when the
     * history holds no such version (the calculation's provenance does not match the ledger).
     */
    private Mono<byte[]> version(LedgerIdentity identity, CalculationRequest request, String id, String recordHash) {
        return ledger.evaluate(identity, "footprint:history", List.of(id)).flatMap(payload -> {
            for (JsonNode entry : LedgerJson.tree(payload)) {
                if (!entry.path("record").isObject()) {
                    continue;
                }
                // Re-serialised the way footprint:get answers, so the hash compares like for like.
                byte[] answer = CanonicalJson.bytes(CanonicalJson.mapper().convertValue(entry.get("record"), FootprintRecord.class));
                if (LedgerJson.recordHash(answer).equals(recordHash)) {
                    return Mono.just(answer);
                }
            }
            return Mono.error(CalculationRequest.unprocessable(List.of(new FieldError(fieldOf(request, id), "footprint " + id
                    + " has no ledger version with record hash " + recordHash + ", the one this calculation recorded"))));
        });
    }

    private static void refuseCycles(CalculationRequest request, Map<String, SupplierFootprint> chain) {
        String root = request.id() == null ? "(this calculation)" : request.id();
        List<String> cycle = SupplyChain.cycle(root, id -> id.equals(root) ? request.supplierIds()
                : chain.containsKey(id) ? chain.get(id).inputs() : List.of());
        if (!cycle.isEmpty()) {
            String entry = cycle.get(0).equals(root) && cycle.size() > 1 ? cycle.get(1) : cycle.get(0);
            throw CalculationRequest.unprocessable(List.of(new FieldError(fieldOf(request, entry),
                    "the supplier footprints form a cycle: " + String.join(" -> ", cycle))));
        }
    }

    /** The field of the first input naming {@code supplierId}, or {@code stages} if none does directly. */
    private static String fieldOf(CalculationRequest request, String supplierId) {
        for (CalculationRequest.Stage s : request.stages()) {
            for (CalculationRequest.Input i : s.inputs()) {
                if (supplierId.equals(i.supplierFootprintId())) {
                    return i.field() + ".supplierFootprintId";
                }
            }
        }
        return "stages";
    }

    /** A PACT v3 footprint carrying the calculated figures, and the calculation itself in Tanji's extension. */
    private ObjectNode footprintDocument(CalculationRequest r, Calculation c, ObjectNode original) {
        CalculationRequest.Product p = r.product();
        ObjectNode pf = CanonicalJson.mapper().createObjectNode();
        if (r.id() != null) {
            pf.put("id", r.id());
        }
        pf.put("specVersion", "3.0.0");
        pf.put("companyName", p.companyName());
        strings(pf.putArray("companyIds"), p.companyIds());
        pf.put("productDescription", r.productName());
        strings(pf.putArray("productIds"), p.productIds());
        pf.put("productNameCompany", r.productName());
        if (!p.precedingPfIds().isEmpty()) {
            strings(pf.putArray("precedingPfIds"), p.precedingPfIds());
        }
        ObjectNode pcf = pf.putObject("pcf");
        pcf.put("declaredUnitOfMeasurement", r.declaredUnit().unit());
        pcf.put("declaredUnitAmount", r.declaredUnit().amount().toPlainString());
        pcf.put("productMassPerDeclaredUnit", p.productMassPerDeclaredUnit().toPlainString());
        pcf.put("referencePeriodStart", r.referencePeriodStart().toString());
        pcf.put("referencePeriodEnd", r.referencePeriodEnd().toString());
        pcf.put(p.geography().contains("-") ? "geographyCountrySubdivision" : "geographyCountry", p.geography());
        pcf.put("pcfExcludingBiogenicUptake", c.total());
        pcf.put("pcfIncludingBiogenicUptake", c.total());
        pcf.put("fossilGhgEmissions", c.total());
        pcf.put("fossilCarbonContent", "0");
        pcf.putArray("ipccCharacterizationFactors").add("AR6");
        pcf.putArray("crossSectoralStandards").add("ISO14067").add("GB/T 24067-2024");
        pcf.put("exemptedEmissionsPercent", "0");
        pcf.put("primaryDataShare", c.dataQuality().primaryDataShare());
        if (c.dataQuality().dqi() != null) {
            ObjectNode dqi = pcf.putObject("dqi");
            dqi.put("coveragePercent", c.dataQuality().dqi().coveragePercent());
            dqi.put("technologicalDQR", c.dataQuality().dqi().technologicalDQR());
            dqi.put("temporalDQR", c.dataQuality().dqi().temporalDQR());
            dqi.put("geographicalDQR", c.dataQuality().dqi().geographicalDQR());
        }
        ObjectNode ext = pf.putArray("extensions").addObject();
        ext.put("specVersion", TanjiExtension.SPEC_VERSION);
        ext.put("dataSchema", urls.base() + TanjiExtension.SCHEMA_PATH);
        ObjectNode data = ext.putObject("data");
        data.put("productCategory", p.productCategory());
        if (r.claimReduction()) {
            data.put("claimReduction", true);
        }
        ObjectNode stages = data.putObject("lifecycleStages");
        c.byStage().forEach(stages::put);
        ObjectNode calculation = data.putObject("calculation");
        calculation.put("resultHash", c.resultHash());
        calculation.set("request", original);
        calculation.set("provenance", CanonicalJson.mapper().valueToTree(c.provenance()));
        calculation.set("electricity", CanonicalJson.mapper().valueToTree(c.electricity()));
        calculation.put("rounding", c.rounding());
        return pf;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    /** The calculation a recorded footprint's document carries, or a missing node if it was submitted, not calculated. */
    public static JsonNode calculationOf(JsonNode document) {
        return tanjiData(document).path("calculation");
    }

    static JsonNode tanjiData(JsonNode document) {
        for (JsonNode e : document.path("extensions")) {
            if (TanjiExtension.isTanji(e.path("dataSchema").asText(null))) {
                return e.path("data");
            }
        }
        return CanonicalJson.mapper().missingNode();
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("body", "is empty; send a calculation request as JSON");
        }
        try {
            return CanonicalJson.mapper().readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("body", "is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
