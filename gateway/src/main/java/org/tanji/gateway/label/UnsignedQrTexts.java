package org.tanji.gateway.label;

import java.util.List;

import org.springframework.stereotype.Component;
import org.tanji.chaincode.certification.LabelRecord;
import org.tanji.chaincode.certification.UnitRecord;
import org.tanji.gateway.config.PublicUrls;

import reactor.core.publisher.Mono;

/**
 * The QR texts without a signature: the integration seam while label signing (issue 4) is being
 * built. It is replaced by the signing implementation and must not ship in a resolved issue 4.
 */
@Component
class UnsignedQrTexts implements QrTexts {
    private final PublicUrls urls;

    UnsignedQrTexts(PublicUrls urls) {
        this.urls = urls;
    }

    @Override
    public Mono<String> label(LabelRecord label) {
        return Mono.just(label.gtin() == null ? urls.verifyUrl(label.labelId())
                : urls.base() + "/01/" + label.gtin() + "?l=" + label.labelId());
    }

    @Override
    public Mono<List<String>> units(LabelRecord label, List<UnitRecord> units) {
        return Mono.just(units.stream().map(u -> urls.base() + "/01/" + u.gtin()
                + (u.lot() == null ? "" : "/10/" + u.lot()) + "/21/" + u.serial() + "?l=" + label.labelId()).toList());
    }
}
