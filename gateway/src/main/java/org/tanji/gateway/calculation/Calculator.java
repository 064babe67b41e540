package org.tanji.gateway.calculation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.measure.IncommensurableException;

import org.tanji.chaincode.greencert.CertificateRange;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.factor.ActivityUnits;
import org.tanji.gateway.factor.EmissionFactor;
import org.tanji.gateway.factor.FactorSet;
import org.tanji.gateway.ledger.LedgerJson;
import org.tanji.gateway.problem.FieldError;

/**
 * The arithmetic of a footprint calculation, with no I/O: the same request, set and supplier
 * footprints always give the same figures and the same {@code resultHash}.
 *
 * <p><b>Rounding rule.</b> Every product and sum is exact {@link BigDecimal} arithmetic; the only
 * earlier rounding is a unit conversion whose factor does not terminate in decimal (MJ to kWh),
 * which keeps 34 significant digits. Each stage's sum, times the allocation share, is divided by
 * the declared amount (34 significant digits) and then rounded once, to {@value #SCALE} decimal
 * places, half-even. The total is the sum of the rounded stages, so the stages add up to it
 * exactly, as the ledger requires of a footprint.
 */
public final class Calculator {
    /** Decimal places of the per-declared-unit figures. */
    public static final int SCALE = 6;
    public static final RoundingMode ROUNDING = RoundingMode.HALF_EVEN;
    public static final String RULE = "exact decimal arithmetic; non-terminating unit conversions keep 34 significant digits;"
            + " each stage x allocation share / declared amount is rounded once to " + SCALE + " decimal places, half-even;"
            + " total = sum of the rounded stages; market-based: each electricity input less the share certificate MWh /"
            + " consumed MWh (34 significant digits) before the stage is rounded";
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Calculator() {
    }

    /**
     * @param setHash the hash the set is anchored under
     * @param suppliers every footprint the request names, by id
     * @throws org.tanji.gateway.problem.ApiException 422 naming every input that cannot be calculated
     */
    public static Calculation calculate(CalculationRequest request, FactorSet set, String setHash,
                                        Map<String, SupplierFootprint> suppliers) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate first = LocalDate.ofInstant(request.referencePeriodStart(), ZoneOffset.UTC);
        // The end is exclusive (PACT): a period ending 2026-01-01T00:00Z last covers 2025-12-31.
        LocalDate last = LocalDate.ofInstant(request.referencePeriodEnd().minusNanos(1), ZoneOffset.UTC);
        if (!set.covers(first, last)) {
            errors.add(new FieldError("factorSet", "set " + set.name() + " version " + set.version() + " is valid from "
                    + set.validFrom() + " to " + (set.validTo() == null ? "open end" : set.validTo())
                    + ", which does not cover the reference period " + first + " to " + last));
        }
        Map<String, Resolved> factors = new HashMap<>();
        Map<String, Calculation.FactorUsed> factorsUsed = new TreeMap<>();
        Map<String, Calculation.SupplierUsed> suppliersUsed = new TreeMap<>();
        Map<String, BigDecimal> stageSums = new LinkedHashMap<>();
        Map<String, BigDecimal> stageElectricity = new HashMap<>();
        BigDecimal consumedMwh = BigDecimal.ZERO;
        BigDecimal electricityKg = BigDecimal.ZERO;
        Weights weights = new Weights();

        for (CalculationRequest.Stage stage : request.stages()) {
            BigDecimal sum = BigDecimal.ZERO;
            BigDecimal stageElectricityKg = BigDecimal.ZERO;
            for (CalculationRequest.Input in : stage.inputs()) {
                BigDecimal kg;
                BigDecimal primaryShare;
                if (in.factorCode() != null) {
                    Resolved f = factors.computeIfAbsent(in.factorCode(), code -> resolve(set, code));
                    if (f == null) {
                        errors.add(new FieldError(in.field() + ".factorCode", "\"" + in.factorCode() + "\" is not a factor of set "
                                + set.name() + " version " + set.version()));
                        continue;
                    }
                    BigDecimal activity;
                    try {
                        activity = ActivityUnits.convert(in.quantity(), in.unit(), f.unit().activitySymbol());
                    } catch (IncommensurableException e) {
                        errors.add(new FieldError(in.field() + ".unit", in.unit() + " cannot be converted to "
                                + f.unit().activitySymbol() + ": factor " + f.factor().code() + " is in " + f.factor().unit()
                                + " (different dimensions)"));
                        continue;
                    }
                    kg = activity.multiply(f.kgPerActivityUnit());
                    if (f.electricity()) {
                        consumedMwh = consumedMwh.add(convertUnchecked(activity, f.unit().activitySymbol(), "MWh"));
                        electricityKg = electricityKg.add(kg);
                        stageElectricityKg = stageElectricityKg.add(kg);
                    }
                    factorsUsed.putIfAbsent(f.factor().code(), new Calculation.FactorUsed(f.factor().code(), set.name(),
                            set.version(), setHash, f.factor().value(), f.factor().unit(), f.factor().source(), f.factor().kind()));
                    primaryShare = in.primaryData() ? HUNDRED : BigDecimal.ZERO;
                } else {
                    SupplierFootprint s = suppliers.get(in.supplierFootprintId());
                    if (s == null) {
                        errors.add(new FieldError(in.field() + ".supplierFootprintId", "footprint " + in.supplierFootprintId()
                                + " does not exist"));
                        continue;
                    }
                    if (!"Active".equals(s.status())) {
                        errors.add(new FieldError(in.field() + ".supplierFootprintId", "footprint " + s.id() + " is "
                                + s.status() + "; use the footprint that superseded it"
                                + (s.supersededBy() == null ? "" : ", " + s.supersededBy())));
                        continue;
                    }
                    BigDecimal amount;
                    try {
                        amount = ActivityUnits.convert(in.quantity(), in.unit(), s.declaredUnit());
                    } catch (IncommensurableException e) {
                        errors.add(new FieldError(in.field() + ".unit", in.unit() + " cannot be converted to " + s.declaredUnit()
                                + ": supplier footprint " + s.id() + " is per " + s.declaredUnit() + " (different dimensions)"));
                        continue;
                    }
                    kg = amount.multiply(s.value());
                    suppliersUsed.putIfAbsent(s.id(), new Calculation.SupplierUsed(s.id(), s.documentHash(), s.recordHash(),
                            s.value().toPlainString(), s.declaredUnit()));
                    primaryShare = in.primaryData() ? HUNDRED : s.primaryDataShare() == null ? BigDecimal.ZERO : s.primaryDataShare();
                }
                sum = sum.add(kg);
                weights.add(kg.abs(), primaryShare, in.dqr());
            }
            stageSums.put(stage.stage(), sum);
            stageElectricity.put(stage.stage(), stageElectricityKg);
        }
        BigDecimal share = request.allocation() == null ? BigDecimal.ONE : request.allocation().share();
        BigDecimal consumed = consumedMwh.multiply(share);
        BigDecimal certificateMwh = BigDecimal.ZERO;
        for (CertificateRange c : request.certificates()) {
            certificateMwh = certificateMwh.add(new BigDecimal(c.mwh()));
        }
        if (certificateMwh.compareTo(consumed) > 0) {
            errors.add(new FieldError("electricity.certificates", "the certificates hold " + certificateMwh.toPlainString()
                    + " MWh, more than the " + strip(consumed) + " MWh of electricity this calculation consumed"
                    + (share.compareTo(BigDecimal.ONE) == 0 ? "" : " (after allocation)")));
        }
        if (!errors.isEmpty()) {
            throw CalculationRequest.unprocessable(errors);
        }

        // Market-based: the share certificateMwh / consumed of every electricity input counts as zero.
        boolean market = "market".equals(request.electricityMethod()) && certificateMwh.signum() > 0;
        BigDecimal green = market ? certificateMwh.divide(consumed, ActivityUnits.PRECISION) : BigDecimal.ZERO;
        BigDecimal amount = request.declaredUnit().amount();
        Map<String, String> byStage = new TreeMap<>();
        BigDecimal total = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> e : stageSums.entrySet()) {
            BigDecimal kg = market ? e.getValue().subtract(stageElectricity.get(e.getKey()).multiply(green)) : e.getValue();
            BigDecimal perUnit = perDeclaredUnit(kg.multiply(share), amount);
            byStage.put(e.getKey(), perUnit.toPlainString());
            total = total.add(perUnit);
        }
        BigDecimal location = perDeclaredUnit(electricityKg.multiply(share), amount);
        Calculation.Electricity electricity = new Calculation.Electricity(request.electricityMethod(), strip(consumed),
                strip(certificateMwh), location.toPlainString(), marketBased(location, consumed, certificateMwh).toPlainString());
        Calculation.Provenance provenance = new Calculation.Provenance(new Calculation.FactorSetUsed(set.name(), set.version(),
                setHash, set.validFrom(), set.validTo()), List.copyOf(factorsUsed.values()), List.copyOf(suppliersUsed.values()));
        Calculation.DataQuality quality = weights.quality();
        Calculation.DeclaredUnit declared = new Calculation.DeclaredUnit(amount.toPlainString(), request.declaredUnit().unit());
        String hash = resultHash(request, total.toPlainString(), byStage, electricity, provenance, quality);
        return new Calculation(request.productName(), declared, total.toPlainString(), "kgCO2e", byStage, electricity,
                provenance, quality, RULE, hash);
    }

    /**
     * Market-based electricity emissions: the location-based figure (rounded, per declared unit)
     * for the electricity not covered by certificates, which count as zero-emission; no residual
     * mix is modelled. {@code location x (consumed - claimed) / consumed}, rounded like a stage.
     * The claims report uses it too, so the two answers agree to the last digit.
     */
    public static BigDecimal marketBased(BigDecimal location, BigDecimal consumedMwh, BigDecimal claimedMwh) {
        if (consumedMwh.signum() == 0) {
            return location;
        }
        return location.multiply(consumedMwh.subtract(claimedMwh)).divide(consumedMwh, ActivityUnits.PRECISION)
                .setScale(SCALE, ROUNDING);
    }

    private static BigDecimal perDeclaredUnit(BigDecimal kg, BigDecimal amount) {
        return kg.divide(amount, ActivityUnits.PRECISION).setScale(SCALE, ROUNDING);
    }

    /**
     * The SHA-256 of the canonical JSON of what the result depends on and what it says. Times,
     * ids and the caller are left out: they differ between two honest recalculations.
     */
    private static String resultHash(CalculationRequest r, String total, Map<String, String> byStage,
                                     Calculation.Electricity electricity, Calculation.Provenance provenance,
                                     Calculation.DataQuality quality) {
        Map<String, Object> hashed = new LinkedHashMap<>();
        hashed.put("productName", r.productName());
        hashed.put("declaredUnit", Map.of("amount", r.declaredUnit().amount().toPlainString(), "unit", r.declaredUnit().unit()));
        hashed.put("referencePeriod", Map.of("start", r.referencePeriodStart().toString(), "end", r.referencePeriodEnd().toString()));
        List<Object> stages = new ArrayList<>();
        for (CalculationRequest.Stage s : r.stages()) {
            List<Object> inputs = new ArrayList<>(s.inputs().size());
            for (CalculationRequest.Input in : s.inputs()) {
                inputs.add(new HashedInput(in.description(), in.quantity().toPlainString(), in.unit(), in.factorCode(),
                        in.supplierFootprintId(), in.primaryData(), in.dqr() == null ? null : List.of(in.dqr()[0].toPlainString(),
                        in.dqr()[1].toPlainString(), in.dqr()[2].toPlainString())));
            }
            stages.add(Map.of("stage", s.stage(), "inputs", inputs));
        }
        hashed.put("stages", stages);
        if (r.allocation() != null) {
            hashed.put("allocation", Map.of("method", r.allocation().method(), "share", r.allocation().share().toPlainString()));
        }
        if (!r.certificates().isEmpty()) {
            hashed.put("certificates", r.certificates());
        }
        hashed.put("total", total);
        hashed.put("byStage", byStage);
        hashed.put("electricity", electricity);
        hashed.put("provenance", provenance);
        hashed.put("dataQuality", quality);
        hashed.put("rounding", RULE);
        return LedgerJson.recordHash(CanonicalJson.bytes(hashed));
    }

    /** An input as the result hash covers it; a record rather than a map, because records serialise far faster. */
    private record HashedInput(String description, String quantity, String unit, String factorCode,
                               String supplierFootprintId, boolean primaryData, List<String> dqi) {
    }

    /** A factor with its unit parsed once per calculation, and its CO2e mass already in kilograms. */
    private record Resolved(EmissionFactor factor, ActivityUnits.FactorUnit unit, BigDecimal kgPerActivityUnit,
                            boolean electricity) {
    }

    private static Resolved resolve(FactorSet set, String code) {
        EmissionFactor f = set.factor(code);
        if (f == null) {
            return null;
        }
        ActivityUnits.FactorUnit unit = ActivityUnits.factorUnit(f.unit());
        return new Resolved(f, unit, new BigDecimal(f.value()).multiply(unit.kilogramsPerMassUnit()), f.electricity());
    }

    private static BigDecimal convertUnchecked(BigDecimal quantity, String from, String to) {
        try {
            return ActivityUnits.convert(quantity, from, to);
        } catch (IncommensurableException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String strip(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    /** Emission-weighted data-quality figures; weights are absolute emissions, so credits count too. */
    private static final class Weights {
        private BigDecimal total = BigDecimal.ZERO;
        private BigDecimal primary = BigDecimal.ZERO;
        private BigDecimal rated = BigDecimal.ZERO;
        private final BigDecimal[] ratings = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};

        void add(BigDecimal weight, BigDecimal primaryPercent, BigDecimal[] dqr) {
            total = total.add(weight);
            primary = primary.add(weight.multiply(primaryPercent));
            if (dqr != null) {
                rated = rated.add(weight);
                for (int k = 0; k < 3; k++) {
                    ratings[k] = ratings[k].add(weight.multiply(dqr[k]));
                }
            }
        }

        Calculation.DataQuality quality() {
            String primaryShare = total.signum() == 0 ? "0" : round(primary.divide(total, ActivityUnits.PRECISION));
            Calculation.Dqi dqi = null;
            if (rated.signum() > 0) {
                dqi = new Calculation.Dqi(round(rated.multiply(HUNDRED).divide(total, ActivityUnits.PRECISION)),
                        round(ratings[0].divide(rated, ActivityUnits.PRECISION)),
                        round(ratings[1].divide(rated, ActivityUnits.PRECISION)),
                        round(ratings[2].divide(rated, ActivityUnits.PRECISION)));
            }
            return new Calculation.DataQuality(primaryShare, dqi);
        }

        private static String round(BigDecimal d) {
            return d.setScale(2, ROUNDING).toPlainString();
        }
    }
}
