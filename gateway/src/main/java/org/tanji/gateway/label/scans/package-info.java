/**
 * Scan counts of labels: aggregates per label and day, with no personal data, gathered in memory
 * and flushed to the store.
 */
package org.tanji.gateway.label.scans;
