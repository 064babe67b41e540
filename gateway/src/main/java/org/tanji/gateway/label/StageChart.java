package org.tanji.gateway.label;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.tanji.chaincode.footprint.LifecycleStage;

/** Bars for the lifecycle-stage chart on the label page, scaled to the largest stage. */
public record StageChart(String stage, String label, String value, int widthPercent, boolean negative) {
    private static final Map<String, String> LABELS = Map.of(
            "raw-material-acquisition", "原材料获取 Raw materials",
            "production", "生产 Production",
            "distribution", "分销 Distribution",
            "use", "使用 Use",
            "end-of-life", "废弃回收 End of life");

    static List<StageChart> of(LabelVerification v) {
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
            bars.add(new StageChart(stage, LABELS.get(stage), value, Math.max(width, d.signum() == 0 ? 0 : 1), d.signum() < 0));
        }
        return bars;
    }
}
