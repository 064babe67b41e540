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

    /** Built once: it is asked for every stage of every footprint recorded. */
    private static final List<String> WIRE_NAMES = Arrays.stream(values()).map(LifecycleStage::wireName).toList();
    private final String wireName;

    LifecycleStage(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static List<String> wireNames() {
        return WIRE_NAMES;
    }
}
