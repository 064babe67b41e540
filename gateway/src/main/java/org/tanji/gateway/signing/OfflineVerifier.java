package org.tanji.gateway.signing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.Binarizer;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;

/**
 * {@code ./tanji verify <qr.png|text> [--keys file-or-url]}: checks a label's QR code with no
 * registry, against the certifiers' key set the registry publishes (a file saved from
 * {@code /.well-known/tanji/certifier-keys.json}, or that URL; by default the key set of the
 * registry the code points to). Exit code 0 valid, 1 invalid, 2 usage error.
 */
public final class OfflineVerifier {
    static final int VALID = 0;
    static final int INVALID = 1;
    static final int USAGE = 2;

    private OfflineVerifier() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String input = null;
        String keysFrom = null;
        for (int i = 0; i < args.length; i++) {
            if ("--keys".equals(args[i]) && i + 1 < args.length) {
                keysFrom = args[++i];
            } else if (args[i].startsWith("-") || input != null) {
                return usage(err, "unexpected argument " + args[i]);
            } else {
                input = args[i];
            }
        }
        if (input == null) {
            return usage(err, "name a QR code image (PNG) or give its text");
        }
        String text;
        try {
            text = text(input);
        } catch (IOException e) {
            return usage(err, "cannot read " + input + ": " + e.getMessage());
        } catch (NotFoundException e) {
            out.println("INVALID: no QR code found in " + input);
            return INVALID;
        }
        QrText parsed;
        try {
            parsed = QrText.parse(text);
        } catch (QrText.Malformed e) {
            out.println("INVALID: not a Tanji label code: " + e.getMessage());
            out.println("  text: " + printable(text));
            return INVALID;
        }
        Map<String, PublishedKey> keys;
        String source = keysFrom != null ? keysFrom : parsed.base() + "/.well-known/tanji/certifier-keys.json";
        try {
            keys = Jwks.read(fetch(source));
        } catch (IOException | IllegalArgumentException e) {
            return usage(err, "cannot read the certifiers' key set from " + source + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return usage(err, "interrupted");
        }
        SignatureVerdict verdict = SignatureVerdict.of(text, parsed, keys::get);
        boolean expired = parsed.signed() && !Instant.now().isBefore(parsed.validUntilInstant());
        if (!verdict.valid()) {
            out.println("INVALID: " + verdict.reason());
        } else if (expired) {
            out.println("EXPIRED: the signature is genuine, but the certification it shows ended on " + parsed.validUntilInstant());
        } else {
            out.println("VALID: signed by " + verdict.key().ownerId() + " with key " + verdict.key().kid() + " ("
                    + verdict.key().alg() + ")");
        }
        facts(out, parsed, verdict.key());
        out.println("keys: " + source);
        out.println("note: an offline check proves who signed these facts; a suspension or revocation of the label"
                + " itself shows only online (" + parsed.base() + "/l/" + parsed.labelId() + ")");
        return verdict.valid() && !expired ? VALID : INVALID;
    }

    private static void facts(PrintStream out, QrText t, PublishedKey key) {
        out.println("  label        " + t.labelId());
        if (t.gtin() != null) {
            out.println("  GTIN         " + t.gtin() + (t.lot() == null ? "" : "  lot " + t.lot())
                    + (t.serial() == null ? "" : "  serial " + t.serial()));
        }
        if (t.signed()) {
            out.println("  footprint    " + t.value() + " " + t.unit());
            out.println("  grade        " + t.grade());
            out.println("  valid until  " + t.validUntilInstant());
            out.println("  issued at    " + t.issuedAtInstant());
            out.println("  key          " + t.kid() + (key == null ? " (unknown)" : " " + key.alg() + ", " + key.status()
                    + ", owner " + key.ownerId()));
        }
    }

    /** The QR text: decoded from an image file, or the argument itself. */
    static String text(String input) throws IOException, NotFoundException {
        Path file = Path.of(input.length() > 255 || input.contains("://") ? "-" : input);
        if (!input.contains("://") && Files.isRegularFile(file)) {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new IOException("not an image ImageIO can read (PNG, JPEG, GIF, BMP)");
            }
            return decode(image);
        }
        if (!input.contains("://")) {
            throw new IOException("no such file (and not a URL either)");
        }
        return input.strip();
    }

    /**
     * ZXing's finder-pattern detector missed some clean, rendered labels (8 of the first 100 random
     * signed texts in OfflineVerifierDecodeTest); those are then read as a pure barcode (an undistorted symbol on a
     * quiet zone, which is what an exported label is), and a photo that is neither gets one more
     * try with the global-histogram binarizer.
     */
    private static String decode(BufferedImage image) throws NotFoundException {
        BufferedImageLuminanceSource source = new BufferedImageLuminanceSource(image);
        Map<DecodeHintType, Object> qr = Map.of(DecodeHintType.POSSIBLE_FORMATS, java.util.List.of(BarcodeFormat.QR_CODE),
                DecodeHintType.TRY_HARDER, Boolean.TRUE);
        Map<DecodeHintType, Object> pure = new java.util.HashMap<>(qr);
        pure.put(DecodeHintType.PURE_BARCODE, Boolean.TRUE);
        java.util.List<Map.Entry<Binarizer, Map<DecodeHintType, Object>>> attempts = java.util.List.of(
                Map.entry(new HybridBinarizer(source), qr), Map.entry(new HybridBinarizer(source), pure),
                Map.entry(new GlobalHistogramBinarizer(source), qr));
        MultiFormatReader reader = new MultiFormatReader();
        NotFoundException missed = null;
        for (Map.Entry<Binarizer, Map<DecodeHintType, Object>> attempt : attempts) {
            try {
                return reader.decode(new BinaryBitmap(attempt.getKey()), attempt.getValue()).getText();
            } catch (NotFoundException e) {
                missed = e;
            }
        }
        throw missed;
    }

    private static byte[] fetch(String source) throws IOException, InterruptedException {
        if (source.startsWith("http://") || source.startsWith("https://")) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(source))
                    .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            return response.body();
        }
        return Files.readAllBytes(Path.of(source));
    }

    private static String printable(String text) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "…" : text;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static int usage(PrintStream err, String problem) {
        err.println("tanji verify: " + problem);
        err.println("usage: ./tanji verify <qr.png|text> [--keys certifier-keys.json|URL]");
        return USAGE;
    }
}
