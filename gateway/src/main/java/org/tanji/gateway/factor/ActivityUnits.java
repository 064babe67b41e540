package org.tanji.gateway.factor;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.measure.IncommensurableException;
import javax.measure.MetricPrefix;
import javax.measure.Unit;
import javax.measure.UnitConverter;
import javax.measure.format.MeasurementParseException;

import tech.units.indriya.AbstractUnit;
import tech.units.indriya.format.SimpleUnitFormat;
import tech.units.indriya.function.RationalNumber;
import tech.units.indriya.unit.Units;

/**
 * Activity units and CO2e mass units as JSR 385 units. Whether two units can be converted, and by
 * what factor, is decided by Indriya from their dimensions; this class only names the symbols
 * that footprints use and Indriya's default format lacks (watt-hours, tonnes, tonne-kilometres,
 * PACT's spelled-out declared units).
 *
 * <p>Conversions are exact where the factor terminates in decimal (every power-of-ten and
 * 3,600-based energy conversion); a non-terminating one, such as megajoules to kilowatt-hours,
 * keeps {@link #PRECISION} significant digits, far finer than the final rounding of a result.
 */
public final class ActivityUnits {
    /** Significant digits kept where an exact decimal does not exist (IEEE 754 decimal128). */
    public static final MathContext PRECISION = MathContext.DECIMAL128;
    private static final Unit<?> WATT_HOUR = Units.JOULE.multiply(3600);
    private static final Unit<?> TONNE = Units.KILOGRAM.multiply(1000);
    private static final Map<String, Unit<?>> NAMED = Map.ofEntries(
            Map.entry("Wh", WATT_HOUR),
            Map.entry("kWh", MetricPrefix.KILO(WATT_HOUR)),
            Map.entry("MWh", MetricPrefix.MEGA(WATT_HOUR)),
            Map.entry("GWh", MetricPrefix.GIGA(WATT_HOUR)),
            Map.entry("TWh", MetricPrefix.TERA(WATT_HOUR)),
            Map.entry("t", TONNE),
            Map.entry("kt", TONNE.multiply(1000)),
            Map.entry("tkm", TONNE.multiply(MetricPrefix.KILO(Units.METRE))),
            Map.entry("m3", Units.CUBIC_METRE),
            Map.entry("L", Units.LITRE),
            Map.entry("piece", AbstractUnit.ONE),
            // PACT's declaredUnitOfMeasurement values, so supplier footprints' units convert too.
            Map.entry("kilogram", Units.KILOGRAM),
            Map.entry("kilowatt hour", MetricPrefix.KILO(WATT_HOUR)),
            Map.entry("liter", Units.LITRE),
            Map.entry("cubic meter", Units.CUBIC_METRE),
            Map.entry("megajoule", MetricPrefix.MEGA(Units.JOULE)),
            Map.entry("ton kilometer", TONNE.multiply(MetricPrefix.KILO(Units.METRE))),
            Map.entry("square meter", Units.SQUARE_METRE),
            Map.entry("hour", Units.HOUR),
            Map.entry("megabit second", MetricPrefix.MEGA(Units.SECOND)));
    /** PACT's {@code declaredUnitOfMeasurement} values; a recorded footprint must use one of them. */
    public static final java.util.Set<String> PACT_DECLARED_UNITS = java.util.Set.of("liter", "kilogram", "cubic meter",
            "kilowatt hour", "megajoule", "ton kilometer", "square meter", "piece", "hour", "megabit second");
    /** {@code <mass>CO2e/<activity unit>}, e.g. {@code kgCO2e/kWh}, {@code tCO2e/t}. */
    private static final Pattern FACTOR_UNIT = Pattern.compile("^(g|kg|t|kt)CO2e/(.+)$");
    private static final Map<String, Unit<?>> PARSED = new ConcurrentHashMap<>();
    private static final Map<String, Ratio> FACTORS = new ConcurrentHashMap<>();
    private static final Map<String, Ratio> BY_SYMBOLS = new ConcurrentHashMap<>();
    private static final Map<String, FactorUnit> FACTOR_UNITS = new ConcurrentHashMap<>();
    private static final Ratio INCOMPATIBLE = new Ratio(BigDecimal.ZERO, BigDecimal.ONE);

    private ActivityUnits() {
    }

    /**
     * A unit of a CO2e mass per unit of activity, with the mass already expressed in kilograms.
     *
     * @param energy whether the activity has the dimension of energy (kWh, MJ, GJ, kilowatt hour, ...)
     * @param wattHours whether it is energy counted in watt-hours or a decimal multiple of them (Wh,
     *     kWh, MWh, GWh, kilowatt hour), as electricity is metered and sold; heat and fuels by the
     *     joule (MJ, GJ) are not
     */
    public record FactorUnit(String symbol, BigDecimal kilogramsPerMassUnit, String activitySymbol, Unit<?> activity,
                             boolean energy, boolean wattHours) {
    }

    /** Parses an activity unit symbol; {@link IllegalArgumentException} names what is wrong. */
    public static Unit<?> parse(String symbol) {
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("a unit is required");
        }
        return PARSED.computeIfAbsent(symbol, s -> {
            Unit<?> named = NAMED.get(s);
            if (named != null) {
                return named;
            }
            try {
                return SimpleUnitFormat.getInstance().parse(s);
            } catch (MeasurementParseException | UnsupportedOperationException e) {
                throw new IllegalArgumentException("\"" + s + "\" is not a unit this registry knows (e.g. kWh, MWh, kg, t, km, tkm, m3, L, MJ, piece)");
            }
        });
    }

    /** Parses {@code kgCO2e/kWh} and the like; parsed once per symbol. */
    public static FactorUnit factorUnit(String symbol) {
        Matcher m = symbol == null ? null : FACTOR_UNIT.matcher(symbol);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("must be a CO2e mass per activity unit like kgCO2e/kWh or tCO2e/t, got \""
                    + symbol + "\"");
        }
        return FACTOR_UNITS.computeIfAbsent(symbol, s -> {
            Unit<?> mass = parse(m.group(1));
            BigDecimal kilograms = factor(mass, Units.KILOGRAM).apply(BigDecimal.ONE);
            Unit<?> activity = parse(m.group(2));
            // Decided from the unit Indriya parsed, not from how its symbol is spelled: energy is the
            // joule's dimension, and a watt-hour multiple converts to Wh by a power of ten exactly.
            boolean energy = activity.isCompatible(Units.JOULE);
            boolean wattHours = energy && powerOfTen(factor(activity, WATT_HOUR));
            return new FactorUnit(symbol, kilograms, m.group(2), activity, energy, wattHours);
        });
    }

    private static boolean powerOfTen(Ratio ratio) {
        return ratio.exact() != null && ratio.exact().signum() > 0
                && ratio.exact().stripTrailingZeros().unscaledValue().equals(BigInteger.ONE);
    }

    public static boolean compatible(Unit<?> a, Unit<?> b) {
        return a.isCompatible(b);
    }

    /**
     * {@code quantity} of the unit named {@code from} expressed in the unit named {@code to}. The
     * conversion is looked up by the two symbols: a bill of materials repeats a handful of unit
     * pairs thousands of times, and asking Indriya each time (dimensions, unit names) costs far
     * more than the multiplication.
     *
     * @throws IncommensurableException if the dimensions differ
     */
    public static BigDecimal convert(BigDecimal quantity, String from, String to) throws IncommensurableException {
        if (from.equals(to)) {
            return quantity;
        }
        Ratio ratio = BY_SYMBOLS.computeIfAbsent(from + '\u0000' + to, k -> {
            Unit<?> a = parse(from);
            Unit<?> b = parse(to);
            return a.isCompatible(b) ? factor(a, b) : INCOMPATIBLE;
        });
        if (ratio == INCOMPATIBLE) {
            throw new IncommensurableException(from + " is not compatible with " + to);
        }
        return ratio.apply(quantity);
    }

    /** {@code quantity} of {@code from} expressed in {@code to}; {@link IncommensurableException} if the dimensions differ. */
    public static BigDecimal convert(BigDecimal quantity, Unit<?> from, Unit<?> to) throws IncommensurableException {
        if (from.equals(to)) {
            return quantity;
        }
        if (!from.isCompatible(to)) {
            throw new IncommensurableException(from + " is not compatible with " + to);
        }
        return factor(from, to).apply(quantity);
    }

    /**
     * A conversion factor kept as a fraction, so that {@code 3.6 MJ} is exactly {@code 1 kWh}:
     * the quantity is multiplied first and divided last, and only a non-terminating quotient is
     * rounded (to {@link #PRECISION}).
     */
    record Ratio(BigDecimal dividend, BigDecimal divisor, BigDecimal exact) {
        Ratio(BigDecimal dividend, BigDecimal divisor) {
            this(dividend, divisor, exactQuotient(dividend, divisor));
        }

        BigDecimal apply(BigDecimal quantity) {
            if (exact != null) {
                // A terminating factor (kWh per MWh, kg per t): one multiplication, nothing rounded.
                return quantity.multiply(exact);
            }
            return quantity.multiply(dividend).divide(divisor, PRECISION);
        }

        private static BigDecimal exactQuotient(BigDecimal dividend, BigDecimal divisor) {
            try {
                return dividend.divide(divisor);
            } catch (ArithmeticException nonTerminating) {
                return null;
            }
        }
    }

    /**
     * How many {@code to} make one {@code from}. Cached per pair: Indriya's dimensional analysis
     * is far slower than a multiplication, and a bill of materials repeats a few units many times.
     */
    static Ratio factor(Unit<?> from, Unit<?> to) {
        return FACTORS.computeIfAbsent(from + "\u0000" + to, k -> {
            try {
                UnitConverter converter = from.getConverterToAny(to);
                if (!converter.isLinear()) {
                    throw new IllegalArgumentException("no linear conversion from " + from + " to " + to);
                }
                return ratio(converter.convert(BigDecimal.ONE));
            } catch (IncommensurableException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        });
    }

    private static Ratio ratio(Number n) {
        if (n instanceof RationalNumber r) {
            return new Ratio(new BigDecimal(r.getDividend()), new BigDecimal(r.getDivisor()));
        }
        if (n instanceof BigDecimal d) {
            return new Ratio(d, BigDecimal.ONE);
        }
        if (n instanceof BigInteger i) {
            return new Ratio(new BigDecimal(i), BigDecimal.ONE);
        }
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return new Ratio(BigDecimal.valueOf(n.longValue()), BigDecimal.ONE);
        }
        // Indriya answers doubles only for converters built from doubles, which this class never makes.
        return new Ratio(new BigDecimal(n.toString().toLowerCase(Locale.ROOT)), BigDecimal.ONE);
    }
}
