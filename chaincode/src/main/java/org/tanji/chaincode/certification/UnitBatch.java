package org.tanji.chaincode.certification;

import java.util.List;

/**
 * Input of {@code labelunit:issue}: serials of one label's GTIN, optionally within a lot.
 *
 * @param batchId optional client-side id of the batch these serials belong to (recorded on each unit)
 */
public record UnitBatch(String labelId, String lot, List<String> serials, String batchId) {
}
