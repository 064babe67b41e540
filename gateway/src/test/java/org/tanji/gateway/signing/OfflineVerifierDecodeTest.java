package org.tanji.gateway.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * The offline verifier reads back every exported label PNG, whatever the random label id and
 * signature made of the symbol. Clean rendered symbols once failed ZXing's finder-pattern
 * detector now and then ("no QR code found"), which made an API test flaky.
 */
class OfflineVerifierDecodeTest {

    @TempDir
    Path dir;

    @Test
    void everyRenderedLabelTextDecodesFromItsPng() throws Exception {
        Random random = new Random(20261201);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            StringBuilder id = new StringBuilder();
            for (int k = 0; k < 26; k++) {
                id.append(alphabet.charAt(random.nextInt(32)));
            }
            byte[] signature = new byte[64];
            random.nextBytes(signature);
            String text = String.format(Locale.ROOT,
                    "http://127.0.0.1:%d/01/06901234567892?l=%s&v=62.5&u=kgCO2e&g=A&e=2027-12-31&i=cb-%d&k=k%d&s=%s",
                    40000 + random.nextInt(20000), id, i, i, Base64.getUrlEncoder().withoutPadding().encodeToString(signature));
            var matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 400, 400,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
            BufferedImage image = MatrixToImageWriter.toBufferedImage(matrix);
            Path png = dir.resolve("label-" + i + ".png");
            ImageIO.write(image, "png", png.toFile());
            try {
                if (!text.equals(OfflineVerifier.text(png.toString()))) {
                    failed.add(i + ": decoded differently");
                }
            } catch (com.google.zxing.NotFoundException e) {
                failed.add(i + ": not found");
            }
            Files.delete(png);
        }
        assertThat(failed).isEmpty();
    }
}
