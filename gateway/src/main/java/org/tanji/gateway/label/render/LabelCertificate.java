package org.tanji.gateway.label.render;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.tanji.gateway.label.LabelStatus;
import org.tanji.gateway.label.LabelVerification;
import org.tanji.gateway.label.StageChart;

import com.google.zxing.common.BitMatrix;

/**
 * The label's certificate: one A4 page with the certified figures (and the reduction the footprint
 * claims against its preceding version, if any), the lifecycle-stage breakdown, the certifier, the
 * validity, the live status and the ledger proof, and the QR code drawn as vector modules.
 * Bilingual when {@link PdfFonts} finds a Chinese font, else English.
 */
public final class LabelCertificate {
    private static final float MARGIN = 50;
    private static final float WIDTH = PDRectangle.A4.getWidth();
    private static final Color INK = new Color(0x1f1f1f);
    private static final Color MUTED = new Color(0x5f6368);
    private static final Color GREEN = new Color(0x1b7f3b);
    private final PdfFonts fonts;

    public LabelCertificate() {
        this(new PdfFonts(PdfFonts.CJK_CANDIDATES));
    }

    LabelCertificate(PdfFonts fonts) {
        this.fonts = fonts;
    }

    /** Whether certificates carry Chinese (a CJK font was found) or are English only. */
    public boolean bilingual() {
        return fonts.cjkFont() != null;
    }

    public byte[] pdf(LabelVerification v, String qrText) {
        try (PDDocument doc = new PDDocument(); PdfFonts.Opened f = fonts.open(doc)) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle("Carbon footprint certificate " + v.labelId());
            info.setProducer("Tanji carbon-label registry");
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            try (PDPageContentStream c = new PDPageContentStream(doc, page)) {
                Writer w = new Writer(c, f);
                float top = PDRectangle.A4.getHeight() - MARGIN;
                w.text(f.bold(), 20, MARGIN, top - 20, INK, f.both("碳足迹证书", "Carbon Footprint Certificate"));
                w.text(f.regular(), 10, MARGIN, top - 38, MUTED, f.both("碳迹碳标签登记", "Tanji carbon-label registry")
                        + " · " + v.labelId());
                qr(c, qrText, WIDTH - MARGIN - 110, top - 110, 110);

                Color statusColour = switch (v.status()) {
                    case VALID -> GREEN;
                    case SUSPENDED -> new Color(0xb26a00);
                    case EXPIRED -> MUTED;
                    default -> new Color(0xb3261e);
                };
                c.setNonStrokingColor(statusColour);
                c.addRect(MARGIN, top - 82, 260, 28);
                c.fill();
                w.text(f.bold(), 14, MARGIN + 10, top - 73, Color.WHITE, f.both("状态", "Status") + ": " + statusWords(v.status()));
                if (v.statusReason() != null) {
                    w.text(f.regular(), 9, MARGIN, top - 96, statusColour, v.statusReason());
                }

                float y = top - 140;
                w.text(f.bold(), 30, MARGIN, y, INK, v.footprint().value() + " " + LabelFacts.unit(v));
                w.text(f.regular(), 11, MARGIN, y - 18, MUTED, LabelFacts.perDeclaredUnit(v) + " · "
                        + f.both("产品碳足迹", "product carbon footprint"));
                if (v.footprint().reduction() != null) {
                    w.text(f.bold(), 9, MARGIN, y - 32, GREEN, f.both(LabelFacts.reductionChinese(v), LabelFacts.reduction(v)));
                }
                y -= 46;
                y = w.rows(y, List.of(
                        row(f.both("产品", "Product"), v.footprint().productName()),
                        row(f.both("类别", "Category"), v.footprint().productCategory()),
                        row(f.both("地区", "Region"), v.footprint().geography()),
                        row("GTIN", v.gtin() == null ? "-" : v.gtin()),
                        row(f.both("等级", "Grade"), v.grade()),
                        row(f.both("认证机构", "Certified by"), LabelFacts.certifier(v)),
                        row(f.both("认可状态", "Accreditation"), v.certifier().accreditationStatus()),
                        row(f.both("有效期", "Valid"), LabelFacts.validity(v)),
                        row(f.both("足迹记录", "Footprint record"), v.footprint().id())), false);

                y -= 14;
                w.text(f.bold(), 13, MARGIN, y, INK, f.both("生命周期阶段", "Lifecycle stages") + " (" + LabelFacts.unit(v) + ")");
                y = stages(w, f, v, y - 20);

                y -= 14;
                w.text(f.bold(), 13, MARGIN, y, INK, f.both("区块链存证", "Ledger proof") + " (" + v.proof().ledger() + ")");
                y = w.rows(y - 20, List.of(
                        row(f.both("交易", "Transaction"), v.proof().txId()),
                        row(f.both("区块", "Block"), Long.toString(v.proof().blockNumber())),
                        row(f.both("区块哈希", "Block hash"), v.proof().blockHash()),
                        row(f.both("记录哈希", "Record hash"), v.proof().recordHash()),
                        row(f.both("文件哈希", "Document hash"), v.footprint().documentHash()),
                        row(f.both("最近决定", "Last decision"), v.lastDecision() + " · " + v.decidedAt())), true);

                y -= 10;
                w.text(f.regular(), 8, MARGIN, y, MUTED, f.both("扫码或访问以核验当前状态", "Scan the code or open to check the live status") + ":");
                for (String line : chunks(qrText, 100)) {
                    y -= 11;
                    w.text(f.mono(), 8, MARGIN, y, MUTED, line);
                }
                w.text(f.regular(), 8, MARGIN, MARGIN - 20, MUTED, f.both("核验时间", "Checked at") + " " + v.checkedAt()
                        + (f.bilingual() ? "" : " · English only: no Chinese font on the issuing server"));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the certificate of " + v.labelId(), e);
        }
    }

    static String statusWords(LabelStatus status) {
        return switch (status) {
            case VALID -> "VALID";
            case SUSPENDED -> "SUSPENDED";
            case REVOKED -> "REVOKED";
            case EXPIRED -> "EXPIRED";
            case NOT_FOUND -> "NOT FOUND";
        };
    }

    private float stages(Writer w, PdfFonts.Opened f, LabelVerification v, float y) throws IOException {
        List<StageChart> bars = StageChart.of(v);
        if (bars.isEmpty()) {
            w.text(f.regular(), 10, MARGIN, y, MUTED, "-");
            return y - 16;
        }
        for (StageChart bar : bars) {
            w.text(f.regular(), 10, MARGIN, y, INK, f.both(bar.chinese(), bar.english()));
            float width = bar.widthPercent() * 2.5f;
            w.c.setNonStrokingColor(bar.negative() ? GREEN : new Color(0x3c6e9e));
            w.c.addRect(MARGIN + 160, y - 2, width, 10);
            w.c.fill();
            w.text(f.regular(), 10, MARGIN + 166 + width, y, INK, bar.value());
            y -= 16;
        }
        return y;
    }

    private static void qr(PDPageContentStream c, String text, float x, float y, float size) throws IOException {
        BitMatrix m = QrCodes.modules(text);
        float module = size / m.getWidth();
        c.setNonStrokingColor(Color.BLACK);
        QrCodes.runs(m, (col, row, length) ->
                c.addRect(x + col * module, y + size - (row + 1) * module, length * module, module));
        c.fill();
    }

    private static List<String> chunks(String s, int size) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < s.length(); i += size) {
            out.add(s.substring(i, Math.min(s.length(), i + size)));
        }
        return out;
    }

    private static String[] row(String label, String value) {
        return new String[] {label, value == null ? "-" : value};
    }

    /** Text on the page, every string fitted to the font first. */
    private record Writer(PDPageContentStream c, PdfFonts.Opened f) {
        void text(PDFont font, float size, float x, float y, Color colour, String text) throws IOException {
            c.beginText();
            c.setNonStrokingColor(colour);
            c.setFont(font, size);
            c.newLineAtOffset(x, y);
            c.showText(f.fit(text));
            c.endText();
        }

        float rows(float y, List<String[]> rows, boolean mono) throws IOException {
            for (String[] r : rows) {
                text(f.regular(), 10, MARGIN, y, MUTED, r[0]);
                text(mono ? f.mono() : f.regular(), mono ? 8.5f : 10, MARGIN + 130, y, INK, r[1]);
                y -= 16;
            }
            return y;
        }
    }
}
