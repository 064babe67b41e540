package org.tanji.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.tanji.chaincode.certification.LabelRecord;
import org.tanji.chaincode.certification.UnitRecord;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.label.QrTexts;
import org.tanji.gateway.security.Role;
import org.tanji.gateway.signing.OfflineVerifierAccess;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import tools.jackson.databind.JsonNode;

/**
 * Signed QR texts end to end over real HTTP: the grant's qrText, the verify endpoint (good and bad
 * input), key rotation and revocation through the API, the public key set, the GS1 Digital Link
 * page, and the offline verifier on a PNG with nothing but the exported key set.
 */
class LabelSigningApiTest extends ApiTest {
    @Autowired
    QrTexts qrTexts;
    @TempDir
    Path dir;
    Client certifier;
    String footprintId;

    @BeforeEach
    void certifierWithFootprint() {
        certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN"));
        footprintId = postFootprint(certifier, Fixtures.battery()).get("id").asString();
    }

    private JsonNode verify(String text) {
        return http.post().uri("/api/v1/labels/verify").contentType(MediaType.TEXT_PLAIN).bodyValue(text).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private void refused(int status, Object body, MediaType type) {
        http.post().uri("/api/v1/labels/verify").contentType(type).bodyValue(body).exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isNotEmpty();
    }

    private LabelRecord record(String labelId) {
        String body = http.get().uri("/api/v1/labels/{id}", labelId).headers(bearer(certifier)).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        try {
            return CanonicalJson.mapper().treeToValue(CanonicalJson.mapper().readTree(body).get("record"), LabelRecord.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode rotate(Client who, String alg) {
        return http.post().uri("/api/v1/signing-keys").headers(bearer(who)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("alg", alg)).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode revoke(Client who, String kid, Map<String, String> body) {
        return http.post().uri("/api/v1/signing-keys/{kid}/revocation", kid).headers(bearer(who))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void aGrantReturnsASignedDigitalLinkThatVerifies() {
        JsonNode granted = grant(certifier, footprintId);
        String labelId = granted.get("labelId").asString();
        String qr = granted.get("qrText").asString();
        assertThat(qr).startsWith(baseUrl() + "/01/06901234567892?l=" + labelId + "&v=62.5&u=").contains("&k=")
                .hasSizeLessThan(400);
        LabelRecord label = record(labelId);
        assertThat(label.signingKeyId()).isNotBlank();
        assertThat(qr).contains("&k=" + label.signingKeyId() + "&");
        assertThat(qrTexts.label(label).block()).as("reprint").isEqualTo(qr);

        JsonNode scan = verify(qr);
        assertThat(scan.get("signatureValid").asBoolean()).as(scan.toString()).isTrue();
        assertThat(scan.get("status").asString()).isEqualTo("VALID");
        assertThat(scan.get("matchesProduct").asBoolean()).isTrue();
        assertThat(scan.get("signed").get("keyId").asString()).isEqualTo(label.signingKeyId());
        assertThat(scan.get("signed").get("alg").asString()).isEqualTo("ES256");
        assertThat(scan.get("verification").get("labelId").asString()).isEqualTo(labelId);
        JsonNode asJson = http.post().uri("/api/v1/labels/verify").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("text", qr + "\n")).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(asJson.get("signatureValid").asBoolean()).isTrue();

        // A suspension shows in the live status; the signature still holds.
        decide(certifier, labelId, "SUSPENDED", "audit").expectStatus().isOk();
        JsonNode suspended = verify(qr);
        assertThat(suspended.get("signatureValid").asBoolean()).isTrue();
        assertThat(suspended.get("status").asString()).isEqualTo("SUSPENDED");
        assertThat(suspended.get("statusReason").asString()).isEqualTo("audit");
    }

    @Test
    void editedForgedOrUnknownTextsGetSignatureInvalidWithAReason() {
        Client rival = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN"));
        grant(rival, postFootprint(rival, Fixtures.battery()).get("id").asString());
        JsonNode granted = grant(certifier, footprintId);
        String qr = granted.get("qrText").asString();
        String labelId = granted.get("labelId").asString();
        Map<String, String> edits = Map.of(
                "v=62.5", "v=12.5",
                "e=", "e=1",
                "&g=" + Fixtures.BATTERY_GRADE + "&", "&g=1&",
                "&i=1", "&i=2");
        for (var edit : edits.entrySet()) {
            JsonNode scan = verify(qr.replace(edit.getKey(), edit.getValue()));
            assertThat(scan.get("signatureValid").asBoolean()).as("edited %s", edit.getKey()).isFalse();
            assertThat(scan.get("signatureReason").asString()).contains("edited or forged");
        }
        int s = qr.indexOf("&s=") + 3;
        String badSig = qr.substring(0, s) + (qr.charAt(s) == 'A' ? 'B' : 'A') + qr.substring(s + 1);
        assertThat(verify(badSig).get("signatureValid").asBoolean()).isFalse();

        char c = labelId.charAt(5);
        String otherLabel = qr.replace(labelId, labelId.substring(0, 5) + (c == 'A' ? 'B' : 'A') + labelId.substring(6));
        JsonNode unknown = verify(otherLabel);
        assertThat(unknown.get("signatureValid").asBoolean()).isFalse();
        assertThat(unknown.get("status").asString()).isEqualTo("NOT_FOUND");
        assertThat(unknown.get("signatureReason").asString()).contains("no label");

        // Another certifier's genuine key, valid at the time, cannot vouch for this certifier's label.
        LabelRecord mine = record(labelId);
        String rivalKid = http.get().uri("/api/v1/signing-keys").headers(bearer(rival)).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("keys").get(0).get("kid").asString();
        LabelRecord claimed = withKey(mine, rivalKid);
        JsonNode forged = verify(qrTexts.label(claimed).block());
        assertThat(forged.get("signatureValid").asBoolean()).isFalse();
        assertThat(forged.get("signatureReason").asString()).contains("signed by " + rival.ledgerId());
    }

    @Test
    void aTextNamingAnotherProductDoesNotMatch() {
        String labelId = grant(certifier, footprintId).get("labelId").asString();
        LabelRecord label = record(labelId);
        LabelRecord otherGtin = withGtin(label, "04006381333931");
        JsonNode gtin = verify(qrTexts.label(otherGtin).block());
        assertThat(gtin.get("signatureValid").asBoolean()).isTrue();
        assertThat(gtin.get("matchesProduct").asBoolean()).isFalse();
        assertThat(gtin.get("matchReason").asString()).startsWith("does not match this product").contains("04006381333931");

        UnitRecord unit = new UnitRecord(labelId, "SN-NOT-ISSUED", null, label.gtin(), label.grantedAt(), label.txId(), null);
        String unitText = qrTexts.units(label, List.of(unit)).block().get(0);
        assertThat(unitText).contains("/01/" + label.gtin() + "/21/SN-NOT-ISSUED?l=" + labelId);
        JsonNode serial = verify(unitText);
        assertThat(serial.get("matchesProduct").asBoolean()).isFalse();
        assertThat(serial.get("matchReason").asString()).startsWith("does not match this product").contains("SN-NOT-ISSUED");
    }

    @Test
    void badInputGetsAClearProblemNeverA500() {
        String qr = grant(certifier, footprintId).get("qrText").asString();
        refused(400, "https://tanji.example/01/123/21/x?l=AAAA", MediaType.TEXT_PLAIN);
        refused(400, "https://tanji.example/01/06901234567892/99/x", MediaType.TEXT_PLAIN);
        refused(400, qr.replace("/01/06901234567892", "/01/06901234567893"), MediaType.TEXT_PLAIN);
        refused(400, "hello", MediaType.TEXT_PLAIN);
        refused(400, "", MediaType.TEXT_PLAIN);
        refused(400, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff, (byte) 0xfe}, MediaType.APPLICATION_OCTET_STREAM);
        refused(400, new byte[] {(byte) 0xc3, 0x28, 0x00, 0x1b}, MediaType.TEXT_PLAIN);
        refused(413, qr + "&" + "x".repeat(2100), MediaType.TEXT_PLAIN);
        refused(400, Map.of("txt", qr), MediaType.APPLICATION_JSON);
        refused(400, "{not json", MediaType.APPLICATION_JSON);
        refused(400, Map.of("text", 42), MediaType.APPLICATION_JSON);
    }

    @Test
    void rotationKeepsLabelsValidAndRevocationVoidsOnlyThoseIssuedAfterTheCompromise() throws Exception {
        JsonNode first = grant(certifier, footprintId);
        JsonNode mine = http.get().uri("/api/v1/signing-keys").headers(bearer(certifier)).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(mine.get("keys")).hasSize(1);
        String es256 = mine.get("keys").get(0).get("kid").asString();
        assertThat(Files.getPosixFilePermissions(DATA.resolve("signing-keys").resolve(es256 + ".p8")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        JsonNode sm2 = rotate(certifier, "SM2");
        assertThat(sm2.get("alg").asString()).isEqualTo("SM2");
        JsonNode second = grant(certifier, footprintId);
        assertThat(record(second.get("labelId").asString()).signingKeyId()).isEqualTo(sm2.get("kid").asString());
        JsonNode secondScan = verify(second.get("qrText").asString());
        assertThat(secondScan.get("signatureValid").asBoolean()).as(secondScan.toString()).isTrue();
        assertThat(secondScan.get("signed").get("alg").asString()).isEqualTo("SM2");
        assertThat(verify(first.get("qrText").asString()).get("signatureValid").asBoolean())
                .as("a label signed before the rotation").isTrue();

        Thread.sleep(20);
        Instant compromise = Instant.now();
        Thread.sleep(20);
        JsonNode third = grant(certifier, footprintId);
        Client admin = client(Role.REGISTRY_ADMIN, "AnhuiMSP");
        JsonNode revoked = revoke(admin, sm2.get("kid").asString(),
                Map.of("reason", "HSM lost", "compromisedSince", compromise.toString()));
        assertThat(revoked.get("status").asString()).isEqualTo("REVOKED");
        assertThat(verify(second.get("qrText").asString()).get("signatureValid").asBoolean())
                .as("issued before the compromise").isTrue();
        JsonNode after = verify(third.get("qrText").asString());
        assertThat(after.get("signatureValid").asBoolean()).isFalse();
        assertThat(after.get("signatureReason").asString()).contains("revoked");

        // With its active key revoked, the certifier's next grant gets a fresh ES256 key automatically.
        JsonNode fourth = grant(certifier, footprintId);
        assertThat(verify(fourth.get("qrText").asString()).get("signatureValid").asBoolean()).isTrue();

        Client company = client(Role.COMPANY, "AnhuiMSP");
        http.get().uri("/api/v1/signing-keys").headers(bearer(company)).exchange().expectStatus().isForbidden();
        http.post().uri("/api/v1/signing-keys").headers(bearer(company)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("alg", "ES256")).exchange().expectStatus().isForbidden();
        http.post().uri("/api/v1/signing-keys").headers(bearer(certifier)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("alg", "RS256")).exchange().expectStatus().isBadRequest();
        http.post().uri("/api/v1/signing-keys/{kid}/revocation", es256).headers(bearer(client(Role.REGISTRY_ADMIN, "GansuMSP")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "not ours")).exchange()
                .expectStatus().isForbidden();
        http.post().uri("/api/v1/signing-keys/{kid}/revocation", es256).headers(bearer(certifier))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "x", "compromisedSince", Instant.now().plusSeconds(3600).toString())).exchange()
                .expectStatus().isBadRequest();
        http.post().uri("/api/v1/signing-keys").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void thePublicKeySetListsEveryKeyWithItsTimes() {
        grant(certifier, footprintId);
        String sm2 = rotate(certifier, "SM2").get("kid").asString();
        JsonNode jwks = http.get().uri("/.well-known/tanji/certifier-keys.json").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        List<JsonNode> ours = new ArrayList<>();
        jwks.get("keys").forEach(k -> {
            if (certifier.ledgerId().equals(k.get("owner").asString())) {
                ours.add(k);
            }
        });
        assertThat(ours).hasSize(2);
        JsonNode retired = ours.get(0);
        assertThat(retired.get("kty").asString()).isEqualTo("EC");
        assertThat(retired.get("crv").asString()).isEqualTo("P-256");
        assertThat(retired.get("alg").asString()).isEqualTo("ES256");
        assertThat(retired.get("status").asString()).isEqualTo("RETIRED");
        assertThat(retired.get("x").asString()).hasSize(43);
        assertThat(retired.get("retiredAt").asString()).isNotBlank();
        JsonNode active = ours.get(1);
        assertThat(active.get("kid").asString()).isEqualTo(sm2);
        assertThat(active.get("crv").asString()).isEqualTo("SM2");
        assertThat(active.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(active.has("d")).isFalse();
    }

    @Test
    void theDigitalLinkOpensTheVerificationPage() {
        String qr = grant(certifier, footprintId).get("qrText").asString();
        String page = http.get().uri(qr.substring(baseUrl().length())).accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("<html");
        for (String bad : List.of("/01/123", "/01/06901234567892/99/x", "/01/06901234567892", "/01/06901234567893?l=X",
                "/01/06901234567892/21/%FF%FE?l=AAAA")) {
            http.get().uri(java.net.URI.create(baseUrl() + bad)).accept(MediaType.TEXT_HTML).exchange()
                    .expectStatus().isBadRequest().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
        }
    }

    @Test
    void thePageShowsTheCodesOwnSignatureVerdictForBothLinkForms() {
        String digitalLink = grant(certifier, footprintId).get("qrText").asString();
        String plain = http.post().uri("/api/v1/certifications").headers(bearer(certifier)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("footprintId", postFootprint(certifier, Fixtures.battery()).get("id").asString(),
                        "decision", "GRANTED", "validUntil", inDays(90)))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("qrText").asString();
        assertThat(plain).startsWith(baseUrl() + "/l/").contains("&s=");
        for (String qr : List.of(digitalLink, plain)) {
            assertThat(page(qr, 200)).contains("Certifier's signature verified").doesNotContain("Signature does not verify");
            // The benchmark's grade edited to a better one: the page says the signature fails, whatever the live status.
            String edited = qr.replaceFirst("&g=" + Fixtures.BATTERY_GRADE + "&", "&g=1&");
            assertThat(edited).isNotEqualTo(qr);
            assertThat(page(edited, 200)).contains("Signature does not verify").doesNotContain("Certifier's signature verified");
        }
        // A bare /l/ link carries no signature, so the page makes no claim about one.
        String bare = plain.substring(0, plain.indexOf('?'));
        assertThat(page(bare, 200)).doesNotContain("Certifier's signature verified").doesNotContain("Signature does not verify");
    }

    private String page(String url, int status) {
        return http.get().uri(java.net.URI.create(url)).accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isEqualTo(status).expectBody(String.class).returnResult().getResponseBody();
    }

    @Test
    void theOfflineVerifierChecksAPngWithOnlyTheExportedKeySet() throws Exception {
        String qr = grant(certifier, footprintId).get("qrText").asString();
        byte[] jwks = http.get().uri("/.well-known/tanji/certifier-keys.json").exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        Path keys = Files.write(dir.resolve("certifier-keys.json"), jwks);
        Path png = png(qr, dir.resolve("label.png"));
        Path tampered = png(qr.replace("v=62.5", "v=6.25"), dir.resolve("tampered.png"));

        Result valid = offline(png.toString(), "--keys", keys.toString());
        assertThat(valid.code()).as(valid.out()).isZero();
        assertThat(valid.out()).startsWith("VALID: signed by " + certifier.ledgerId()).contains("62.5").contains("06901234567892");
        Result bad = offline(tampered.toString(), "--keys", keys.toString());
        assertThat(bad.code()).as(bad.out()).isEqualTo(1);
        assertThat(bad.out()).startsWith("INVALID: the signature does not match");
        assertThat(offline(qr, "--keys", keys.toString()).code()).isZero();
        assertThat(offline("--keys").code()).isEqualTo(2);
        assertThat(offline(png.toString(), "--keys", dir.resolve("missing.json").toString()).code()).isEqualTo(2);
        Files.writeString(dir.resolve("empty.json"), "{\"keys\":[]}");
        Result unknownKey = offline(png.toString(), "--keys", dir.resolve("empty.json").toString());
        assertThat(unknownKey.code()).isEqualTo(1);
        assertThat(unknownKey.out()).contains("no certifier registered");
    }

    @Test
    void tenThousandUnitsAreSignedDistinctlyAndReprintTheSame() {
        LabelRecord label = record(grant(certifier, footprintId).get("labelId").asString());
        List<UnitRecord> units = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            units.add(new UnitRecord(label.labelId(), String.format("SN%08d", i), "LOT-1", label.gtin(), label.grantedAt(),
                    label.txId(), null));
        }
        List<String> texts = qrTexts.units(label, units).block(Duration.ofSeconds(120));
        assertThat(texts).hasSize(10_000).doesNotHaveDuplicates();
        assertThat(texts.get(42)).contains("/10/LOT-1/21/SN00000042?l=" + label.labelId());
        assertThat(qrTexts.units(label, units.subList(40, 45)).block()).as("reprint").isEqualTo(texts.subList(40, 45));
    }

    record Result(int code, String out) {
    }

    private static Result offline(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = OfflineVerifierAccess.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    private static Path png(String text, Path file) throws Exception {
        var matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 400, 400,
                Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
        BufferedImage image = MatrixToImageWriter.toBufferedImage(matrix);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private static LabelRecord withGtin(LabelRecord l, String gtin) {
        return new LabelRecord(l.labelId(), l.footprintId(), l.version(), l.decision(), l.status(), l.grade(), l.validFrom(),
                l.validUntil(), l.reason(), gtin, l.certifierId(), l.certifierMsp(), l.certifierName(),
                l.productName(), l.productCategory(), l.geography(), l.footprintValue(), l.footprintUnit(),
                l.declaredUnit(), l.declaredUnitAmount(), l.documentHash(), l.grantedAt(), l.decidedAt(), l.decidedBy(),
                l.txId(), l.signingKeyId());
    }

    private static LabelRecord withKey(LabelRecord l, String kid) {
        return new LabelRecord(l.labelId(), l.footprintId(), l.version(), l.decision(), l.status(), l.grade(), l.validFrom(),
                l.validUntil(), l.reason(), l.gtin(), l.certifierId(), l.certifierMsp(), l.certifierName(),
                l.productName(), l.productCategory(), l.geography(), l.footprintValue(), l.footprintUnit(),
                l.declaredUnit(), l.declaredUnitAmount(), l.documentHash(), l.grantedAt(), l.decidedAt(), l.decidedBy(),
                l.txId(), kid);
    }
}
