package org.tanji.gateway.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The consumer's verification page in real headless Chromium (Selenium and chromedriver) at phone
 * width: it shows the status in words and colour, the figure and the proof, with no script at
 * all; a revocation shows on the next load; an unknown code says NOT FOUND. Screenshots are kept
 * in {@code gateway/target/browser-screenshots/}.
 */
class LabelPageBrowserTest extends org.tanji.gateway.api.BrowserApiAccess {
    static HeadlessChromium chromium;

    @BeforeAll
    static void browser() throws Exception {
        chromium = HeadlessChromium.start();
    }

    @AfterAll
    static void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void validLabelThenRevokedOnTheNextLoad() throws Exception {
        Client certifier = accreditedCertifier("AnhuiMSP", List.of("lithium-battery"), List.of("CN-AH"));
        String footprintId = postFootprint(certifier, batteryFootprint()).get("id").asString();
        var granted = grant(certifier, footprintId);
        String labelId = granted.get("labelId").asString();
        String url = baseUrl() + "/l/" + labelId;

        String dom = chromium.open(url);
        assertThat(chromium.find("section.status h1").getText()).contains("VALID").doesNotContain("REVOKED");
        assertThat(chromium.find("section.status").getCssValue("background-color")).isEqualTo("rgba(27, 127, 59, 1)");
        assertThat(chromium.find(".value").getText()).contains("62.5").contains("kg CO₂e");
        assertThat(dom).contains(labelId).contains(granted.get("txId").asString()).contains("Raw materials")
                .contains("<details").doesNotContain("<script");
        assertBanner(chromium.screenshot("label-page-valid.png"), 0x1b7f3b);

        decide(certifier, labelId, "REVOKED", "counterfeit batch found").expectStatus().isOk();

        chromium.open(url);
        assertThat(chromium.find("section.status h1").getText()).contains("REVOKED");
        assertThat(chromium.find("section.status").getText()).contains("counterfeit batch found");
        assertBanner(chromium.screenshot("label-page-revoked.png"), 0xb3261e);
    }

    @Test
    void unknownLabelPageSaysNotFound() throws Exception {
        String url = baseUrl() + "/l/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        http.get().uri(url).exchange().expectStatus().isNotFound();
        chromium.open(url);
        assertThat(chromium.find("section.status h1").getText()).contains("NOT FOUND");
        assertThat(chromium.find("section.status").getText()).contains("may be counterfeit");
        assertBanner(chromium.screenshot("label-page-not-found.png"), 0xb3261e);
    }

    /** The screenshot is phone-width and its status banner has the status colour, not a blank page. */
    private static void assertBanner(Path png, int rgb) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(HeadlessChromium.WIDTH);
        int at = image.getRGB(40, 40) & 0xFFFFFF;
        assertThat(at).as("banner colour %06x", at).isEqualTo(rgb);
    }
}
