package org.tanji.gateway.greencert;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.tanji.chaincode.footprint.FootprintRecord;
import org.tanji.chaincode.greencert.CertificateRange;
import org.tanji.chaincode.greencert.ClaimRecord;
import org.tanji.chaincode.greencert.ClaimRequest;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.calculation.CalculationService;
import org.tanji.gateway.calculation.Calculator;
import org.tanji.gateway.footprint.FootprintService;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.LedgerJson;
import org.tanji.gateway.problem.ApiException;
import org.tanji.gateway.problem.FieldError;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import reactor.core.publisher.Mono;

/**
 * Claims certificates against a calculated footprint and reports its electricity both ways:
 * location-based (the grid factors the calculation used) and market-based, where all MWh claimed
 * against the footprint (with its calculation or later) count as zero-emission and the rest keeps
 * the grid factor (no residual mix is modelled). A claim made after recording lowers this report,
 * not the footprint's recorded total.
 */
@Service
public class GreenCertificateService {
    private final Ledger ledger;
    private final FootprintService footprints;

    public GreenCertificateService(Ledger ledger, FootprintService footprints) {
        this.ledger = ledger;
        this.footprints = footprints;
    }

    public Mono<Map<String, Object>> claim(LedgerIdentity identity, JsonNode body) {
        ClaimRequest request = request(body);
        // The contract reads the cap from the footprint's ledger record, and refuses (NO_CONSUMPTION)
        // a footprint that has none; nothing the gateway knows goes into the check.
        return ledger.submit(identity, "greencert:claim", List.of(CanonicalJson.string(request)))
                .flatMap(tx -> electricity(identity, request.footprintId()).flatMap(consumed -> report(identity, consumed))
                        .map(report -> {
                            Map<String, Object> answer = new LinkedHashMap<>();
                            answer.put("claim", LedgerJson.plain(tx.payload()));
                            answer.put("txId", tx.txId());
                            answer.put("blockNumber", tx.blockNumber());
                            answer.put("electricity", report);
                            return answer;
                        }));
    }

    public Mono<Map<String, Object>> claimsOf(LedgerIdentity identity, String footprintId) {
        return electricity(identity, footprintId).flatMap(consumed -> claims(identity, footprintId)
                .zipWith(report(identity, consumed)).map(t -> {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("footprintId", footprintId);
                    answer.put("claims", t.getT1());
                    answer.put("electricity", t.getT2());
                    return answer;
                }));
    }

    /**
     * A footprint's electricity: what its ledger record says it consumed (the claims' cap), and the
     * location-based figure of its calculation, from the hash-checked document ({@code null} if the
     * document carries none).
     */
    private record Consumed(String footprintId, String consumedMwh, String locationBasedKgCO2e) {
    }

    private Mono<Consumed> electricity(LedgerIdentity identity, String footprintId) {
        return footprints.get(identity, footprintId).flatMap(found -> {
            FootprintRecord record = (FootprintRecord) found.get("record");
            if (record.consumedMwh() == null) {
                return Mono.error(new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "footprint " + footprintId
                        + " was not recorded from a calculation, so the ledger holds no electricity it consumed;"
                        + " record it with POST /api/v1/calculations first",
                        List.of(new FieldError("footprintId", "has no recorded electricity consumption"))));
            }
            JsonNode document = CanonicalJson.mapper().valueToTree(found.get("document"));
            JsonNode location = CalculationService.calculationOf(document).path("electricity").path("locationBasedKgCO2e");
            return Mono.just(new Consumed(footprintId, record.consumedMwh(), location.isTextual() ? location.asText() : null));
        });
    }

    private Mono<List<Object>> claims(LedgerIdentity identity, String footprintId) {
        return ledger.evaluate(identity, "greencert:byFootprint", List.of(footprintId))
                .map(p -> LedgerJson.read(p, new TypeReference<List<Object>>() { }));
    }

    private Mono<Map<String, Object>> report(LedgerIdentity identity, Consumed consumed) {
        return ledger.evaluate(identity, "greencert:byFootprint", List.of(consumed.footprintId()))
                .map(p -> LedgerJson.read(p, new TypeReference<List<ClaimRecord>>() { }))
                .map(claims -> {
                    BigDecimal claimed = BigDecimal.ZERO;
                    for (ClaimRecord c : claims) {
                        claimed = claimed.add(new BigDecimal(c.totalMwh()));
                    }
                    Map<String, Object> report = new LinkedHashMap<>();
                    report.put("consumedMwh", consumed.consumedMwh());
                    report.put("claimedMwh", claimed.toPlainString());
                    if (consumed.locationBasedKgCO2e() != null) {
                        BigDecimal location = new BigDecimal(consumed.locationBasedKgCO2e());
                        report.put("locationBasedKgCO2e", consumed.locationBasedKgCO2e());
                        report.put("marketBasedKgCO2e", Calculator.marketBased(location, new BigDecimal(consumed.consumedMwh()),
                                claimed).toPlainString());
                    }
                    return report;
                });
    }

    private static ClaimRequest request(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body", "must be a JSON object {footprintId, certificates: [...]}");
        }
        List<FieldError> errors = new ArrayList<>();
        JsonNode id = body.get("footprintId");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            errors.add(new FieldError("footprintId", "is required"));
        }
        JsonNode certificates = body.get("certificates");
        List<CertificateRange> ranges = new ArrayList<>();
        if (certificates == null || !certificates.isArray() || certificates.isEmpty()) {
            errors.add(new FieldError("certificates", "must list at least one {issuer, serialStart, serialEnd, mwh, year}"));
        } else {
            for (int i = 0; i < certificates.size(); i++) {
                JsonNode c = certificates.get(i);
                JsonNode year = c.get("year");
                if (year != null && !year.canConvertToInt()) {
                    errors.add(new FieldError("certificates[" + i + "].year", "must be a year like 2025"));
                    continue;
                }
                ranges.add(new CertificateRange(text(c, "issuer"), text(c, "serialStart"), text(c, "serialEnd"),
                        text(c, "mwh"), year == null ? null : year.asInt()));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        // The contract checks every range field and names it (certificates[i].mwh ...).
        return new ClaimRequest(id.asText(), ranges);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
