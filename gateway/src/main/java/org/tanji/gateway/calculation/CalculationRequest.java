package org.tanji.gateway.calculation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.tanji.chaincode.footprint.LifecycleStage;
import org.tanji.chaincode.greencert.CertificateRange;
import org.tanji.chaincode.support.Check;
import org.tanji.gateway.factor.ActivityUnits;
import org.tanji.gateway.problem.ApiException;
import org.tanji.gateway.problem.FieldError;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A calculation as asked, every field checked and named on failure ({@code stages[1].inputs[4].quantity}).
 * Quantities and decimals travel as strings, as everywhere in the API.
 *
 * @param id the footprint id to record under (optional; lower-case UUID)
 * @param certificates green certificates a market-based calculation counts (and, recorded, claims)
 * @param product what a recorded footprint needs besides the figures; {@code null} unless {@code record}
 * @param claimReduction whether the recorded footprint claims a reduction against its one preceding footprint
 */
public record CalculationRequest(
        String id,
        String productName,
        Amount declaredUnit,
        SetRef factorSet,
        Instant referencePeriodStart,
        Instant referencePeriodEnd,
        List<Stage> stages,
        Allocation allocation,
        String electricityMethod,
        List<CertificateRange> certificates,
        boolean record,
        Product product,
        boolean claimReduction) {

    static final int MAX_INPUTS = 100_000;
    private static final Pattern DECIMAL = Pattern.compile("^[+-]?\\d+(\\.\\d+)?$");
    static final Set<String> ALLOCATIONS = Set.of("mass", "economic", "physical");
    static final Set<String> ELECTRICITY = Set.of("location", "market");

    /** An amount of a declared unit; {@code unit} is one of PACT's declared units. */
    public record Amount(BigDecimal amount, String unit) {
    }

    /** The factor-set version a calculation names; it must be anchored. */
    public record SetRef(String name, String version) {
    }

    /** One GB/T 24067 lifecycle stage and its inputs. */
    public record Stage(String stage, List<Input> inputs) {
    }

    /**
     * One line of activity data: exactly one of {@code factorCode} and {@code supplierFootprintId}.
     *
     * @param field where it sits in the request, for messages
     * @param primaryData whether the activity data is the company's own measurement (PACT primary data)
     * @param dqr PACT data-quality ratings 1 (best) to 3: technological, temporal, geographical; or {@code null}
     */
    public record Input(String field, String description, BigDecimal quantity, String unit, String factorCode,
                        String supplierFootprintId, boolean primaryData, BigDecimal[] dqr) {
    }

    /** The share of the process's emissions allocated to this product. */
    public record Allocation(String method, BigDecimal share) {
    }

    /** What recording the footprint needs besides the figures (PACT's product and company fields). */
    public record Product(String productCategory, List<String> productIds, String companyName, List<String> companyIds,
                          String geography, BigDecimal productMassPerDeclaredUnit, List<String> precedingPfIds) {
    }

    /** Every supplier footprint the request names directly, in order of first mention. */
    public List<String> supplierIds() {
        Set<String> seen = new java.util.LinkedHashSet<>();
        for (Stage s : stages) {
            for (Input i : s.inputs()) {
                if (i.supplierFootprintId() != null) {
                    seen.add(i.supplierFootprintId());
                }
            }
        }
        return List.copyOf(seen);
    }

    static CalculationRequest read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body", "must be a JSON object");
        }
        Reader r = new Reader();
        String id = r.text(body, "id", "id", false);
        if (id != null && !Check.isUuid(id)) {
            r.error("id", "must be a lower-case UUID");
        }
        String productName = r.text(body, "productName", "productName", true);
        JsonNode du = r.object(body, "declaredUnit", true);
        Amount declared = null;
        if (du != null) {
            BigDecimal amount = r.positive(du, "amount", "declaredUnit.amount");
            String unit = r.text(du, "unit", "declaredUnit.unit", true);
            if (unit != null && !ActivityUnits.PACT_DECLARED_UNITS.contains(unit)) {
                r.error("declaredUnit.unit", "must be one of PACT's declared units " + ActivityUnits.PACT_DECLARED_UNITS
                        + ", got \"" + unit + "\"");
            }
            declared = new Amount(amount, unit);
        }
        JsonNode fs = r.object(body, "factorSet", true);
        SetRef set = fs == null ? null : new SetRef(r.text(fs, "name", "factorSet.name", true),
                r.text(fs, "version", "factorSet.version", true));
        JsonNode period = r.object(body, "referencePeriod", true);
        Instant start = null;
        Instant end = null;
        if (period != null) {
            start = r.instant(period, "start", "referencePeriod.start");
            end = r.instant(period, "end", "referencePeriod.end");
            if (start != null && end != null && !start.isBefore(end)) {
                r.error("referencePeriod.end", "must be after referencePeriod.start");
            }
        }
        List<Stage> stages = r.stages(body.get("stages"));
        Allocation allocation = null;
        JsonNode alloc = r.object(body, "allocation", false);
        if (alloc != null) {
            String method = r.text(alloc, "method", "allocation.method", true);
            if (method != null && !ALLOCATIONS.contains(method)) {
                r.error("allocation.method", "must be one of " + ALLOCATIONS + ", got \"" + method + "\"");
            }
            BigDecimal share = r.positive(alloc, "share", "allocation.share");
            if (share != null && share.compareTo(BigDecimal.ONE) > 0) {
                r.error("allocation.share", "must be a fraction greater than 0 and at most 1, got " + share.toPlainString());
            }
            allocation = new Allocation(method, share);
        }
        String electricity = "location";
        List<CertificateRange> certificates = List.of();
        JsonNode el = r.object(body, "electricity", false);
        if (el != null) {
            electricity = r.text(el, "method", "electricity.method", true);
            if (electricity != null && !ELECTRICITY.contains(electricity)) {
                r.error("electricity.method", "must be location or market, got \"" + electricity + "\"");
            }
            certificates = r.certificates(el.get("certificates"));
            if (!certificates.isEmpty() && !"market".equals(electricity)) {
                r.error("electricity.certificates", "certificates count only in a market-based calculation;"
                        + " set electricity.method to market");
            }
        }
        JsonNode recordNode = body.get("record");
        if (recordNode != null && !recordNode.isBoolean()) {
            r.error("record", "must be true or false");
        }
        boolean record = recordNode != null && recordNode.asBoolean();
        Product product = record ? r.product(body) : null;
        JsonNode claimReduction = body.get("claimReduction");
        if (claimReduction != null && !claimReduction.isBoolean()) {
            r.error("claimReduction", "must be true or false");
        } else if (claimReduction != null && claimReduction.asBoolean()
                && (product == null || product.precedingPfIds().isEmpty())) {
            r.error("claimReduction", "a reduction is claimed by a recorded footprint against the one its precedingPfIds"
                    + " names; send \"record\": true and precedingPfIds");
        }
        if (id != null && !record) {
            r.error("id", "is only meaningful with \"record\": true");
        }
        r.throwIfAny();
        return new CalculationRequest(id, productName, declared, set, start, end, stages, allocation, electricity,
                certificates, record, product, claimReduction != null && claimReduction.asBoolean());
    }

    /** Collects every complaint before answering, so a caller fixes a request in one round. */
    private static final class Reader {
        private final List<FieldError> errors = new ArrayList<>();
        private int inputs;

        void error(String field, String message) {
            if (errors.size() < 100) {
                errors.add(new FieldError(field, message));
            }
        }

        void throwIfAny() {
            if (!errors.isEmpty()) {
                throw ApiException.badRequest(errors);
            }
        }

        String text(JsonNode node, String name, String field, boolean required) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                if (required) {
                    error(field, "is required");
                }
                return null;
            }
            if (!v.isTextual() || v.asText().isBlank()) {
                error(field, "must be a non-empty string");
                return null;
            }
            return v.asText();
        }

        JsonNode object(JsonNode node, String name, boolean required) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                if (required) {
                    error(name, "is required");
                }
                return null;
            }
            if (!v.isObject()) {
                error(name, "must be an object");
                return null;
            }
            return v;
        }

        BigDecimal decimal(JsonNode node, String name, String field) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                error(field, "is required");
                return null;
            }
            if (!v.isTextual() || !DECIMAL.matcher(v.asText()).matches()) {
                error(field, "must be a decimal string like \"12.5\", got " + v);
                return null;
            }
            return new BigDecimal(v.asText());
        }

        BigDecimal positive(JsonNode node, String name, String field) {
            BigDecimal d = decimal(node, name, field);
            if (d != null && d.signum() <= 0) {
                error(field, "must be greater than zero, got " + d.toPlainString());
                return null;
            }
            return d;
        }

        Instant instant(JsonNode node, String name, String field) {
            String s = text(node, name, field, true);
            if (s == null) {
                return null;
            }
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                error(field, "must be an RFC 3339 date-time like 2025-01-01T00:00:00Z, got \"" + s + "\"");
                return null;
            }
        }

        List<Stage> stages(JsonNode stages) {
            if (stages == null || !stages.isArray() || stages.isEmpty()) {
                error("stages", "must list at least one lifecycle stage with its inputs");
                return List.of();
            }
            List<Stage> out = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int s = 0; s < stages.size(); s++) {
                JsonNode stage = stages.get(s);
                String at = "stages[" + s + "]";
                if (!stage.isObject()) {
                    error(at, "must be an object {stage, inputs}");
                    continue;
                }
                String name = text(stage, "stage", at + ".stage", true);
                if (name != null && !LifecycleStage.wireNames().contains(name)) {
                    error(at + ".stage", "must be one of " + LifecycleStage.wireNames() + ", got \"" + name + "\"");
                } else if (name != null && !seen.add(name)) {
                    error(at + ".stage", "\"" + name + "\" is listed twice; put all its inputs in one entry");
                }
                JsonNode inputs = stage.get("inputs");
                if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
                    error(at + ".inputs", "must list at least one input");
                    continue;
                }
                List<Input> list = new ArrayList<>(inputs.size());
                for (int i = 0; i < inputs.size(); i++) {
                    if (++this.inputs > MAX_INPUTS) {
                        error(at + ".inputs", "a calculation has at most " + MAX_INPUTS + " inputs");
                        return out;
                    }
                    Input input = input(inputs.get(i), at + ".inputs[" + i + "]");
                    if (input != null) {
                        list.add(input);
                    }
                }
                out.add(new Stage(name, List.copyOf(list)));
            }
            return List.copyOf(out);
        }

        Input input(JsonNode in, String at) {
            if (!in.isObject()) {
                error(at, "must be an object {description, quantity, unit, factorCode | supplierFootprintId}");
                return null;
            }
            String description = text(in, "description", at + ".description", false);
            BigDecimal quantity = positive(in, "quantity", at + ".quantity");
            String unit = text(in, "unit", at + ".unit", true);
            if (unit != null) {
                try {
                    ActivityUnits.parse(unit);
                } catch (IllegalArgumentException e) {
                    error(at + ".unit", e.getMessage());
                }
            }
            String factorCode = text(in, "factorCode", at + ".factorCode", false);
            String supplier = text(in, "supplierFootprintId", at + ".supplierFootprintId", false);
            if ((factorCode == null) == (supplier == null)) {
                error(at, "needs exactly one of factorCode and supplierFootprintId");
            }
            if (supplier != null && !Check.isUuid(supplier)) {
                error(at + ".supplierFootprintId", "must be a lower-case UUID");
            }
            JsonNode primary = in.get("primaryData");
            if (primary != null && !primary.isBoolean()) {
                error(at + ".primaryData", "must be true or false");
            }
            BigDecimal[] dqr = null;
            JsonNode q = in.get("dqi");
            if (q != null) {
                dqr = new BigDecimal[3];
                String[] names = {"technologicalDQR", "temporalDQR", "geographicalDQR"};
                for (int k = 0; k < 3; k++) {
                    dqr[k] = decimal(q, names[k], at + ".dqi." + names[k]);
                    if (dqr[k] != null && (dqr[k].compareTo(BigDecimal.ONE) < 0 || dqr[k].compareTo(BigDecimal.valueOf(3)) > 0)) {
                        error(at + ".dqi." + names[k], "must be between 1 and 3");
                    }
                }
            }
            return new Input(at, description, quantity, unit, factorCode, supplier, primary != null && primary.asBoolean(), dqr);
        }

        Product product(JsonNode body) {
            String category = text(body, "productCategory", "productCategory", true);
            List<String> productIds = strings(body, "productIds", true);
            String companyName = text(body, "companyName", "companyName", true);
            List<String> companyIds = strings(body, "companyIds", true);
            String geography = text(body, "geography", "geography", true);
            BigDecimal mass = null;
            if (body.has("productMassPerDeclaredUnit")) {
                mass = decimal(body, "productMassPerDeclaredUnit", "productMassPerDeclaredUnit");
            } else {
                error("productMassPerDeclaredUnit", "is required to record the footprint (kg per declared unit)");
            }
            List<String> preceding = strings(body, "precedingPfIds", false);
            return new Product(category, productIds, companyName, companyIds, geography, mass, preceding);
        }

        /**
         * The certificates a market-based calculation counts, their shape only: the contract
         * ({@code greencert:check}) checks serials, MWh against serials, years and earlier claims.
         */
        List<CertificateRange> certificates(JsonNode list) {
            if (list == null || list.isNull()) {
                return List.of();
            }
            if (!list.isArray() || list.isEmpty()) {
                error("electricity.certificates", "must list at least one {issuer, serialStart, serialEnd, mwh, year}");
                return List.of();
            }
            List<CertificateRange> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                String at = "electricity.certificates[" + i + "]";
                JsonNode c = list.get(i);
                if (!c.isObject()) {
                    error(at, "must be an object {issuer, serialStart, serialEnd, mwh, year}");
                    continue;
                }
                JsonNode year = c.get("year");
                if (year == null || !year.canConvertToInt()) {
                    error(at + ".year", "must be a year like 2025");
                    continue;
                }
                BigDecimal mwh = positive(c, "mwh", at + ".mwh");
                String issuer = text(c, "issuer", at + ".issuer", true);
                String start = text(c, "serialStart", at + ".serialStart", true);
                String end = text(c, "serialEnd", at + ".serialEnd", true);
                if (mwh != null && issuer != null && start != null && end != null) {
                    out.add(new CertificateRange(issuer, start, end, mwh.toPlainString(), year.asInt()));
                }
            }
            return List.copyOf(out);
        }

        List<String> strings(JsonNode body, String name, boolean required) {
            JsonNode v = body.get(name);
            if (v == null || v.isNull()) {
                if (required) {
                    error(name, "is required to record the footprint");
                }
                return List.of();
            }
            List<String> out = new ArrayList<>();
            if (!v.isArray()) {
                error(name, "must be an array of strings");
                return out;
            }
            v.forEach(e -> out.add(e.asText()));
            return out;
        }
    }

    /**
     * A request that parses but cannot be calculated (an unknown factor code, a unit of the wrong
     * dimension, a supplier cycle): 422, naming every input concerned.
     */
    static ApiException unprocessable(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " inputs cannot be calculated";
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, detail, errors);
    }
}
