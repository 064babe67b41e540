package org.tanji.gateway.label.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.api.BrowserApiAccess;
import org.tanji.gateway.browser.DebianPackages;
import org.tanji.gateway.label.LabelVerifier;
import org.tanji.gateway.label.QrTexts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.Result;
import com.google.zxing.ResultMetadataType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;

import tools.jackson.databind.JsonNode;

/**
 * The renderings over real HTTP: the PNG QR code decodes, with ZXing and with the independent
 * zbarimg, to exactly the label's QR text, whose URL then verifies; the SVG's modules are ZXing's
 * matrix of the same text; the artwork is self-contained escaped SVG; the certificate is one A4
 * page with the facts and the ledger proof; and every rendering follows revocation.
 */
class LabelRenderingApiTest extends BrowserApiAccess {
    private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");
    @Autowired
    QrTexts qrTexts;
    @Autowired
    LabelVerifier verifier;

    /** A granted label without GTIN, so its QR text is a link to this registry's /l/ page. */
    private String[] grantedLabel(ObjectNode footprint) {
        Client certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN-AH"));
        return grantedLabel(certifier, postFootprint(certifier, footprint).get("id").asString());
    }

    private String[] grantedLabel(Client certifier, String footprintId) {
        benchmarkFor(certifier, footprintId);
        JsonNode granted = http.post().uri("/api/v1/certifications").headers(bearer(certifier)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("footprintId", footprintId, "decision", "GRANTED", "validUntil", inDays(365)))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        return new String[] {granted.get("labelId").asString(), certifier.token(), granted.get("txId").asString()};
    }

    private String qrTextOf(String labelId) {
        return qrTexts.label(verifier.current(labelId).block().record()).block();
    }

    private byte[] get(String path) {
        return http.get().uri(path).exchange().expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
    }

    @Test
    void pngDecodesWithZxingAndZbarimgToTheLabelsTextWhichVerifies() throws Exception {
        String[] label = grantedLabel(batteryFootprint());
        String labelId = label[0];
        String expected = qrTextOf(labelId);
        JsonNode record = http.get().uri("/api/v1/labels/{id}", labelId).headers(h -> h.setBearerAuth(label[1])).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(record.get("qrText").asString()).isEqualTo(expected);

        byte[] png = http.get().uri("/api/v1/labels/{id}/qr.png?size=400", labelId).exchange().expectStatus().isOk()
                .expectHeader().contentType(MediaType.IMAGE_PNG).expectBody(byte[].class).returnResult().getResponseBody();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        // ZXing reads the symbol as the pure barcode it is; zbarimg below is the scanner that has to
        // find it in the image. ZXing's own finder-pattern detector missed about 1.5 % of such
        // perfectly aligned symbols (44 of 3,000 random label texts, NotFound or FormatException),
        // the very symbols ZXing's encoder makes for those texts, which zbarimg and ZXing's pure mode
        // both read: with a random label per run that made this test fail now and then.
        Result zxing = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                Map.of(DecodeHintType.PURE_BARCODE, true));
        assertThat(zxing.getText()).isEqualTo(expected);
        assertThat(ErrorCorrectionLevel.valueOf((String) zxing.getResultMetadata().get(ResultMetadataType.ERROR_CORRECTION_LEVEL)))
                .isIn(EnumSet.of(ErrorCorrectionLevel.M, ErrorCorrectionLevel.Q, ErrorCorrectionLevel.H));
        // The requested size, in whole pixels per module, and a quiet zone of at least 4 modules of white.
        int modules = Encoder.encode(expected, ErrorCorrectionLevel.M, Map.of(EncodeHintType.CHARACTER_SET, "UTF-8"))
                .getMatrix().getWidth() + 8;
        int scale = image.getWidth() / modules;
        assertThat(image.getWidth()).isEqualTo(modules * scale).isLessThanOrEqualTo(400).isGreaterThan(400 - modules);
        assertThat(firstDark(image)).isGreaterThanOrEqualTo(4 * scale);

        Path file = Path.of("target", "qr-roundtrip-" + labelId + ".png");
        Files.write(file, png);
        assertThat(zbarimg(file)).isEqualTo(expected);

        // The decoded text is the label's signed page link: the page opens with the signature
        // verified, and the scanned text verifies as genuine and VALID.
        assertThat(expected).startsWith(baseUrl() + "/l/" + labelId + "?").contains("&s=");
        String page = new String(get(expected.substring(baseUrl().length())), StandardCharsets.UTF_8);
        assertThat(page).contains("VALID").contains(labelId).contains("Certifier's signature verified");
        JsonNode scan = http.post().uri("/api/v1/labels/verify").contentType(MediaType.TEXT_PLAIN).bodyValue(zbarimg(file))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(scan.get("signatureValid").asBoolean()).as(scan.toString()).isTrue();
        assertThat(scan.get("status").asString()).isEqualTo("VALID");
    }

    @Test
    void svgModulesAreZxingsMatrixOfTheSameText() throws Exception {
        String labelId = grantedLabel(batteryFootprint())[0];
        String svg = new String(get("/api/v1/labels/" + labelId + "/qr.svg"), StandardCharsets.UTF_8);
        ByteMatrix expected = Encoder.encode(qrTextOf(labelId), ErrorCorrectionLevel.M,
                Map.of(EncodeHintType.CHARACTER_SET, "UTF-8")).getMatrix();
        int n = expected.getWidth() + 8;
        assertThat(svg).contains("viewBox=\"0 0 " + n + " " + n + "\"");
        boolean[][] drawn = modules(svg, n);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                boolean inSymbol = x >= 4 && y >= 4 && x < n - 4 && y < n - 4;
                boolean dark = inSymbol && expected.get(x - 4, y - 4) == 1;
                assertThat(drawn[y][x]).as("module %d,%d", x, y).isEqualTo(dark);
            }
        }
    }

    @Test
    void artworkIsSelfContainedEscapedSvgWithTheLabelsFacts() throws Exception {
        ObjectNode footprint = batteryFootprint();
        footprint.put("productNameCompany", "LFP <cell> & \"280Ah\" ]]>");
        String labelId = grantedLabel(footprint)[0];
        var v = verifier.verify(labelId).block();
        String svg = new String(http.get().uri("/api/v1/labels/{id}/artwork.svg", labelId).exchange().expectStatus().isOk()
                .expectHeader().contentType("image/svg+xml;charset=UTF-8")
                .expectHeader().valueEquals("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .expectBody(byte[].class).returnResult().getResponseBody(), StandardCharsets.UTF_8);
        // Well-formed XML, with the hostile product name as escaped text.
        var dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        var doc = dbf.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(doc.getDocumentElement().getTextContent()).contains("LFP <cell> & \"280Ah\" ]]>");
        assertThat(svg).contains("LFP &lt;cell&gt; &amp; &quot;280Ah&quot; ]]&gt;")
                .contains("碳足迹").contains("CARBON FOOTPRINT").contains(">62.5<").contains("kg CO₂e per 1 kilowatt hour")
                .contains(">" + v.grade() + "</text>").contains(labelId).contains(v.certifier().name())
                .contains(v.validFrom().substring(0, 10)).contains(v.validUntil().substring(0, 10));
        assertThat(svg.toLowerCase()).doesNotContain("<script").doesNotContain("href").doesNotContain("url(")
                .doesNotContain("@import").doesNotContain("<image").doesNotContain("@font-face");
        // The QR code in the artwork is the label's, module for module.
        Matcher qr = Pattern.compile("<g transform=\"translate\\([^)]*\\) scale\\([^)]*\\)\"[^>]*><rect width=\"(\\d+)\"[^>]*/>"
                + "<path fill=\"#000\" d=\"([^\"]*)\"/></g>").matcher(svg);
        assertThat(qr.find()).isTrue();
        String standalone = QrCodes.svg(qrTextOf(labelId));
        assertThat(standalone).contains("d=\"" + qr.group(2) + "\"");
    }

    @Test
    void certificateIsOneA4PageWithFactsStagesAndLedgerProof() throws Exception {
        String[] label = grantedLabel(batteryFootprint());
        String labelId = label[0];
        var v = verifier.verify(labelId).block();
        byte[] pdf = http.get().uri("/api/v1/labels/{id}/certificate.pdf", labelId).exchange().expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_PDF).expectBody(byte[].class).returnResult().getResponseBody();
        Files.write(Path.of("target", "certificate-" + labelId + ".pdf"), pdf);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isEqualTo(1);
            PDRectangle box = doc.getPage(0).getMediaBox();
            assertThat(box.getWidth()).isEqualTo(PDRectangle.A4.getWidth());
            assertThat(box.getHeight()).isEqualTo(PDRectangle.A4.getHeight());
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("Carbon Footprint Certificate").contains("VALID").contains("62.5")
                    .contains("per 1 kilowatt hour").contains(labelId).contains(v.certifier().name()).contains("ACTIVE")
                    .contains(v.validUntil().substring(0, 10)).contains("Raw materials").contains("41.2").contains("End of life")
                    .contains(label[2]).contains(v.proof().recordHash()).contains(v.proof().blockHash())
                    .contains("Block " + v.proof().blockNumber());
            boolean bilingual = new LabelCertificate().bilingual();
            if (bilingual) {
                assertThat(text).contains("碳足迹证书").contains("原材料获取").contains("kg CO₂e");
            }
            for (var name : doc.getPage(0).getResources().getFontNames()) {
                PDFont font = doc.getPage(0).getResources().getFont(name);
                assertThat(font.isEmbedded()).as(font.getName()).isEqualTo(bilingual);
            }
        }

        // Without a Chinese font the certificate is English in the standard fonts, and says so.
        byte[] latin = new LabelCertificate(new PdfFonts(List.of())).pdf(v, qrTextOf(labelId));
        try (PDDocument doc = Loader.loadPDF(latin)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("Carbon Footprint Certificate").contains("kg CO2e").contains("Raw materials")
                    .contains(label[2]).contains("English only");
            assertThat(text.codePoints().allMatch(c -> c < 0x100)).isTrue();
            for (var name : doc.getPage(0).getResources().getFontNames()) {
                assertThat(doc.getPage(0).getResources().getFont(name).getName()).isIn("Helvetica", "Helvetica-Bold", "Courier");
            }
        }
    }

    /** The printed label and the certificate carry a reduction claim as the label page does. */
    @Test
    void artworkAndCertificateShowTheReductionTheFootprintClaims() throws Exception {
        Client certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN-AH"));
        String first = postFootprint(certifier, batteryFootprint()).get("id").asString();
        String second = postFootprint(certifier, batteryClaimingReduction(first, "55")).get("id").asString();
        String labelId = grantedLabel(certifier, second)[0];
        var v = verifier.verify(labelId).block();
        // 62.5 -> 55: 7.5 kg CO2e less, 7.5 / 62.5 = 12.00 %, as the ledger computed it.
        assertThat(v.footprint().reduction().reductionPercent()).isEqualTo("12.00");

        String svg = new String(get("/api/v1/labels/" + labelId + "/artwork.svg"), StandardCharsets.UTF_8);
        assertThat(svg).contains("比上一版本减少 12.00 %").contains("Reduced by 12.00 % against the preceding version");
        byte[] pdf = get("/api/v1/labels/" + labelId + "/certificate.pdf");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("Reduced by 12.00 % (7.5 kg CO").contains(") against the preceding version, 62.5 kg CO");
            if (new LabelCertificate().bilingual()) {
                assertThat(text).contains("比上一版本减少 12.00 %");
            }
        }
        byte[] latin = new LabelCertificate(new PdfFonts(List.of())).pdf(v, qrTextOf(labelId));
        try (PDDocument doc = Loader.loadPDF(latin)) {
            assertThat(new PDFTextStripper().getText(doc))
                    .contains("Reduced by 12.00 % (7.5 kg CO2e) against the preceding version, 62.5 kg CO2e");
        }

        // A footprint that claims nothing: its label says nothing of a reduction.
        String plain = grantedLabel(batteryFootprint())[0];
        assertThat(new String(get("/api/v1/labels/" + plain + "/artwork.svg"), StandardCharsets.UTF_8))
                .doesNotContain("Reduced by").doesNotContain("减少");
        try (PDDocument doc = Loader.loadPDF(get("/api/v1/labels/" + plain + "/certificate.pdf"))) {
            assertThat(new PDFTextStripper().getText(doc)).doesNotContain("Reduced by");
        }
    }

    @Test
    void renderingsRevalidateByEtagAndFollowRevocation() throws Exception {
        String[] label = grantedLabel(batteryFootprint());
        String labelId = label[0];
        for (String rendering : List.of("qr.png", "qr.svg", "artwork.svg", "certificate.pdf")) {
            String path = "/api/v1/labels/" + labelId + "/" + rendering;
            HttpHeaders first = http.get().uri(path).exchange().expectStatus().isOk()
                    .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache").returnResult(byte[].class).getResponseHeaders();
            String etag = first.getETag();
            assertThat(etag).startsWith("\"");
            http.get().uri(path).header(HttpHeaders.IF_NONE_MATCH, etag).exchange().expectStatus().isNotModified()
                    .expectHeader().valueEquals(HttpHeaders.ETAG, etag);
        }
        String etag = http.get().uri("/api/v1/labels/{id}/certificate.pdf", labelId).exchange().returnResult(byte[].class)
                .getResponseHeaders().getETag();
        http.post().uri("/api/v1/certifications").headers(h -> h.setBearerAuth(label[1])).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("labelId", labelId, "decision", "REVOKED", "reason", "figures withdrawn"))
                .exchange().expectStatus().isOk();
        var after = http.get().uri("/api/v1/labels/{id}/certificate.pdf", labelId).header(HttpHeaders.IF_NONE_MATCH, etag)
                .exchange().expectStatus().isOk().expectBody(byte[].class).returnResult();
        assertThat(after.getResponseHeaders().getETag()).isNotEqualTo(etag);
        try (PDDocument doc = Loader.loadPDF(after.getResponseBody())) {
            assertThat(new PDFTextStripper().getText(doc)).contains("REVOKED").contains("figures withdrawn");
        }
    }

    @Test
    void unknownLabelIsProblemNotFoundAndBadSizeIsRefused() {
        for (String rendering : List.of("qr.png", "qr.svg", "artwork.svg", "certificate.pdf")) {
            for (String id : List.of("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "not-a-label")) {
                http.get().uri("/api/v1/labels/" + id + "/" + rendering).exchange().expectStatus().isNotFound()
                        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
            }
        }
        String labelId = grantedLabel(batteryFootprint())[0];
        for (String size : List.of("10", "5000", "big")) {
            http.get().uri("/api/v1/labels/" + labelId + "/qr.png?size=" + size).exchange().expectStatus().isBadRequest();
        }
    }

    private static int firstDark(BufferedImage image) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFF) < 128) {
                    return Math.min(x, y);
                }
            }
        }
        return -1;
    }

    /** The dark modules an SVG path of horizontal runs draws. */
    static boolean[][] modules(String svg, int n) {
        boolean[][] grid = new boolean[n][n];
        Matcher d = Pattern.compile(" d=\"([^\"]*)\"").matcher(svg);
        assertThat(d.find()).isTrue();
        Matcher run = RUN.matcher(d.group(1));
        int consumed = 0;
        while (run.find()) {
            assertThat(run.start()).isEqualTo(consumed);
            consumed = run.end();
            int x = Integer.parseInt(run.group(1));
            int y = Integer.parseInt(run.group(2));
            for (int i = 0; i < Integer.parseInt(run.group(3)); i++) {
                grid[y][x + i] = true;
            }
        }
        assertThat(consumed).isEqualTo(d.group(1).length());
        return grid;
    }

    private static String zbarimg(Path png) throws Exception {
        Path zbar = DebianPackages.require("zbar-tools", "/usr/bin/zbarimg");
        Process p = new ProcessBuilder(zbar.toString(), "--raw", "-q", "-Sdisable", "-Sqrcode.enable", png.toAbsolutePath().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("zbarimg exit").isZero();
        return out.strip();
    }
}
