package org.tanji.gateway.label;

/** What a scan tells the consumer about a label. EXPIRED is judged at the time of the scan. */
public enum LabelStatus {
    VALID, SUSPENDED, REVOKED, EXPIRED, NOT_FOUND
}
