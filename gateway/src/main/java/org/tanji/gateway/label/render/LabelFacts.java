package org.tanji.gateway.label.render;

import org.tanji.chaincode.footprint.Reduction;
import org.tanji.gateway.label.LabelVerification;

/** The label's facts as the renderings word them, so the artwork, the PDF and the page agree. */
final class LabelFacts {
    private LabelFacts() {
    }

    /** The unit as printed: the ledger's {@code kgCO2e} with its subscript two. */
    static String unit(LabelVerification v) {
        String unit = v.footprint().unit();
        return "kgCO2e".equals(unit) ? "kg CO₂e" : unit;
    }

    static String perDeclaredUnit(LabelVerification v) {
        return "per " + v.footprint().declaredUnitAmount() + " " + v.footprint().declaredUnit();
    }

    /** The calendar day of an RFC 3339 instant. */
    static String day(String instant) {
        return instant == null ? "" : instant.substring(0, Math.min(10, instant.length()));
    }

    static String validity(LabelVerification v) {
        return day(v.validFrom()) + " – " + day(v.validUntil());
    }

    static String certifier(LabelVerification v) {
        return v.certifier().name() + " (" + v.certifier().organisation() + ")";
    }

    /**
     * The reduction the footprint claims against the version it replaced, in the label page's
     * English words, or {@code null} when it claims none.
     */
    static String reduction(LabelVerification v) {
        Reduction r = v.footprint().reduction();
        return r == null ? null : "Reduced by " + r.reductionPercent() + " % (" + r.reducedKgCO2e() + " " + unit(v)
                + ") against the preceding version, " + r.precedingValue() + " " + unit(v);
    }

    /** The same claim as the label page says it in Chinese; {@code null} when there is none. */
    static String reductionChinese(LabelVerification v) {
        Reduction r = v.footprint().reduction();
        return r == null ? null : "比上一版本减少 " + r.reductionPercent() + " %";
    }
}
