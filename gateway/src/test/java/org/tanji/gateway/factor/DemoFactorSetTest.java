package org.tanji.gateway.factor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The demo set's values are invented: every place a reader could take them from says DEMO. */
class DemoFactorSetTest {

    @Test
    void everyFactorAndTheSetItselfAreMarkedDemoAndUsable() {
        FactorSet set = DemoFactorSet.set();
        assertThat(set.name()).contains("demo");
        assertThat(set.version()).contains("demo");
        assertThat(set.publisher()).contains("DEMO").contains("not official");
        assertThat(set.source()).contains("DEMO").contains("not from any official publication");
        assertThat(set.factors()).isNotEmpty().allSatisfy(f -> {
            assertThat(f.description()).as(f.code()).startsWith("DEMO ");
            assertThat(f.source()).as(f.code()).contains("DEMO");
            // Each factor's unit is one the calculator can use.
            assertThat(ActivityUnits.factorUnit(f.unit())).as(f.code()).isNotNull();
        });
    }

    /**
     * The demo set is made by the same reader as a published set: "2.0" is stored as "2", and
     * reading its own canonical JSON back changes nothing, so the hash the demo registry anchors
     * is the hash of the canonical form.
     */
    @Test
    void theDemoSetIsInTheReadersCanonicalForm() throws Exception {
        FactorSet set = DemoFactorSet.set();
        assertThat(set.factor("steel-hot-rolled").value()).isEqualTo("2");
        assertThat(set.factors()).allSatisfy(f -> assertThat(f.value()).as(f.code())
                .isEqualTo(new BigDecimal(f.value()).stripTrailingZeros().toPlainString()));
        assertThat(set.factors()).extracting(EmissionFactor::code).isSorted();
        byte[] canonical = set.canonical();
        FactorSet reread = FactorSetReader.json(new String(canonical, StandardCharsets.UTF_8));
        assertThat(reread).isEqualTo(set);
        assertThat(reread.canonical()).isEqualTo(canonical);
        assertThat(new String(canonical, StandardCharsets.UTF_8)).contains("\"code\":\"steel-hot-rolled\"")
                .contains("\"value\":\"2\"}").doesNotContain("\"2.0\"");
        assertThat(set.factor("grid-electricity").electricity()).isTrue();
        assertThat(set.factor("natural-gas-heat").electricity()).isFalse();
    }
}
