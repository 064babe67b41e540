package org.tanji.gateway.api;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Opens the API test base to the browser tests in their own package. */
public abstract class BrowserApiAccess extends ApiTest {
    protected static ObjectNode batteryFootprint() {
        return Fixtures.battery();
    }

    /** A battery footprint of {@code value} that replaces {@code precedingId} and claims the reduction against it. */
    protected static ObjectNode batteryClaimingReduction(String precedingId, String value) {
        ObjectNode pf = Fixtures.footprint("urn:gtin:06901234567892", "lithium-battery", "CN-AH", value,
                Map.of("production", value));
        pf.putArray("precedingPfIds").add(precedingId);
        return ReductionClaimApiTest.claiming(pf);
    }
}
