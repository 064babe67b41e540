package org.tanji.gateway.label;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.tanji.chaincode.footprint.LifecycleStage;

/** Bars for the lifecycle-stage chart on the label page, scaled to the largest stage. */
public record StageChart(String stage, String label, String value, int widthPercent, boolean negative) {
    private static final Map<String, List<String>> NAMES = Map.of(
            "raw-material-acquisition", List.of("原材料获取", "Raw materials"),
            "production", List.of("生产", "Production"),
            "distribution", List.of("分销", "Distribution"),
            "use", List.of("使用", "Use"),
            "end-of-life", List.of("废弃回收", "End of life"));

    /** The stage's name in Chinese. */
    public String chinese() {
        return NAMES.get(stage).get(0);
    }

    /** The stage's name in English. */
    public String english() {
        return NAMES.get(stage).get(1);
    }

    /** The bars of a verified label's stages, in lifecycle order; none when it has no figures. */
    public static List<StageChart> of(LabelVerification v) {
        List<StageChart> bars = new ArrayList<>();
        if (v.footprint() == null || v.footprint().stages() == null || v.footprint().stages().isEmpty()) {
            return bars;
        }
        Map<String, String> stages = v.footprint().stages();
        BigDecimal max = stages.values().stream().map(s -> new BigDecimal(s).abs()).max(BigDecimal::compareTo)
                .orElse(BigDecimal.ONE);
        for (String stage : LifecycleStage.wireNames()) {
            String value = stages.get(stage);
            if (value == null) {
                continue;
            }
            BigDecimal d = new BigDecimal(value);
            int width = max.signum() == 0 ? 0 : d.abs().multiply(BigDecimal.valueOf(100)).divide(max, MathContext.DECIMAL64).intValue();
            bars.add(new StageChart(stage, String.join(" ", NAMES.get(stage)), value, Math.max(width, d.signum() == 0 ? 0 : 1), d.signum() < 0));
        }
        return bars;
    }
}
