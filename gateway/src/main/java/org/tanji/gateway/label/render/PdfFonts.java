package org.tanji.gateway.label.render;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;

/**
 * The fonts of the certificate. With a TrueType font that covers Chinese on this machine (Debian
 * fonts-wqy-microhei, fonts-wqy-zenhei or fonts-arphic-uming) that also shows Latin text, its subset is
 * embedded and the certificate is bilingual; without one, it is English only in the standard
 * Helvetica and Courier, which every PDF reader has, and every character they cannot show becomes
 * {@code ?}.
 */
final class PdfFonts {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PdfFonts.class);
    static final List<Path> CJK_CANDIDATES = List.of(
            Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
            Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
            Path.of("/usr/share/fonts/truetype/arphic/uming.ttc"),
            Path.of("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"));
    private final Path cjk;

    /**
     * What a font must be able to show, besides printable ASCII, to be used: every character of the
     * certificate's own Chinese and symbols ({@link Opened#fit} shows {@code ?} for the rest, so
     * {@code ?} must be there too). DroidSansFallbackFull, for one, has no Latin letters at all.
     */
    static final String REQUIRED = "·书交产以件决别前区可周命品哈地块存定希当录态或扫效文时易最有期机构标核段状生登码碳等签类级认记访证足近迹链问间阶验";

    PdfFonts(List<Path> candidates) {
        this.cjk = candidates.stream().filter(Files::isReadable).filter(PdfFonts::coversTheCertificate).findFirst().orElse(null);
    }

    private static boolean coversTheCertificate(Path file) {
        try (Loaded font = load(file)) {
            CmapLookup cmap = font.ttf().getUnicodeCmapLookup();
            for (int c = 0x20; c < 0x7F; c++) {
                if (cmap.getGlyphId(c) == 0) {
                    LOG.info("not using {} for certificates: it cannot show '{}'", file, (char) c);
                    return false;
                }
            }
            for (int c : REQUIRED.codePoints().toArray()) {
                if (cmap.getGlyphId(c) == 0) {
                    LOG.info("not using {} for certificates: it cannot show '{}'", file, Character.toString(c));
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.info("not using {} for certificates: it does not load ({})", file, e.toString());
            return false;
        }
    }

    /** A TrueType font, or the first font of a collection, with what closes its file. */
    private record Loaded(TrueTypeFont ttf, Closeable closer) implements Closeable {
        @Override
        public void close() throws IOException {
            closer.close();
        }
    }

    private static Loaded load(Path file) throws IOException {
        if (file.toString().endsWith(".ttc")) {
            TrueTypeCollection collection = new TrueTypeCollection(file.toFile());
            TrueTypeFont[] first = new TrueTypeFont[1];
            collection.processAllFonts(font -> {
                if (first[0] == null) {
                    first[0] = font;
                }
            });
            return new Loaded(first[0], collection);
        }
        TrueTypeFont ttf = new org.apache.fontbox.ttf.TTFParser().parse(new RandomAccessReadBufferedFile(file.toFile()));
        return new Loaded(ttf, ttf);
    }

    /** The CJK font file in use, or {@code null} for the English-only standard fonts. */
    Path cjkFont() {
        return cjk;
    }

    /** The fonts opened for one document; close after the document is saved (subsetting reads the file then). */
    Opened open(PDDocument doc) throws IOException {
        if (cjk == null) {
            return new Opened(new PDType1Font(Standard14Fonts.FontName.HELVETICA),
                    new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD),
                    new PDType1Font(Standard14Fonts.FontName.COURIER), null, () -> { });
        }
        Loaded loaded = load(cjk);
        PDType0Font font = PDType0Font.load(doc, loaded.ttf(), true);
        return new Opened(font, font, font, loaded.ttf().getUnicodeCmapLookup(), loaded);
    }

    /** The three faces of a document and what the embedded one can show. */
    record Opened(PDFont regular, PDFont bold, PDFont mono, CmapLookup cmap, Closeable closer) implements Closeable {
        boolean bilingual() {
            return cmap != null;
        }

        /** "中文 English" when Chinese can be shown, else "English". */
        String both(String chinese, String english) {
            return bilingual() ? chinese + " " + english : english;
        }

        /** The text with every character the font cannot show replaced. */
        String fit(String text) {
            if (text == null) {
                return "";
            }
            StringBuilder out = new StringBuilder(text.length());
            text.codePoints().forEach(c -> {
                if (bilingual()) {
                    out.appendCodePoint(c < 0x20 ? ' ' : cmap.getGlyphId(c) != 0 ? c : c == '₂' ? '2' : '?');
                } else {
                    out.appendCodePoint(c == '₂' ? '2' : c == '–' ? '-' : (c >= 0x20 && c < 0x7F) || (c >= 0xA0 && c <= 0xFF) ? c : '?');
                }
            });
            return out.toString();
        }

        @Override
        public void close() throws IOException {
            closer.close();
        }
    }
}
