package org.tanji.gateway.factor;

import static org.assertj.core.api.Assertions.assertThat;

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
}
