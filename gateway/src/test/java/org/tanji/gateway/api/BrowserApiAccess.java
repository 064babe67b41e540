package org.tanji.gateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Opens the API test base to the browser tests in their own package. */
public abstract class BrowserApiAccess extends ApiTest {
    protected static ObjectNode batteryFootprint() {
        return Fixtures.battery();
    }
}
