package org.tanji.gateway.calculation;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import org.tanji.chaincode.footprint.FootprintSubmission;
import org.tanji.chaincode.greencert.CertificateRange;
import org.tanji.chaincode.greencert.ClaimRequest;
import org.tanji.chaincode.support.CanonicalJson;
import org.tanji.gateway.factor.EmissionFactor;
import org.tanji.gateway.factor.FactorIndex;
import org.tanji.gateway.factor.FactorSet;
import org.tanji.gateway.ledger.MvccConflict;
import org.tanji.gateway.ledger.embedded.EmbeddedLedger;
import org.tanji.gateway.ledger.embedded.EmbeddedLedgerConfig;
import org.tanji.gateway.security.LocalMsp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The figures of issue 6 ({@code ./tanji bench calc}): a bill of materials rolled up through eight
 * levels of supplier footprints, factor lookups from the in-memory index, and green-certificate
 * claims with the overlap check on the embedded ledger. Synthetic data, made here; no I/O except
 * the ledger's own files in a temporary folder.
 */
public final class CalculationBenchmark {
    private static final String[] STAGES = {"raw-material-acquisition", "production", "distribution", "use", "end-of-life"};

    private CalculationBenchmark() {
    }

    /** Milliseconds of each round, sorted. */
    public record Timing(int inputs, int levels, double[] millis) {
        public double median() {
            return millis[millis.length / 2];
        }

        public double max() {
            return millis[millis.length - 1];
        }
    }

    /**
     * Eight calculations of {@code inputs / levels} inputs each; level {@code k} takes level
     * {@code k-1}'s result as one supplier input, so the result at the top depends on all of them.
     * Each level is parsed from JSON, checked for supplier cycles over the whole chain and calculated.
     */
    public static Timing billOfMaterials(int inputs, int levels, int rounds) {
        FactorSet set = syntheticSet("bench", null, "2025-01-01", null, 50);
        String hash = "sha256:" + "ab".repeat(32);
        List<ObjectNode> requests = new ArrayList<>();
        int perLevel = inputs / levels;
        for (int level = 0; level < levels; level++) {
            requests.add(request(level, perLevel, set));
        }
        double[] millis = new double[rounds];
        for (int r = -3; r < rounds; r++) { // three warm-up rounds
            long t0 = System.nanoTime();
            Map<String, SupplierFootprint> chain = new HashMap<>();
            String previous = null;
            for (int level = 0; level < levels; level++) {
                CalculationRequest request = CalculationRequest.read(requests.get(level));
                String root = supplierId(level);
                List<String> cycle = SupplyChain.cycle(root, id -> id.equals(root) ? request.supplierIds()
                        : chain.containsKey(id) ? chain.get(id).inputs() : List.of());
                if (!cycle.isEmpty()) {
                    throw new IllegalStateException("benchmark chain has a cycle " + cycle);
                }
                Calculation c = Calculator.calculate(request, set, hash, chain);
                chain.put(root, new SupplierFootprint(root, "Active", null, hash, hash, new BigDecimal(c.total()), "kilogram",
                        new BigDecimal(c.dataQuality().primaryDataShare()), previous == null ? List.of() : List.of(previous)));
                previous = root;
            }
            if (r >= 0) {
                millis[r] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(millis);
        return new Timing(perLevel * levels, levels, millis);
    }

    private static ObjectNode request(int level, int inputs, FactorSet set) {
        ObjectNode r = CanonicalJson.mapper().createObjectNode();
        r.put("productName", "bench level " + level);
        r.putObject("declaredUnit").put("amount", "1").put("unit", "kilogram");
        r.putObject("factorSet").put("name", set.name()).put("version", set.version());
        r.putObject("referencePeriod").put("start", "2025-01-01T00:00:00Z").put("end", "2026-01-01T00:00:00Z");
        ArrayNode stages = r.putArray("stages");
        String[] units = {"kg", "g", "t"};
        String[] energy = {"kWh", "MWh", "Wh"};
        List<ArrayNode> byStage = new ArrayList<>();
        for (String s : STAGES) {
            ObjectNode stage = stages.addObject();
            stage.put("stage", s);
            byStage.add(stage.putArray("inputs"));
        }
        for (int i = 0; i < inputs; i++) {
            ObjectNode in = byStage.get(i % STAGES.length).addObject();
            in.put("description", "part " + i);
            if (i == 0 && level > 0) {
                in.put("quantity", "0.5").put("unit", "kg").put("supplierFootprintId", supplierId(level - 1));
                continue;
            }
            EmissionFactor f = set.factors().get(i % set.factors().size());
            boolean perKwh = f.unit().endsWith("kWh");
            in.put("quantity", BigDecimal.valueOf(1 + i % 997, 3).toPlainString());
            in.put("unit", perKwh ? energy[i % 3] : units[i % 3]);
            in.put("factorCode", f.code());
            in.put("primaryData", i % 4 == 0);
        }
        return r;
    }

    private static String supplierId(int level) {
        return new java.util.UUID(0x6000_0000_0000_4000L, 0x8000_0000_0000_0000L | level).toString();
    }

    /** A set of {@code codes} factors, half per kWh and half per kg, with made-up values. */
    public static FactorSet syntheticSet(String name, String region, String validFrom, String validTo, int codes) {
        List<EmissionFactor> factors = new ArrayList<>();
        for (int i = 0; i < codes; i++) {
            factors.add(new EmissionFactor(String.format("code-%04d", i), "synthetic", BigDecimal.valueOf(100 + i, 3).toPlainString(),
                    i % 2 == 0 ? "kgCO2e/kWh" : "kgCO2e/kg", "synthetic benchmark data", null));
        }
        return new FactorSet(name, validFrom.substring(0, 4), "bench", "synthetic benchmark data", region, validFrom, validTo,
                factors);
    }

    /** Lookups per second on one thread: {@code provinces} regions x {@code years} yearly versions x {@code codes} codes. */
    public static double lookupsPerSecond(int provinces, int years, int codes, long millis) {
        List<FactorIndex.Indexed> sets = new ArrayList<>();
        for (int p = 0; p < provinces; p++) {
            for (int y = 0; y < years; y++) {
                int year = 2020 + y;
                sets.add(new FactorIndex.Indexed(syntheticSet("grid-" + p, String.format("CN-P%02d", p), year + "-01-01",
                        year + "-12-31", codes), "sha256:" + "cd".repeat(32)));
            }
        }
        FactorIndex index = FactorIndex.of(sets);
        SplittableRandom random = new SplittableRandom(6);
        int n = 1 << 16;
        String[] codesAsked = new String[n];
        String[] regions = new String[n];
        LocalDate[] days = new LocalDate[n];
        for (int i = 0; i < n; i++) {
            codesAsked[i] = String.format("code-%04d", random.nextInt(codes));
            regions[i] = String.format("CN-P%02d", random.nextInt(provinces));
            days[i] = LocalDate.of(2020 + random.nextInt(years), 1 + random.nextInt(12), 1 + random.nextInt(28));
        }
        long found = 0;
        long done = 0;
        long warm = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warm) {
            for (int i = 0; i < n; i++) {
                found += index.lookup(codesAsked[i], regions[i], days[i]) == null ? 0 : 1;
            }
        }
        long t0 = System.nanoTime();
        long until = t0 + millis * 1_000_000L;
        while (System.nanoTime() < until) {
            for (int i = 0; i < n; i++) {
                found += index.lookup(codesAsked[i], regions[i], days[i]) == null ? 0 : 1;
            }
            done += n;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (found == 0) {
            throw new IllegalStateException("no lookup found anything");
        }
        return done / seconds;
    }

    /** Committed claims per second, their latency and how many lost an MVCC race (counted, not retried). */
    public record ClaimResult(int claims, int committed, int conflicts, double perSecond, double medianMillis, double p99Millis) {
    }

    /**
     * {@code claims} claims of 10 serials each by {@code concurrency} concurrent clients, spread over
     * {@code issuers} issuers, against a fresh embedded ledger in {@code dir}, after
     * {@code preclaimed} earlier claims, so every overlap check reads a populated index. The claims go
     * to {@code 4 x concurrency} footprints recorded, as a calculation records them, with the
     * electricity they consumed, sized so the busiest ends exactly at that cap: each claim runs the
     * path of {@code POST /api/v1/green-certificates/claims}, the overlap check and the cap check over
     * the footprint's earlier claims, in the contract.
     */
    public static ClaimResult claims(Path dir, int claims, int preclaimed, int issuers, int concurrency) {
        LocalMsp msp = new LocalMsp(dir.resolve("crypto"));
        var company = msp.identity("AnhuiMSP", "bench-company", "company");
        try (EmbeddedLedger ledger = EmbeddedLedger.open(EmbeddedLedgerConfig.of(dir.resolve("ledger"),
                Map.of("AnhuiMSP", msp.rootCertificate("AnhuiMSP"))))) {
            int total = claims + preclaimed;
            int footprints = 4 * concurrency;
            // Claim i goes to footprint i % footprints; the busiest gets ceil(total / footprints) claims of 10 MWh.
            String consumedMwh = Integer.toString(10 * ((total + footprints - 1) / footprints));
            String[] footprintIds = new String[footprints];
            for (int f = 0; f < footprints; f++) {
                footprintIds[f] = new java.util.UUID(0x7000_0000_0000_4000L, 0x8000_0000_0000_0000L | f).toString();
            }
            Flux.range(0, footprints).flatMap(f -> ledger.submit(company, "footprint:record", List.of(CanonicalJson.string(
                    new FootprintSubmission(footprintIds[f], "sha256:" + String.format("%064x", f), "lithium-battery", "bench",
                            "bench", List.of("urn:gtin:06901234567892"), List.of(), "kilowatt hour", "1", "1", "1",
                            "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "CN-AH", List.of("ISO14067"), List.of(), Map.of(),
                            null, null, consumedMwh)))), concurrency).blockLast();
            // Serial blocks are handed out in a shuffled order, as claims arrive from many companies.
            int[] order = new int[total];
            for (int i = 0; i < total; i++) {
                order[i] = i;
            }
            SplittableRandom random = new SplittableRandom(6);
            for (int i = total - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            java.util.function.IntFunction<String> claim = i -> {
                int block = order[i];
                String issuer = "GEC-" + (block % issuers);
                long start = (long) (block / issuers) * 10 + 1;
                return CanonicalJson.string(new ClaimRequest(footprintIds[i % footprints], List.of(new CertificateRange(issuer,
                        Long.toString(start), Long.toString(start + 9), "10", 2025))));
            };
            Flux.range(0, preclaimed).flatMap(i -> ledger.submit(company, "greencert:claim", List.of(claim.apply(i)))
                    .onErrorResume(MvccConflict.class, e -> Mono.empty()), concurrency).blockLast();
            AtomicLongArray latencies = new AtomicLongArray(claims);
            AtomicInteger committed = new AtomicInteger();
            AtomicInteger conflicts = new AtomicInteger();
            long t0 = System.nanoTime();
            Flux.range(preclaimed, claims).flatMap(i -> Mono.defer(() -> {
                long s = System.nanoTime();
                return ledger.submit(company, "greencert:claim", List.of(claim.apply(i))).doOnSuccess(ok -> {
                    latencies.set(i - preclaimed, System.nanoTime() - s);
                    committed.incrementAndGet();
                });
            }).onErrorResume(MvccConflict.class, e -> {
                conflicts.incrementAndGet();
                return Mono.empty();
            }), concurrency).blockLast();
            double seconds = (System.nanoTime() - t0) / 1e9;
            long[] sorted = new long[committed.get()];
            int k = 0;
            for (int i = 0; i < claims && k < sorted.length; i++) {
                if (latencies.get(i) > 0) {
                    sorted[k++] = latencies.get(i);
                }
            }
            Arrays.sort(sorted);
            double median = sorted.length == 0 ? 0 : sorted[sorted.length / 2] / 1e6;
            double p99 = sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6;
            return new ClaimResult(claims, committed.get(), conflicts.get(), committed.get() / seconds, median, p99);
        }
    }
}
