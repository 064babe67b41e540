package org.tanji.gateway.label.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * The QR symbols are the ones ZXing's own encoder makes when it scores all eight masks itself:
 * same version, same mask, module for module, for texts from 1 character (version 1) to versions
 * with version information (7 and up) and many alignment patterns.
 */
class QrCodesTest {
    private static final Map<EncodeHintType, Object> ZXING_DEFAULT = Map.of(
            EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
            EncodeHintType.MARGIN, QrCodes.QUIET_ZONE,
            EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());

    @Test
    void symbolsAreZxingsOwnChoiceOfMaskModuleForModule() throws Exception {
        Random random = new Random(18004);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/?=&:%碳迹";
        int[] masksSeen = new int[8];
        for (int i = 0; i < 600; i++) {
            int length = 1 + random.nextInt(i < 300 ? 200 : 900);
            StringBuilder text = new StringBuilder(length);
            for (int k = 0; k < length; k++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            BitMatrix zxing = new QRCodeWriter().encode(text.toString(), BarcodeFormat.QR_CODE, 0, 0, ZXING_DEFAULT);
            BitMatrix ours = QrCodes.modules(text.toString());
            assertThat(ours).as("text of %d characters", length).isEqualTo(zxing);
            masksSeen[maskOf(text.toString())]++;
        }
        // every one of the eight masks wins for some text, so each one's derivation was compared
        assertThat(masksSeen).doesNotContain(0);
    }

    @Test
    void pngDecodesToTheTextAtEveryScale() throws Exception {
        String text = "https://tanji.example/01/06901234567892/21/S00000042?l=ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
                + "&s=MEUCIQDq3xFh6m0rj4b3v9gq2Yk1-4c5b6n7m8l9k0j1h2g3f4AiBx_y";
        for (int size : new int[] {QrCodes.MIN_PNG_SIZE, QrCodes.DEFAULT_PNG_SIZE, 1000}) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(QrCodes.png(text, size)));
            int modules = QrCodes.modules(text).getWidth();
            assertThat(image.getWidth()).isEqualTo(modules * Math.max(1, size / modules));
            String decoded = new QRCodeReader().decode(
                    new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                    Map.of(DecodeHintType.PURE_BARCODE, true)).getText();
            assertThat(decoded).isEqualTo(text);
        }
    }

    private static int maskOf(String text) throws Exception {
        return com.google.zxing.qrcode.encoder.Encoder.encode(text, ErrorCorrectionLevel.M,
                Map.of(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name())).getMaskPattern();
    }
}
