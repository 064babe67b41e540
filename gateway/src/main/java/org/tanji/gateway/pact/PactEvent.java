package org.tanji.gateway.pact;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The data of the four PACT v3 events a host must handle. Each variant holds only what Tanji acts
 * on; the whole CloudEvent is kept verbatim in the {@link EventInbox}.
 */
public sealed interface PactEvent {
    String PREFIX = "org.wbcsd.pact.ProductFootprint.";

    /** A partner asks us for footprints matching PACT's list criteria. */
    record RequestCreated(JsonNode criteria, String comment) implements PactEvent {
    }

    /** A partner answers our request with footprints. */
    record RequestFulfilled(String requestEventId, List<JsonNode> pfs) implements PactEvent {
    }

    /** A partner refuses our request. */
    record RequestRejected(String requestEventId, String code, String message) implements PactEvent {
    }

    /** A partner published new or changed footprints. */
    record Published(List<String> pfIds) implements PactEvent {
    }

    /** The CloudEvents type of each variant, as PACT v3 names it. */
    static String type(Class<? extends PactEvent> variant) {
        return PREFIX + variant.getSimpleName() + "Event.3";
    }
}
