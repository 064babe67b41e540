package org.tanji.gateway.label.render;

import org.tanji.gateway.label.LabelVerification;

import com.google.zxing.common.BitMatrix;

/**
 * The printable carbon label as one self-contained SVG (no fonts, images or scripts from
 * elsewhere; every text escaped): a bordered mark with the "碳足迹 Carbon Footprint" heading, the
 * footprint per declared unit (and the reduction it claims against its preceding version, if
 * any), the grade, the QR code as vector modules, and the label id,
 * certifier and validity beneath, in the manner of China's national carbon-footprint label.
 */
public final class LabelArtwork {
    private static final String GREEN = "#1b7f3b";
    private static final int WIDTH = 360;
    private static final int HEIGHT = 500;
    private static final int QR_SIZE = 150;

    private LabelArtwork() {
    }

    public static String svg(LabelVerification v, String qrText) {
        BitMatrix m = QrCodes.modules(qrText);
        double module = (double) QR_SIZE / m.getWidth();
        StringBuilder s = new StringBuilder(8192);
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" width=\"90mm\" height=\"125mm\" font-family=\"'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',")
                .append("'WenQuanYi Micro Hei',sans-serif\">\n")
                .append("<title>").append(Xml.escape("碳足迹 Carbon Footprint label " + v.labelId())).append("</title>\n")
                .append("<rect x=\"4\" y=\"4\" width=\"352\" height=\"492\" rx=\"18\" fill=\"#fff\" stroke=\"").append(GREEN)
                .append("\" stroke-width=\"6\"/>\n")
                .append("<path d=\"M4 22a18 18 0 0 1 18-18h316a18 18 0 0 1 18 18v62H4z\" fill=\"").append(GREEN).append("\"/>\n");
        text(s, 180, 50, 34, "#fff", "bold", "middle", "碳足迹");
        text(s, 180, 74, 16, "#fff", "normal", "middle", "CARBON FOOTPRINT");
        text(s, 24, 118, 14, "#1f1f1f", "normal", "start", v.footprint().productName(), 312);
        text(s, 24, 170, 48, "#1f1f1f", "bold", "start", v.footprint().value(), 250);
        text(s, 24, 196, 15, "#5f6368", "normal", "start", LabelFacts.unit(v) + " " + LabelFacts.perDeclaredUnit(v), 250);
        if (v.footprint().reduction() != null) {
            text(s, 24, 210, 10, GREEN, "bold", "start", "↓ " + LabelFacts.reductionChinese(v) + " · Reduced by "
                    + v.footprint().reduction().reductionPercent() + " % against the preceding version", 312);
        }
        // The grade badge.
        s.append("<rect x=\"282\" y=\"128\" width=\"54\" height=\"54\" rx=\"8\" fill=\"none\" stroke=\"").append(GREEN)
                .append("\" stroke-width=\"4\"/>\n");
        text(s, 309, 168, 32, GREEN, "bold", "middle", v.grade(), 50);
        text(s, 309, 198, 11, "#5f6368", "normal", "middle", "等级 Grade");
        s.append("<line x1=\"24\" y1=\"214\" x2=\"336\" y2=\"214\" stroke=\"#e3e3e3\" stroke-width=\"2\"/>\n");
        // The QR code: its own quiet zone is part of the module grid, on white.
        s.append("<g transform=\"translate(18 222) scale(").append(fmt(module)).append(")\" shape-rendering=\"crispEdges\">")
                .append("<rect width=\"").append(m.getWidth()).append("\" height=\"").append(m.getHeight())
                .append("\" fill=\"#fff\"/><path fill=\"#000\" d=\"").append(QrCodes.svgPath(m)).append("\"/></g>\n");
        text(s, 186, 252, 11, "#5f6368", "normal", "start", "有效期 Valid from");
        text(s, 186, 270, 14, "#1f1f1f", "normal", "start", LabelFacts.day(v.validFrom()), 150);
        text(s, 186, 294, 11, "#5f6368", "normal", "start", "至 until");
        text(s, 186, 312, 14, "#1f1f1f", "normal", "start", LabelFacts.day(v.validUntil()), 150);
        text(s, 186, 350, 12, GREEN, "bold", "start", "扫码验证 Scan to verify", 150);
        text(s, 24, 398, 11, "#5f6368", "normal", "start", "认证机构 Certified by");
        text(s, 24, 416, 13, "#1f1f1f", "normal", "start", LabelFacts.certifier(v), 312);
        text(s, 24, 440, 11, "#5f6368", "normal", "start", "标签 Label");
        text(s, 24, 458, 13, "#1f1f1f", "normal", "start", v.labelId(), 312);
        text(s, 24, 482, 10, "#5f6368", "normal", "start", "产品碳足迹 Product carbon footprint · ISO 14067 · 碳迹 Tanji", 312);
        return s.append("</svg>\n").toString();
    }

    private static void text(StringBuilder s, int x, int y, int size, String fill, String weight, String anchor, String text) {
        text(s, x, y, size, fill, weight, anchor, text, Integer.MAX_VALUE);
    }

    /** A line of text, squeezed to {@code maxWidth} when it would run wider (CJK ≈ 1 em, others ≈ 0.6 em). */
    private static void text(StringBuilder s, int x, int y, int size, String fill, String weight, String anchor, String text,
                             int maxWidth) {
        String t = text == null ? "" : text;
        double estimate = t.codePoints().mapToDouble(c -> c >= 0x2E80 ? 1.0 : 0.6).sum() * size;
        s.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" font-size=\"").append(size)
                .append("\" fill=\"").append(fill).append('"');
        if (!"normal".equals(weight)) {
            s.append(" font-weight=\"").append(weight).append('"');
        }
        if (!"start".equals(anchor)) {
            s.append(" text-anchor=\"").append(anchor).append('"');
        }
        if (estimate > maxWidth) {
            s.append(" textLength=\"").append(maxWidth).append("\" lengthAdjust=\"spacingAndGlyphs\"");
        }
        s.append('>').append(Xml.escape(t)).append("</text>\n");
    }

    private static String fmt(double d) {
        return String.format(java.util.Locale.ROOT, "%.4f", d);
    }
}
