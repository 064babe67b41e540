package org.tanji.gateway.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.tanji.chaincode.signing.PublicKeys;

/** Signing and verifying QR texts with no registry: both algorithms, tampering, and the key-time rules. */
class LabelSignatureTest {
    static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant ISSUED = Instant.parse("2026-03-01T10:15:30.123456Z");
    static final String LABEL = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    record Signer(PublishedKey key, ECPrivateKeyParameters priv) {
        QrText sign(QrText text) {
            return SignedQrTexts.sign(text, key, priv);
        }
    }

    static Signer signer(SignatureAlg alg, Instant retired, Instant compromised) {
        AsymmetricCipherKeyPair pair = alg.generate();
        ECPublicKeyParameters pub = (ECPublicKeyParameters) pair.getPublic();
        String kid = PublicKeys.kid(SignatureAlg.spki(pub));
        return new Signer(new PublishedKey(kid, alg, "AnhuiMSP/cert-a", "AnhuiMSP", pub,
                compromised != null ? "REVOKED" : retired != null ? "RETIRED" : "ACTIVE", CREATED, retired,
                compromised, compromised), (ECPrivateKeyParameters) pair.getPrivate());
    }

    static QrText unit(Instant issued) {
        return QrText.unsigned("https://tanji.example", LABEL, "06901234567892", "LOT-7", "SN000042", "62.5", "kg CO2e",
                "A+", Instant.parse("2027-12-31T00:00:00Z"), issued);
    }

    static SignatureVerdict verdict(String scanned, Signer s) {
        return SignatureVerdict.of(scanned, QrText.parse(scanned), Map.of(s.key().kid(), s.key())::get);
    }

    @ParameterizedTest
    @EnumSource(SignatureAlg.class)
    void bothAlgorithmsSignDeterministicallyAndVerify(SignatureAlg alg) {
        Signer s = signer(alg, null, null);
        String text = s.sign(unit(ISSUED)).format();
        assertThat(s.sign(unit(ISSUED)).format()).as("a reprint is the same text").isEqualTo(text);
        assertThat(text).startsWith("https://tanji.example/01/06901234567892/10/LOT-7/21/SN000042?l=" + LABEL + "&v=62.5&u=kg%20CO2e&g=A%2B&e=1830211200&i=1772360130.123456&k=")
                .hasSizeLessThan(400);
        SignatureVerdict v = verdict(text, s);
        assertThat(v.valid()).as(v.reason()).isTrue();
        QrText parsed = QrText.parse(text);
        assertThat(parsed.issuedAtInstant()).isEqualTo(ISSUED);
        assertThat(parsed.unit()).isEqualTo("kg CO2e");
        assertThat(parsed.signatureBytes()).hasSize(64);
        // The other algorithm's verifier does not accept it.
        SignatureAlg other = alg == SignatureAlg.ES256 ? SignatureAlg.SM2 : SignatureAlg.ES256;
        assertThat(other.verify(signer(other, null, null).key().key(), parsed.signedBytes(), parsed.signatureBytes())).isFalse();
    }

    @Test
    void sm2SignaturesAreStandardSm2() throws Exception {
        Signer s = signer(SignatureAlg.SM2, null, null);
        QrText t = s.sign(unit(ISSUED));
        // BouncyCastle's own SM2 signer (random nonce) verifies with the same verifier as ours.
        org.bouncycastle.crypto.signers.SM2Signer bc = new org.bouncycastle.crypto.signers.SM2Signer(
                org.bouncycastle.crypto.signers.PlainDSAEncoding.INSTANCE);
        bc.init(false, s.key().key());
        bc.update(t.signedBytes(), 0, t.signedBytes().length);
        assertThat(bc.verifySignature(t.signatureBytes())).isTrue();
        bc.init(true, new org.bouncycastle.crypto.params.ParametersWithRandom(s.priv(), new java.security.SecureRandom()));
        bc.update(t.signedBytes(), 0, t.signedBytes().length);
        byte[] theirs = bc.generateSignature();
        assertThat(SignatureAlg.SM2.verify(s.key().key(), t.signedBytes(), theirs)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(SignatureAlg.class)
    void everyEditedCharacterBreaksTheSignature(SignatureAlg alg) {
        Signer s = signer(alg, null, null);
        String text = s.sign(unit(ISSUED)).format();
        String[][] edits = {
            {"l=" + LABEL, "l=" + LABEL.replace('Q', 'R')},
            {"/01/06901234567892", "/01/06901234567885"},
            {"/10/LOT-7", "/10/LOT-8"},
            {"/21/SN000042", "/21/SN000043"},
            {"v=62.5", "v=52.5"},
            {"u=kg%20CO2e", "u=kg%20CO3e"},
            {"g=A%2B", "g=A%2D"},
            {"e=1830211200", "e=1830211201"},
            {"i=1772360130.123456", "i=1772360130.123457"},
            {"u=kg%20CO2e", "u=kg%20co2e"},
        };
        for (String[] edit : edits) {
            String edited = text.replace(edit[0], edit[1]);
            assertThat(edited).isNotEqualTo(text);
            assertThat(verdict(edited, s).valid()).as("edited %s", edit[0]).isFalse();
        }
        // The signature itself, character by character (first, middle, last).
        int at = text.indexOf("&s=") + 3;
        for (int i : new int[] {at, at + 40, text.length() - 2}) {
            char c = text.charAt(i);
            String edited = text.substring(0, i) + (c == 'A' ? 'B' : 'A') + text.substring(i + 1);
            SignatureVerdict v = verdict(edited, s);
            assertThat(v.valid()).as("signature char %d", i).isFalse();
            assertThat(v.reason()).contains("edited or forged");
        }
        // Same values, other spelling: still refused, because only the printed form is genuine.
        SignatureVerdict respelled = verdict(text.replace("/10/LOT-7", "/10/LOT%2D7"), s);
        assertThat(respelled.valid()).isFalse();
        assertThat(respelled.reason()).contains("differs from the form the registry prints");
    }

    @Test
    void aForgedSignatureOrAnUnknownKeyIsRefused() {
        Signer real = signer(SignatureAlg.ES256, null, null);
        Signer forger = signer(SignatureAlg.ES256, null, null);
        QrText forged = SignedQrTexts.sign(unit(ISSUED), new PublishedKey(real.key().kid(), SignatureAlg.ES256, "x", "x",
                forger.key().key(), "ACTIVE", CREATED, null, null, null), forger.priv());
        SignatureVerdict v = verdict(forged.format(), real);
        assertThat(v.valid()).isFalse();
        assertThat(v.reason()).contains("edited or forged");
        SignatureVerdict unknown = verdict(forger.sign(unit(ISSUED)).format(), real);
        assertThat(unknown.valid()).isFalse();
        assertThat(unknown.reason()).contains("no certifier registered");
    }

    @Test
    void rotationKeepsEarlierTextsAndRevocationVoidsOnlyLaterOnes() {
        Instant rotated = ISSUED.plusSeconds(3600);
        Signer retired = signer(SignatureAlg.ES256, rotated, null);
        assertThat(verdict(retired.sign(unit(ISSUED)).format(), retired).valid()).isTrue();
        SignatureVerdict afterRetirement = verdict(retired.sign(unit(rotated.plusSeconds(1))).format(), retired);
        assertThat(afterRetirement.valid()).isFalse();
        assertThat(afterRetirement.reason()).contains("retired");

        Instant compromised = ISSUED.plusSeconds(60);
        Signer revoked = signer(SignatureAlg.SM2, null, compromised);
        assertThat(verdict(revoked.sign(unit(ISSUED)).format(), revoked).valid()).as("issued before the compromise").isTrue();
        for (Instant t : new Instant[] {compromised, compromised.plusSeconds(5)}) {
            SignatureVerdict v = verdict(revoked.sign(unit(t)).format(), revoked);
            assertThat(v.valid()).isFalse();
            assertThat(v.reason()).contains("revoked").contains("compromised since");
        }
        SignatureVerdict beforeKey = verdict(revoked.sign(unit(CREATED.minusSeconds(1))).format(), revoked);
        assertThat(beforeKey.valid()).isFalse();
        assertThat(beforeKey.reason()).contains("before its key");
    }

    @Test
    void malformedTextsAreRefusedWithAReason() {
        Signer s = signer(SignatureAlg.ES256, null, null);
        String good = s.sign(unit(ISSUED)).format();
        String[] bad = {
            "", "not a url", "ftp://tanji.example/l/" + LABEL, "https://tanji.example/x/" + LABEL,
            "https://tanji.example/01/12345/21/1?l=" + LABEL, "https://tanji.example/01/06901234567893?l=" + LABEL,
            "https://tanji.example/01/06901234567892/22/1?l=" + LABEL, "https://tanji.example/01/06901234567892/21",
            "https://tanji.example/01/06901234567892/21/a/10/b?l=" + LABEL, "https://tanji.example/01/06901234567892",
            "https://tanji.example/01/06901234567892/21/" + "S".repeat(21) + "?l=" + LABEL,
            "https://tanji.example/01/06901234567892?l=lower", "https://tanji.example/l/" + LABEL + "?v=1",
            good + "&x=1", good.replace("&k=", "&k=%"), good + "#frag", good.replace("s=", "s=x"),
            "https://tanji.example/l/" + LABEL + "\u0000", "https://tanji.example/l/" + LABEL + "?e=%FF",
            good.replace("e=1830211200", "e=1830211200.50"), "https://x/" + "a".repeat(3000),
        };
        for (String text : bad) {
            assertThatThrownBy(() -> QrText.parse(text)).as("%s", text).isInstanceOf(QrText.Malformed.class)
                    .hasMessageNotContaining("Exception");
        }
        QrText unsigned = QrText.parse("https://tanji.example/registry/l/" + LABEL);
        assertThat(unsigned.signed()).isFalse();
        assertThat(unsigned.base()).isEqualTo("https://tanji.example/registry");
        assertThat(SignatureVerdict.of(unsigned, k -> null).reason()).contains("no signature");
        assertThat(QrText.parse("https://tanji.example/01/6901234567892?l=" + LABEL).gtin()).isEqualTo("06901234567892");
    }
}
