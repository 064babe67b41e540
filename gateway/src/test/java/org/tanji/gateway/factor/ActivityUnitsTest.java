package org.tanji.gateway.factor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;

import javax.measure.IncommensurableException;

import org.junit.jupiter.api.Test;

/** Conversions across magnitudes come out exact, incompatible dimensions are refused, and electricity is told from its unit or kind. */
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

    /**
     * The calculator converts by unit symbols, through a cache of the factor per pair of symbols;
     * the same magnitudes come out exact that way too, asked twice (the second time from the cache).
     */
    @Test
    void theCachedConversionBySymbolsIsExactAcrossMagnitudes() throws Exception {
        for (int round = 0; round < 2; round++) {
            assertThat(ActivityUnits.convert(new BigDecimal("1"), "GWh", "kWh")).isEqualByComparingTo("1000000");
            assertThat(ActivityUnits.convert(new BigDecimal("2.5"), "GWh", "MWh")).isEqualByComparingTo("2500");
            assertThat(ActivityUnits.convert(new BigDecimal("1"), "Wh", "GWh")).isEqualByComparingTo("0.000000001");
            assertThat(ActivityUnits.convert(new BigDecimal("750"), "kWh", "GWh")).isEqualByComparingTo("0.00075");
            assertThat(ActivityUnits.convert(new BigDecimal("1"), "g", "t")).isEqualByComparingTo("0.000001");
            assertThat(ActivityUnits.convert(new BigDecimal("3.2"), "t", "g")).isEqualByComparingTo("3200000");
            assertThat(ActivityUnits.convert(new BigDecimal("450"), "g", "kg")).isEqualByComparingTo("0.45");
            assertThat(ActivityUnits.convert(new BigDecimal("0.25"), "t", "kilogram")).isEqualByComparingTo("250");
        }
        assertThatThrownBy(() -> ActivityUnits.convert(BigDecimal.ONE, "g", "GWh")).isInstanceOf(IncommensurableException.class);
        assertThatThrownBy(() -> ActivityUnits.convert(BigDecimal.ONE, "GWh", "t")).isInstanceOf(IncommensurableException.class);
    }

    /** Energy and watt-hours are read from the unit Indriya parsed, not from the spelling of its symbol. */
    @Test
    void aFactorUnitKnowsWhetherItIsEnergyAndWhetherByTheWattHour() {
        for (String wattHours : List.of("kgCO2e/kWh", "kgCO2e/kilowatt hour", "tCO2e/GWh", "gCO2e/Wh", "kgCO2e/MWh")) {
            ActivityUnits.FactorUnit u = ActivityUnits.factorUnit(wattHours);
            assertThat(u.energy()).as(wattHours).isTrue();
            assertThat(u.wattHours()).as(wattHours).isTrue();
        }
        for (String joules : List.of("kgCO2e/MJ", "kgCO2e/megajoule", "kgCO2e/GJ")) {
            ActivityUnits.FactorUnit u = ActivityUnits.factorUnit(joules);
            assertThat(u.energy()).as(joules).isTrue();
            assertThat(u.wattHours()).as(joules).isFalse();
        }
        for (String other : List.of("kgCO2e/kg", "tCO2e/t", "gCO2e/tkm", "kgCO2e/piece")) {
            assertThat(ActivityUnits.factorUnit(other).energy()).as(other).isFalse();
            assertThat(ActivityUnits.factorUnit(other).wattHours()).as(other).isFalse();
        }
    }

    @Test
    void aFactorIsElectricityByItsKindOrElseByTheWattHour() {
        assertThat(factor("kgCO2e/kilowatt hour", null).electricity()).isTrue();
        assertThat(factor("kgCO2e/kWh", null).electricity()).isTrue();
        assertThat(factor("kgCO2e/kWh", "fuel").electricity()).as("natural gas per kWh of heat").isFalse();
        assertThat(factor("kgCO2e/MJ", null).electricity()).isFalse();
        assertThat(factor("kgCO2e/MJ", "electricity").electricity()).as("electricity the publisher gave per MJ").isTrue();
    }

    private static EmissionFactor factor(String unit, String kind) {
        return new EmissionFactor("x", null, "1", unit, "test", kind);
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
