package org.tanji.gateway.factor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import javax.measure.IncommensurableException;

import org.junit.jupiter.api.Test;

/** Conversions across magnitudes come out exact, and incompatible dimensions are refused. */
class ActivityUnitsTest {

    private static BigDecimal convert(String quantity, String from, String to) throws IncommensurableException {
        return ActivityUnits.convert(new BigDecimal(quantity), ActivityUnits.parse(from), ActivityUnits.parse(to));
    }

    @Test
    void energyConvertsExactlyFromWattHoursToGigawattHours() throws Exception {
        assertThat(convert("1", "GWh", "Wh")).isEqualByComparingTo("1000000000");
        assertThat(convert("1.5", "MWh", "kWh")).isEqualByComparingTo("1500");
        assertThat(convert("250", "Wh", "kWh")).isEqualByComparingTo("0.25");
        assertThat(convert("3", "kWh", "GWh")).isEqualByComparingTo("0.000003");
        assertThat(convert("0.000001", "GWh", "MWh")).isEqualByComparingTo("0.001");
        assertThat(convert("7", "kilowatt hour", "MWh")).isEqualByComparingTo("0.007");
    }

    @Test
    void massConvertsExactlyFromGramsToTonnes() throws Exception {
        assertThat(convert("1", "t", "g")).isEqualByComparingTo("1000000");
        assertThat(convert("2500", "g", "kg")).isEqualByComparingTo("2.5");
        assertThat(convert("7", "g", "t")).isEqualByComparingTo("0.000007");
        assertThat(convert("1.25", "t", "kilogram")).isEqualByComparingTo("1250");
    }

    @Test
    void aNonTerminatingConversionKeepsThirtyFourSignificantDigits() throws Exception {
        BigDecimal kwh = convert("1", "MJ", "kWh");
        assertThat(kwh.precision()).isEqualTo(34);
        assertThat(kwh.toPlainString()).startsWith("0.27777777777");
        assertThat(convert("3.6", "MJ", "kWh")).isEqualByComparingTo("1");
    }

    @Test
    void massAgainstEnergyIsIncommensurable() {
        assertThatThrownBy(() -> convert("1", "kg", "kWh")).isInstanceOf(IncommensurableException.class);
        assertThatThrownBy(() -> convert("1", "tkm", "t")).isInstanceOf(IncommensurableException.class);
    }

    @Test
    void factorUnitsNameAMassOfCo2ePerActivityUnit() {
        ActivityUnits.FactorUnit perKwh = ActivityUnits.factorUnit("kgCO2e/kWh");
        assertThat(perKwh.kilogramsPerMassUnit()).isEqualByComparingTo("1");
        assertThat(ActivityUnits.factorUnit("tCO2e/t").kilogramsPerMassUnit()).isEqualByComparingTo("1000");
        assertThat(ActivityUnits.factorUnit("gCO2e/tkm").kilogramsPerMassUnit()).isEqualByComparingTo("0.001");
        assertThatThrownBy(() -> ActivityUnits.factorUnit("kg/kWh")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ActivityUnits.factorUnit("kgCO2e/furlong")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("furlong");
    }
}
