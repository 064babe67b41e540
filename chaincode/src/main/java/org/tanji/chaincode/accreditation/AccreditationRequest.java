package org.tanji.chaincode.accreditation;

import java.util.List;

/** What a registry admin asks to accredit (or re-scope, or reinstate). */
public record AccreditationRequest(
        String certifierId,
        String name,
        List<String> productCategories,
        List<String> regions,
        String validUntil,
        String reason) {
}
