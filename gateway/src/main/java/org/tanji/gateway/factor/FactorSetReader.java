package org.tanji.gateway.factor;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.problem.ApiException;
import org.tanji.gateway.problem.FieldError;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a published factor set from JSON, or from CSV with the set's fields as query parameters,
 * into its canonical {@link FactorSet}. Every complaint names its field, e.g.
 * {@code factors[3].unit}, or for CSV {@code line 5: unit}.
 */
final class FactorSetReader {
    private static final Pattern DECIMAL = Pattern.compile("^[+-]?\\d+(\\.\\d+)?$");
    private static final Pattern TOKEN = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:/+-]{0,127}$");
    static final int MAX_FACTORS = 100_000;

    private final List<FieldError> errors = new ArrayList<>();

    private FactorSetReader() {
    }

    static FactorSet json(String body) {
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? null : CanonicalJson.mapper().readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("body", "is not valid JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw ApiException.badRequest("body", "must be a JSON object {name, version, publisher, source, region?, "
                    + "validFrom, validTo?, factors: [{code, description, value, unit, source?, kind?}]}");
        }
        FactorSetReader r = new FactorSetReader();
        List<String[]> rows = new ArrayList<>();
        JsonNode factors = json.get("factors");
        if (factors == null || !factors.isArray() || factors.isEmpty()) {
            r.errors.add(new FieldError("factors", "must be a non-empty array of {code, description, value, unit}"));
        } else {
            for (JsonNode f : factors) {
                rows.add(new String[] {text(f, "code"), text(f, "description"), text(f, "value"), text(f, "unit"),
                        text(f, "source"), text(f, "kind")});
            }
        }
        return r.read(text(json, "name"), text(json, "version"), text(json, "publisher"), text(json, "source"),
                text(json, "region"), text(json, "validFrom"), text(json, "validTo"), rows, i -> "factors[" + i + "].");
    }

    /**
     * A set built in code (the demo set) through the same checks and the same canonical form as a
     * published one, so its stored bytes and anchored hash are what the reader would make of it.
     */
    static FactorSet canonical(FactorSet given) {
        List<String[]> rows = new ArrayList<>();
        for (EmissionFactor f : given.factors()) {
            rows.add(new String[] {f.code(), f.description(), f.value(), f.unit(), f.source(), f.kind()});
        }
        return new FactorSetReader().read(given.name(), given.version(), given.publisher(), given.source(), given.region(),
                given.validFrom(), given.validTo(), rows, i -> "factors[" + i + "].");
    }

    /** CSV: a header naming at least code, value and unit (description, source and kind optional), then one factor per line. */
    static FactorSet csv(Map<String, String> set, String body) {
        FactorSetReader r = new FactorSetReader();
        List<List<String>> lines = Csv.parse(body == null ? "" : body);
        List<String[]> rows = new ArrayList<>();
        if (lines.isEmpty()) {
            throw ApiException.badRequest("body", "is empty; send a header line code,description,value,unit[,source] and one line per factor");
        }
        List<String> header = lines.get(0).stream().map(String::trim).toList();
        int code = header.indexOf("code");
        int value = header.indexOf("value");
        int unit = header.indexOf("unit");
        if (code < 0 || value < 0 || unit < 0) {
            throw ApiException.badRequest("line 1", "the header must name the columns code, value and unit (and may name"
                    + " description, source and kind)");
        }
        int description = header.indexOf("description");
        int source = header.indexOf("source");
        int kind = header.indexOf("kind");
        for (int i = 1; i < lines.size(); i++) {
            List<String> cells = lines.get(i);
            rows.add(new String[] {cell(cells, code), cell(cells, description), cell(cells, value), cell(cells, unit),
                    cell(cells, source), cell(cells, kind)});
        }
        if (rows.isEmpty()) {
            r.errors.add(new FieldError("body", "lists no factors"));
        }
        // Line numbers as an editor shows them: the header is line 1.
        return r.read(set.get("name"), set.get("version"), set.get("publisher"), set.get("source"), set.get("region"),
                set.get("validFrom"), set.get("validTo"), rows, i -> "line " + (i + 2) + ": ");
    }

    private FactorSet read(String name, String version, String publisher, String source, String region, String validFrom,
                           String validTo, List<String[]> rows, java.util.function.IntFunction<String> where) {
        token("name", name, true);
        token("version", version, true);
        required("publisher", publisher);
        required("source", source);
        token("region", region, false);
        LocalDate from = date("validFrom", validFrom, true);
        LocalDate to = date("validTo", validTo, false);
        if (from != null && to != null && to.isBefore(from)) {
            errors.add(new FieldError("validTo", "must not be before validFrom"));
        }
        if (rows.size() > MAX_FACTORS) {
            errors.add(new FieldError("factors", "lists " + rows.size() + " factors; at most " + MAX_FACTORS));
        }
        List<EmissionFactor> factors = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < rows.size() && errors.size() < 50; i++) {
            String[] row = rows.get(i);
            String field = where.apply(i);
            if (!token(field + "code", row[0], true)) {
                continue;
            }
            if (!codes.add(row[0])) {
                errors.add(new FieldError(field + "code", "\"" + row[0] + "\" appears twice in the set"));
            }
            boolean ok = true;
            if (row[2] == null || !DECIMAL.matcher(row[2]).matches()) {
                errors.add(new FieldError(field + "value", "must be a decimal string like \"0.5703\", got " + quoted(row[2])));
                ok = false;
            } else if (new BigDecimal(row[2]).signum() < 0) {
                errors.add(new FieldError(field + "value", "must not be negative"));
                ok = false;
            }
            ActivityUnits.FactorUnit unit = null;
            try {
                unit = ActivityUnits.factorUnit(row[3]);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(field + "unit", e.getMessage()));
                ok = false;
            }
            String kind = blankToNull(row[5]);
            if (kind != null && !EmissionFactor.KINDS.contains(kind)) {
                errors.add(new FieldError(field + "kind", "must be one of " + String.join(", ", EmissionFactor.KINDS)
                        + ", got \"" + kind + "\""));
                ok = false;
            } else if (EmissionFactor.ELECTRICITY.equals(kind) && unit != null && !unit.energy()) {
                errors.add(new FieldError(field + "kind", "electricity is measured in energy (kWh, MWh, ...), but unit "
                        + row[3] + " is per " + unit.activitySymbol()));
                ok = false;
            }
            if (ok) {
                factors.add(new EmissionFactor(row[0], blankToNull(row[1]), new BigDecimal(row[2]).stripTrailingZeros()
                        .toPlainString(), row[3], row[4] == null || row[4].isBlank() ? source : row[4], kind));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        factors.sort(Comparator.comparing(EmissionFactor::code));
        return new FactorSet(name, version, publisher, source, region, from.toString(), to == null ? null : to.toString(),
                List.copyOf(factors));
    }

    private boolean token(String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return false;
        }
        if (!TOKEN.matcher(value).matches()) {
            errors.add(new FieldError(field, "has characters that are not allowed: \"" + value + "\""));
            return false;
        }
        return true;
    }

    private void required(String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        }
    }

    private LocalDate date(String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "is required (an ISO date like 2025-01-01)"));
            }
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO date like 2025-01-01, got \"" + value + "\""));
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    private static String cell(List<String> cells, int index) {
        return index < 0 || index >= cells.size() ? null : cells.get(index).trim();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String quoted(String s) {
        return s == null ? "nothing" : "\"" + s + "\"";
    }

    /** RFC 4180 CSV: quoted cells may hold commas, quotes (doubled) and line breaks. */
    static final class Csv {
        private Csv() {
        }

        static List<List<String>> parse(String text) {
            List<List<String>> lines = new ArrayList<>();
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    cells.add(cell.toString());
                    cell.setLength(0);
                    addUnlessBlank(lines, cells);
                    cells = new ArrayList<>();
                } else {
                    cell.append(c);
                }
            }
            cells.add(cell.toString());
            addUnlessBlank(lines, cells);
            return lines;
        }

        private static void addUnlessBlank(List<List<String>> lines, List<String> cells) {
            if (!(cells.size() == 1 && cells.get(0).isBlank())) {
                lines.add(cells);
            }
        }
    }
}
