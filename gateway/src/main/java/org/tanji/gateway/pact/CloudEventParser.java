package org.tanji.gateway.pact;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.tanji.chaincode.support.CanonicalJson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a CloudEvents 1.0 structured-mode JSON event and PACT's data for its type, refusing anything
 * malformed with a {@code BadRequest} that names the first problem: the partner fixes and resends.
 */
final class CloudEventParser {
    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    /** An accepted event: its CloudEvents envelope and PACT data. */
    record Parsed(String id, String source, String type, String time, PactEvent event, JsonNode raw) {
    }

    private CloudEventParser() {
    }

    private static final java.util.Map<String, Class<? extends PactEvent>> V3_TYPES = java.util.Map.of(
            PactEvent.type(PactEvent.RequestCreated.class), PactEvent.RequestCreated.class,
            PactEvent.type(PactEvent.RequestFulfilled.class), PactEvent.RequestFulfilled.class,
            PactEvent.type(PactEvent.RequestRejected.class), PactEvent.RequestRejected.class,
            PactEvent.type(PactEvent.Published.class), PactEvent.Published.class);

    /** Reads a v3 event ({@code /3/events}) or a v2.x one ({@code /2/events}) into the same {@link PactEvent}s. */
    static Parsed parse(String body, PactVersion version) {
        JsonNode e;
        try {
            e = CanonicalJson.mapper().readTree(body == null ? "" : body);
        } catch (JsonProcessingException ex) {
            throw PactException.badRequest("the body is not JSON: " + ex.getOriginalMessage());
        }
        if (e == null || !e.isObject()) {
            throw PactException.badRequest("the body must be a CloudEvents 1.0 JSON object");
        }
        if (!"1.0".equals(text(e, "specversion"))) {
            throw PactException.badRequest("specversion must be \"1.0\"");
        }
        String id = text(e, "id");
        String source = text(e, "source");
        String type = text(e, "type");
        String time = text(e, "time");
        try {
            OffsetDateTime.parse(time);
        } catch (DateTimeParseException ex) {
            throw PactException.badRequest("time must be an RFC 3339 date-time; got \"" + time + "\"");
        }
        JsonNode data = e.get("data");
        if (data == null || !data.isObject()) {
            throw PactException.badRequest("data must be an object");
        }
        Class<? extends PactEvent> variant = (version == PactVersion.V2 ? PactV2.EVENT_TYPES : V3_TYPES).get(type);
        if (variant == null) {
            throw PactException.badRequest("type \"" + type + "\" is not a PACT event this host handles on this path: "
                    + String.join(", ", new java.util.TreeSet<>((version == PactVersion.V2 ? PactV2.EVENT_TYPES : V3_TYPES).keySet())));
        }
        PactEvent event;
        if (variant == PactEvent.RequestCreated.class) {
            String comment = data.path("comment").asText(null);
            if (version == PactVersion.V2) {
                JsonNode pf = data.get("pf");
                if (pf == null || !pf.isObject()) {
                    throw PactException.badRequest("data.pf must be an object: the (partial) ProductFootprint asked for");
                }
                event = new PactEvent.RequestCreated(PactV2.criteria(pf, comment), comment);
            } else {
                criteria(data);
                event = new PactEvent.RequestCreated(data, comment);
            }
        } else if (variant == PactEvent.RequestFulfilled.class) {
            JsonNode pfs = data.get("pfs");
            if (pfs == null || !pfs.isArray() || pfs.isEmpty()) {
                throw PactException.badRequest("data.pfs must be a non-empty array of ProductFootprints");
            }
            List<JsonNode> list = new ArrayList<>();
            for (JsonNode pf : pfs) {
                if (!pf.isObject() || !UUID.matcher(pf.path("id").asText("")).matches()) {
                    throw PactException.badRequest("data.pfs must hold ProductFootprints, each with a UUID id");
                }
                list.add(pf);
            }
            event = new PactEvent.RequestFulfilled(text(data, "requestEventId", "data."), list);
        } else if (variant == PactEvent.RequestRejected.class) {
            JsonNode error = data.get("error");
            if (error == null || !error.isObject()) {
                throw PactException.badRequest("data.error must be an object {code, message}");
            }
            event = new PactEvent.RequestRejected(text(data, "requestEventId", "data."), text(error, "code", "data.error."),
                    text(error, "message", "data.error."));
        } else {
            JsonNode ids = data.get("pfIds");
            if (ids == null || !ids.isArray() || ids.isEmpty()) {
                throw PactException.badRequest("data.pfIds must be a non-empty array of footprint ids (UUIDs)");
            }
            List<String> pfIds = new ArrayList<>();
            for (JsonNode n : ids) {
                if (!n.isTextual() || !UUID.matcher(n.asText()).matches()) {
                    throw PactException.badRequest("data.pfIds must hold UUIDs; got " + n);
                }
                pfIds.add(n.asText());
            }
            event = new PactEvent.Published(pfIds);
        }
        return new Parsed(id, source, type, time, event, e);
    }

    /** RequestCreated's criteria are ListFootprints' filters: arrays of strings and date-times. */
    private static void criteria(JsonNode data) {
        for (String list : List.of("productId", "companyId", "geography", "classification")) {
            JsonNode values = data.get(list);
            if (values != null && (!values.isArray() || !allText(values))) {
                throw PactException.badRequest("data." + list + " must be an array of strings");
            }
        }
        for (String instant : List.of("validOn", "validAfter", "validBefore")) {
            if (data.has(instant)) {
                try {
                    OffsetDateTime.parse(text(data, instant, "data."));
                } catch (DateTimeParseException ex) {
                    throw PactException.badRequest("data." + instant + " must be an RFC 3339 date-time");
                }
            }
        }
        if (data.has("status") && !data.get("status").isTextual()) {
            throw PactException.badRequest("data.status must be Active or Deprecated");
        }
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static String text(JsonNode node, String field) {
        return text(node, field, "");
    }

    private static String text(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw PactException.badRequest(path + field + " is required and must be a non-empty string");
        }
        return value.asText();
    }
}
