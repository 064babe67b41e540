package org.tanji.gateway.label;

import java.util.List;

import org.tanji.chaincode.certification.LabelRecord;
import org.tanji.chaincode.certification.UnitRecord;

import reactor.core.publisher.Mono;

/**
 * What a label's QR code says: a URL to its verification page (GS1 Digital Link when the label
 * names a GTIN, else {@code /l/{labelId}}) that carries the certifier's signature. The same label
 * always gets the same text, so reprinting never changes a code already on products.
 */
public interface QrTexts {
    /** The QR text of a label as the ledger records it. */
    Mono<String> label(LabelRecord label);

    /** The QR texts of units of a serialized label, in the order given. */
    Mono<List<String>> units(LabelRecord label, List<UnitRecord> units);
}
