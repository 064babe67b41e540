package org.tanji.gateway.signing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.tanji.chaincode.certification.LabelRecord;
import org.tanji.chaincode.certification.UnitRecord;
import org.tanji.gateway.config.PublicUrls;
import org.tanji.gateway.label.QrTexts;
import org.tanji.gateway.problem.ApiException;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Signs QR texts with the certifier's key. A label is signed by the key its grant recorded
 * ({@code signingKeyId}); a unit by the certifier's key that was active when the unit was issued.
 * Signatures are deterministic, so a reprint yields the very same text.
 */
@Component
public class SignedQrTexts implements QrTexts {
    private final SigningKeys keys;
    private final PublicUrls urls;

    public SignedQrTexts(SigningKeys keys, PublicUrls urls) {
        this.keys = keys;
        this.urls = urls;
    }

    @Override
    public Mono<String> label(LabelRecord label) {
        if (label.signingKeyId() == null) {
            return Mono.error(new ApiException(HttpStatus.CONFLICT, "label " + label.labelId()
                    + " was granted before certifiers had signing keys; it has no signed QR text"));
        }
        return keys.published().map(all -> {
            PublishedKey key = all.get(label.signingKeyId());
            if (key == null) {
                throw new IllegalStateException("label " + label.labelId() + " names key " + label.signingKeyId()
                        + ", which the ledger does not hold");
            }
            return sign(unsigned(label, null, Instant.parse(label.grantedAt())), key, privateKey(key)).format();
        });
    }

    @Override
    public Mono<List<String>> units(LabelRecord label, List<UnitRecord> units) {
        return keys.published().publishOn(Schedulers.boundedElastic()).map(all -> {
            Map<String, ECPrivateKeyParameters> privates = new HashMap<>();
            List<String> texts = new ArrayList<>(units.size());
            PublishedKey last = null;
            for (UnitRecord unit : units) {
                Instant issuedAt = Instant.parse(unit.issuedAt());
                PublishedKey key = last != null && last.refusal(issuedAt) == null ? last
                        : SigningKeys.activeAt(all, label.certifierId(), issuedAt);
                if (key == null) {
                    throw new ApiException(HttpStatus.CONFLICT, "certifier " + label.certifierId()
                            + " had no usable signing key when unit " + unit.serial() + " was issued (" + unit.issuedAt() + ")");
                }
                last = key;
                ECPrivateKeyParameters priv = privates.computeIfAbsent(key.kid(), k -> privateKey(key));
                texts.add(sign(unsigned(label, unit, issuedAt), key, priv).format());
            }
            return texts;
        });
    }

    private QrText unsigned(LabelRecord label, UnitRecord unit, Instant issuedAt) {
        String gtin = unit != null && unit.gtin() != null ? unit.gtin() : label.gtin();
        return QrText.unsigned(urls.base(), label.labelId(), gtin, unit == null ? null : unit.lot(),
                unit == null ? null : unit.serial(), label.footprintValue(), label.footprintUnit(), label.grade(),
                Instant.parse(label.validUntil()), issuedAt);
    }

    static QrText sign(QrText text, PublishedKey key, ECPrivateKeyParameters privateKey) {
        QrText keyed = text.withSignature(key.kid(), new byte[SignatureAlg.SIGNATURE_BYTES]);
        return keyed.withSignature(key.kid(), key.alg().sign(privateKey, keyed.signedBytes()));
    }

    private ECPrivateKeyParameters privateKey(PublishedKey key) {
        ECPrivateKeyParameters priv = keys.privateKey(key);
        if (priv == null) {
            throw new ApiException(HttpStatus.CONFLICT, "this registry does not hold the private half of signing key "
                    + key.kid() + " of " + key.ownerId() + ", so it cannot sign its QR texts");
        }
        return priv;
    }
}
