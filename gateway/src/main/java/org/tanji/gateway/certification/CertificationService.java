package org.tanji.gateway.certification;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.stereotype.Service;
import org.tanji.chaincode.certification.DecisionRequest;
import org.tanji.chaincode.certification.LabelRecord;
import org.tanji.gateway.config.PublicUrls;
import org.tanji.gateway.label.QrTexts;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.ledger.LedgerIdentity;
import org.tanji.gateway.ledger.LedgerJson;
import org.tanji.gateway.problem.ApiException;
import org.tanji.gateway.problem.FieldError;
import org.tanji.gateway.signing.SigningKeys;

import com.fasterxml.jackson.databind.JsonNode;

import reactor.core.publisher.Mono;

/** Records certification decisions on the ledger; a grant issues a new label. */
@Service
public class CertificationService {
    private static final Set<String> DECISIONS = Set.of("GRANTED", "SUSPENDED", "REVOKED", "RENEWED");
    private final Ledger ledger;
    private final PublicUrls urls;
    private final SigningKeys keys;
    private final QrTexts qrTexts;

    public CertificationService(Ledger ledger, PublicUrls urls, SigningKeys keys, QrTexts qrTexts) {
        this.ledger = ledger;
        this.urls = urls;
        this.keys = keys;
        this.qrTexts = qrTexts;
    }

    /**
     * The answer to a decision: the label as it now stands and where the transaction sits.
     * {@code qrText} is the signed text to print in the label's QR code (on a grant).
     */
    public record Decided(String labelId, String verifyUrl, String qrText, String footprintId, String decision,
                          String status, String grade, String validUntil, int version, String txId, long blockNumber) {
    }

    public Mono<Decided> decide(LedgerIdentity identity, JsonNode body) {
        DecisionRequest request = request(body);
        List<String> args = List.of(LedgerJson.json(request));
        boolean grant = "GRANTED".equals(request.decision());
        // A grant records the certifier's active signing key, so a certifier gets one on first need:
        // only once the contract refused for that reason alone, so a refused grant writes nothing.
        return ledger.submit(identity, "certification:decide", args)
                .onErrorResume(ChaincodeRejection.class, e -> grant && keys.lacksActiveKey(e)
                        ? keys.ensureActive(identity).then(ledger.submit(identity, "certification:decide", args))
                        : Mono.error(e))
                .flatMap(tx -> {
                    LabelRecord label = LedgerJson.read(tx.payload(), LabelRecord.class);
                    // The grant is committed whatever happens here; a label this registry cannot sign gets no text.
                    Mono<String> qrText = grant ? qrTexts.label(label).onErrorResume(ApiException.class, e -> Mono.empty())
                            : Mono.empty();
                    return qrText.map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty()).map(qr -> new Decided(
                            label.labelId(), urls.verifyUrl(label.labelId()), qr.orElse(null), label.footprintId(),
                            label.decision(), label.status(), label.grade(), label.validUntil(), label.version(), tx.txId(),
                            tx.blockNumber()));
                });
    }

    private static DecisionRequest request(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body", "must be a JSON object");
        }
        String decision = text(body, "decision", errors, true);
        if (decision != null && !DECISIONS.contains(decision.toUpperCase(Locale.ROOT))) {
            errors.add(new FieldError("decision", "must be one of GRANTED, SUSPENDED, REVOKED, RENEWED; got \"" + decision + "\""));
        }
        String footprintId = text(body, "footprintId", errors, false);
        String labelId = text(body, "labelId", errors, false);
        String grade = text(body, "grade", errors, false);
        String validUntil = text(body, "validUntil", errors, false);
        String reason = text(body, "reason", errors, false);
        String gtin = text(body, "gtin", errors, false);
        if (body.has("serials")) {
            errors.add(new FieldError("serials", "serialized units are issued after the grant, in batches of up to 100,000:"
                    + " POST /api/v1/labels/{labelId}/units"));
        }
        boolean grant = "GRANTED".equalsIgnoreCase(decision);
        if (grant) {
            if (footprintId == null) {
                errors.add(new FieldError("footprintId", "is required to grant a certification"));
            }
            // Without a grade the contract takes it from the benchmark valid today, or refuses
            // (NO_BENCHMARK, 422) when none applies.
            if (validUntil == null) {
                errors.add(new FieldError("validUntil", "is required to grant a certification"));
            }
            if (labelId != null) {
                errors.add(new FieldError("labelId", "is assigned by the registry when a certification is granted"));
            }
            labelId = LabelIds.next();
        } else if (decision != null) {
            if (labelId == null && footprintId == null) {
                errors.add(new FieldError("labelId", "labelId or footprintId is required"));
            }
            if (reason == null) {
                errors.add(new FieldError("reason", "is required for " + decision.toUpperCase(Locale.ROOT)));
            }
            if ("RENEWED".equalsIgnoreCase(decision) && validUntil == null) {
                errors.add(new FieldError("validUntil", "is required to renew a certification"));
            }
        }
        if (validUntil != null) {
            try {
                java.time.Instant.parse(validUntil);
            } catch (java.time.format.DateTimeParseException e) {
                errors.add(new FieldError("validUntil", "must be an RFC 3339 date-time like 2027-12-31T00:00:00Z"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        return new DecisionRequest(decision.toUpperCase(Locale.ROOT), footprintId, labelId, grade, validUntil, reason,
                gtin);
    }

    private static String text(JsonNode body, String field, List<FieldError> errors, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            errors.add(new FieldError(field, "must be a non-empty string"));
            return null;
        }
        return v.asText();
    }
}
