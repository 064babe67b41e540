package org.tanji.gateway.signing;

import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Service;
import org.tanji.chaincode.certification.UnitRecord;
import org.tanji.gateway.label.LabelStatus;
import org.tanji.gateway.label.LabelVerification;
import org.tanji.gateway.label.LabelVerifier;
import org.tanji.gateway.ledger.ChaincodeRejection;
import org.tanji.gateway.ledger.Ledger;
import org.tanji.gateway.ledger.LedgerJson;
import org.tanji.gateway.security.ReaderIdentity;

import reactor.core.publisher.Mono;

/**
 * Judges a scanned QR text: its signature against the anchored keys (rotation and revocation
 * times included), its signed facts and product against the ledger's record of the label, and
 * the label's live status from {@link LabelVerifier}.
 */
@Service
public class ScanVerifier {
    static final String NOT_THIS_PRODUCT = "does not match this product: ";
    private final SigningKeys keys;
    private final LabelVerifier verifier;
    private final Ledger ledger;
    private final ReaderIdentity reader;

    public ScanVerifier(SigningKeys keys, LabelVerifier verifier, Ledger ledger, ReaderIdentity reader) {
        this.keys = keys;
        this.verifier = verifier;
        this.ledger = ledger;
        this.reader = reader;
    }

    /**
     * Verifies a scanned text.
     *
     * @throws QrText.Malformed (at once) if the text is not a label text at all
     */
    public Mono<LabelScan> verify(String scanned) {
        QrText text = QrText.parse(scanned);
        return Mono.zip(keys.published(), verifier.verify(text.labelId()))
                .flatMap(t -> {
                    SignatureVerdict verdict = SignatureVerdict.of(scanned, text, t.getT1()::get);
                    LabelVerification v = t.getT2();
                    if (v.status() == LabelStatus.NOT_FOUND) {
                        return Mono.just(scan(text, verdict, false, "no label with id " + text.labelId()
                                + " is registered, so the text is not a genuine label", null, null, v));
                    }
                    return unit(text).map(unit -> judge(text, verdict, v, unit.orElse(null)));
                });
    }

    /** The unit the text names, looked up only when it names a serial. */
    private Mono<java.util.Optional<UnitRecord>> unit(QrText text) {
        if (text.serial() == null) {
            return Mono.just(java.util.Optional.empty());
        }
        return ledger.evaluate(reader.identity(), "labelunit:get", List.of(text.labelId(), text.serial()))
                .map(p -> java.util.Optional.of(LedgerJson.read(p, UnitRecord.class)))
                // NOT_FOUND, a serial the contract refuses, or no labelunit contract at all: not a unit of this label.
                .onErrorResume(ChaincodeRejection.class, e -> Mono.just(java.util.Optional.empty()));
    }

    private LabelScan judge(QrText text, SignatureVerdict verdict, LabelVerification v, UnitRecord unit) {
        boolean valid = verdict.valid();
        String reason = verdict.reason();
        if (valid) {
            String differs = differences(text, verdict.key(), v, unit);
            if (differs != null) {
                valid = false;
                reason = differs;
            }
        }
        Boolean matches = null;
        String matchReason = null;
        if (text.gtin() != null) {
            matches = true;
            if (v.gtin() == null) {
                matches = false;
                matchReason = NOT_THIS_PRODUCT + "the label certifies no GTIN, but the code names GTIN " + text.gtin();
            } else if (!v.gtin().equals(text.gtin())) {
                matches = false;
                matchReason = NOT_THIS_PRODUCT + "the code names GTIN " + text.gtin() + ", the label certifies GTIN " + v.gtin();
            } else if (text.serial() != null && unit == null) {
                matches = false;
                matchReason = NOT_THIS_PRODUCT + "serial " + text.serial() + " is not a unit of this label";
            } else if (unit != null && !java.util.Objects.equals(unit.lot(), text.lot())) {
                matches = false;
                matchReason = NOT_THIS_PRODUCT + "unit " + text.serial() + " belongs to lot " + unit.lot() + ", not " + text.lot();
            }
        }
        return scan(text, verdict, valid, reason, matches, matchReason, v);
    }

    /** Where the signed facts contradict the ledger's record, in words; {@code null} if they agree. */
    private static String differences(QrText text, PublishedKey key, LabelVerification v, UnitRecord unit) {
        String certifier = v.certifier() == null ? null : v.certifier().id();
        if (!key.ownerId().equals(certifier)) {
            return "the text is signed by " + key.ownerId() + ", but the label was certified by " + certifier;
        }
        LabelVerification.Footprint fp = v.footprint();
        if (!text.value().equals(fp.value()) || !text.unit().equals(fp.unit())) {
            return "the signed footprint " + text.value() + " " + text.unit() + " differs from the ledger's " + fp.value()
                    + " " + fp.unit();
        }
        if (!text.grade().equals(v.grade())) {
            return "the signed grade " + text.grade() + " differs from the ledger's " + v.grade();
        }
        Instant issued = unit != null ? Instant.parse(unit.issuedAt()) : Instant.parse(v.validFrom());
        if (!issued.equals(text.issuedAtInstant()) && (unit != null || text.serial() == null)) {
            return "the signed issue time " + text.issuedAtInstant() + " differs from the ledger's " + issued;
        }
        return null;
    }

    private static LabelScan scan(QrText text, SignatureVerdict verdict, boolean valid, String reason, Boolean matches,
                                  String matchReason, LabelVerification v) {
        return new LabelScan(text.labelId(), valid, valid ? null : reason, matches, matchReason, v.status(),
                v.statusReason(), LabelScan.Signed.of(text, verdict.key()), v);
    }
}
