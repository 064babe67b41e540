package org.tanji.chaincode.footprint;

import java.util.Arrays;
import java.util.List;

/**
 * Lifecycle stages of GB/T 24067-2024 / ISO 14067, named so that the EU Battery Regulation's four
 * stages map onto them (raw material extraction, main production, distribution, recycling).
 */
public enum LifecycleStage {
    RAW_MATERIAL_ACQUISITION("raw-material-acquisition"),
    PRODUCTION("production"),
    DISTRIBUTION("distribution"),
    USE("use"),
    END_OF_LIFE("end-of-life");

    private final String wireName;

    LifecycleStage(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(LifecycleStage::wireName).toList();
    }
}
