package org.tanji.gateway.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.tanji.gateway.security.Role;

/**
 * The consumer's verification page in a real headless Chromium at phone width: it renders the
 * status, the figure and the proof, with no script at all, and revocation shows on reload.
 */
class LabelPageBrowserTest extends org.tanji.gateway.api.BrowserApiAccess {
    static HeadlessChromium chromium;

    @BeforeAll
    static void browser() throws Exception {
        chromium = HeadlessChromium.locate();
    }

    @Test
    void validLabelPageRendersFiguresAndProofWithoutScript(@TempDir Path dir) throws Exception {
        Client certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN-AH"));
        String footprintId = postFootprint(certifier, batteryFootprint()).get("id").asString();
        var granted = grant(certifier, footprintId);
        String labelId = granted.get("labelId").asString();
        String url = baseUrl() + "/l/" + labelId;

        String dom = chromium.dumpDom(url);
        assertThat(dom).contains("VALID").contains("62.5").contains("kg CO₂e").contains(labelId)
                .contains(granted.get("txId").asString()).contains("Raw materials").doesNotContain("<script");

        Path png = chromium.screenshot(url, dir.resolve("label.png"));
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(390);
        // The status banner at the top is the VALID green (#1b7f3b), not a blank page.
        int rgb = image.getRGB(40, 40) & 0xFFFFFF;
        assertThat(rgb).as("banner colour %06x", rgb).isEqualTo(0x1b7f3b);
        Files.copy(png, Path.of("target", "label-page-valid.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void revokedLabelShowsRevokedOnTheNextLoad(@TempDir Path dir) throws Exception {
        Client certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN-AH"));
        String footprintId = postFootprint(certifier, batteryFootprint()).get("id").asString();
        String labelId = grant(certifier, footprintId).get("labelId").asString();
        String url = baseUrl() + "/l/" + labelId;
        assertThat(chromium.dumpDom(url)).contains("VALID");

        http.post().uri("/api/v1/certifications").headers(bearer(certifier)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("labelId", labelId, "decision", "REVOKED", "reason", "counterfeit batch found"))
                .exchange().expectStatus().isOk();

        String dom = chromium.dumpDom(url);
        assertThat(dom).contains("REVOKED").contains("counterfeit batch found");
        BufferedImage image = ImageIO.read(chromium.screenshot(url, dir.resolve("revoked.png")).toFile());
        assertThat(image.getRGB(40, 40) & 0xFFFFFF).isEqualTo(0xb3261e);
    }

    @Test
    void unknownLabelPageSaysNotFound() throws Exception {
        assertThat(chromium.dumpDom(baseUrl() + "/l/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).contains("NOT FOUND")
                .contains("may be counterfeit");
    }
}
