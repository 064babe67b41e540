package org.tanji.gateway.label.render;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;

/**
 * QR codes of label texts, with error correction M and the 4-module quiet zone ISO/IEC 18004
 * asks for, as PNG (1-bit greyscale, written directly: a label run prints thousands of them) or as
 * SVG modules.
 */
public final class QrCodes {
    /** The quiet zone around the symbol, in modules. */
    public static final int QUIET_ZONE = 4;
    public static final int MIN_PNG_SIZE = 64;
    public static final int MAX_PNG_SIZE = 2048;
    public static final int DEFAULT_PNG_SIZE = 300;
    private static final ErrorCorrectionLevel LEVEL = ErrorCorrectionLevel.M;
    /** Encoded with one fixed mask; {@link QrMasking} then picks the standard's mask from the eight. */
    private static final Map<EncodeHintType, Object> HINTS = Map.of(
            EncodeHintType.ERROR_CORRECTION, LEVEL,
            EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name(),
            EncodeHintType.QR_MASK_PATTERN, QrMasking.ENCODED_MASK);
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** zlib's state is costly to set up and tear down per image; each thread keeps one and resets it. */
    private static final ThreadLocal<Deflater> DEFLATER = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED));

    private QrCodes() {
    }

    /**
     * One bit per module, the quiet zone included: the symbol ZXing's encoder makes (byte mode, UTF-8
     * ECI, the smallest version that holds the text) under the data mask of lowest penalty.
     */
    public static BitMatrix modules(String text) {
        QRCode code;
        try {
            code = Encoder.encode(text, LEVEL, HINTS);
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode a QR code of " + text.length() + " characters", e);
        }
        QrMasking.Choice symbol = QrMasking.choose(code.getMatrix(), code.getVersion(), LEVEL);
        int n = symbol.size();
        BitMatrix m = new BitMatrix(n + 2 * QUIET_ZONE);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                if (symbol.dark(x, y)) {
                    m.set(x + QUIET_ZONE, y + QUIET_ZONE);
                }
            }
        }
        return m;
    }

    /**
     * A PNG at least {@code size} pixels wide when {@code size} allows whole pixels per module, else
     * the nearest whole-module size below it; never under one pixel per module.
     */
    public static byte[] png(String text, int size) {
        if (size < MIN_PNG_SIZE || size > MAX_PNG_SIZE) {
            throw new IllegalArgumentException("size must be between " + MIN_PNG_SIZE + " and " + MAX_PNG_SIZE);
        }
        BitMatrix m = modules(text);
        int scale = Math.max(1, size / m.getWidth());
        return png(m, scale);
    }

    /** A PNG of {@code scale} pixels per module: black modules on white, 1 bit per pixel. */
    public static byte[] png(BitMatrix m, int scale) {
        int width = m.getWidth() * scale;
        int rowBytes = (width + 7) / 8;
        byte[] raw = new byte[(rowBytes + 1) * width];
        byte[] row = new byte[rowBytes];
        int at = 0;
        for (int y = 0; y < m.getHeight(); y++) {
            java.util.Arrays.fill(row, (byte) 0xFF);
            for (int x = 0; x < m.getWidth(); x++) {
                if (m.get(x, y)) {
                    for (int px = x * scale, end = px + scale; px < end; px++) {
                        row[px >> 3] &= (byte) ~(0x80 >>> (px & 7));
                    }
                }
            }
            for (int r = 0; r < scale; r++) {
                raw[at++] = 0; // filter: none
                System.arraycopy(row, 0, raw, at, rowBytes);
                at += rowBytes;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 8 + 128);
        out.writeBytes(PNG_SIGNATURE);
        byte[] header = new byte[13];
        putInt(header, 0, width);
        putInt(header, 4, width);
        header[8] = 1; // bit depth
        header[9] = 0; // greyscale
        chunk(out, "IHDR", header, header.length);
        Deflater deflater = DEFLATER.get();
        deflater.reset();
        deflater.setInput(raw);
        deflater.finish();
        byte[] compressed = new byte[raw.length + 64];
        int length = 0;
        while (!deflater.finished()) {
            if (length == compressed.length) {
                compressed = java.util.Arrays.copyOf(compressed, compressed.length * 2);
            }
            length += deflater.deflate(compressed, length, compressed.length - length);
        }
        chunk(out, "IDAT", compressed, length);
        chunk(out, "IEND", new byte[0], 0);
        return out.toByteArray();
    }

    /**
     * An SVG path of the dark modules, one {@code M x y h n v1 h-n z} per horizontal run, in module
     * units with the quiet zone as the origin's margin: scale it with the SVG's viewBox.
     */
    public static String svgPath(BitMatrix m) {
        StringBuilder d = new StringBuilder(m.getWidth() * m.getHeight());
        runs(m, (x, y, length) -> d.append('M').append(x).append(' ').append(y).append('h').append(length)
                .append("v1h-").append(length).append('z'));
        return d.toString();
    }

    /** Receives each horizontal run of dark modules. */
    @FunctionalInterface
    public interface Runs {
        void run(int x, int y, int length) throws java.io.IOException;
    }

    /** Calls {@code runs} for each horizontal run of dark modules, row by row from the top left. */
    public static void runs(BitMatrix m, Runs runs) {
        try {
            for (int y = 0; y < m.getHeight(); y++) {
                int x = 0;
                while (x < m.getWidth()) {
                    if (!m.get(x, y)) {
                        x++;
                        continue;
                    }
                    int start = x;
                    while (x < m.getWidth() && m.get(x, y)) {
                        x++;
                    }
                    runs.run(start, y, x - start);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A standalone SVG QR code: the modules on a white square, quiet zone included. */
    public static String svg(String text) {
        BitMatrix m = modules(text);
        int n = m.getWidth();
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + n + " " + n + "\" width=\"" + n * 8
                + "\" height=\"" + n * 8 + "\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"" + n + "\" height=\"" + n + "\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + svgPath(m) + "\"/></svg>\n";
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data, int length) {
        byte[] len = new byte[4];
        putInt(len, 0, length);
        out.writeBytes(len);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.write(data, 0, length);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data, 0, length);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.writeBytes(c);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
