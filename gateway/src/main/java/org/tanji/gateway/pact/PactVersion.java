package org.tanji.gateway.pact;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The PACT version a partner speaks, told by the path it calls: {@code /3/…} is PACT v3.0, {@code /2/…}
 * is v2.x (served as v2.3). Both read the same footprints and feed the same event handling; only the
 * field names, the event types and one error code differ.
 */
enum PactVersion {
    V2, V3;

    static PactVersion of(String path) {
        return path.equals("/2") || path.startsWith("/2/") ? V2 : V3;
    }

    /** A served (v3) footprint as this version's partners read it. */
    ObjectNode shape(ObjectNode served) {
        return this == V2 ? PactV2.footprint(served) : served;
    }
}
