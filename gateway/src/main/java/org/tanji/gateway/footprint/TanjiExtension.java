package org.tanji.gateway.footprint;

/**
 * Tanji's PACT data-model extension. It carries what PACT has no field for: the product category
 * (which decides which certifiers may certify it) and the lifecycle-stage breakdown of GB/T
 * 24067-2024, in kg CO2e per declared unit, as decimal strings:
 *
 * <pre>{@code
 * {"specVersion": "2.0.0",
 *  "dataSchema": "https://<registry>/.well-known/tanji/footprint-extension/1.0.0/schema.json",
 *  "data": {"productCategory": "lithium-battery",
 *           "lifecycleStages": {"raw-material-acquisition": "52.1", "production": "18.4",
 *                               "distribution": "1.2", "use": "0", "end-of-life": "-3.1"}}}
 * }</pre>
 *
 * The extension is recognised by the path of its {@code dataSchema}, whatever the host.
 */
public final class TanjiExtension {
    public static final String SCHEMA_PATH = "/.well-known/tanji/footprint-extension/1.0.0/schema.json";
    public static final String SPEC_VERSION = "2.0.0";

    private TanjiExtension() {
    }

    public static boolean isTanji(String dataSchema) {
        return dataSchema != null && dataSchema.endsWith(SCHEMA_PATH);
    }
}
