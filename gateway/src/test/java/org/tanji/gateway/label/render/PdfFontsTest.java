package org.tanji.gateway.label.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which installed font the certificate embeds: only one that can show all of it. */
class PdfFontsTest {

    @TempDir
    Path dir;

    /** PDFBox's own Liberation Sans: a real TrueType font with Latin glyphs and no Chinese. */
    private Path latinOnlyFont() throws IOException {
        Path file = dir.resolve("LiberationSans-Regular.ttf");
        try (InputStream in = PDDocument.class.getResourceAsStream("/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf")) {
            assertThat(in).as("PDFBox ships Liberation Sans").isNotNull();
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void aFontThatCannotShowTheChineseHeadingsIsPassedOverForTheNextCandidate() throws IOException {
        Path latin = latinOnlyFont();
        Path garbage = Files.writeString(dir.resolve("broken.ttf"), "not a font");
        Path missing = dir.resolve("missing.ttc");

        PdfFonts fonts = new PdfFonts(List.of(missing, garbage, latin));

        assertThat(fonts.cjkFont()).isNull();
    }

    @Test
    void withNoUsableFontTheCertificateIsEnglishInTheStandardFonts() throws IOException {
        PdfFonts fonts = new PdfFonts(List.of(latinOnlyFont()));
        try (PDDocument doc = new PDDocument(); PdfFonts.Opened opened = fonts.open(doc)) {
            doc.addPage(new PDPage());
            assertThat(opened.bilingual()).isFalse();
            assertThat(opened.both("碳足迹证书", "Carbon Footprint Certificate")).isEqualTo("Carbon Footprint Certificate");
            assertThat(opened.fit("kg CO₂e · 碳")).isEqualTo("kg CO2e · ?");
            assertThat(opened.regular().getName()).isEqualTo("Helvetica");
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            doc.save(out);
            assertThat(Loader.loadPDF(out.toByteArray()).getNumberOfPages()).isEqualTo(1);
        }
    }
}
