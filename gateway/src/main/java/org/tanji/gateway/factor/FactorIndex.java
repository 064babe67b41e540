package org.tanji.gateway.factor;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of every anchored factor set, indexed for lookups by code, region and day.
 * A lookup is one hash probe per region level ({@code CN-AH}, then {@code CN}, then sets that
 * apply anywhere) and a scan of the few versions of that code there, newest first; no locks, so
 * readers never wait for a publisher, which swaps in a new snapshot.
 */
public final class FactorIndex {
    /** Region key of sets without a region. */
    static final String ANYWHERE = "*";
    public static final FactorIndex EMPTY = new FactorIndex(Map.of(), Map.of());

    private final Map<String, Indexed> sets;
    private final Map<String, Candidate[]> byCodeAndRegion;

    /** A set together with the hash its canonical form is anchored under. */
    public record Indexed(FactorSet set, String documentHash) {
    }

    /** The factor a lookup found, and the set version it comes from. */
    public record Found(EmissionFactor factor, FactorSet set, String documentHash) {
    }

    private record Candidate(EmissionFactor factor, Indexed set, LocalDate from, LocalDate to) {
        boolean covers(LocalDate day) {
            return !day.isBefore(from) && (to == null || !day.isAfter(to));
        }
    }

    private FactorIndex(Map<String, Indexed> sets, Map<String, Candidate[]> byCodeAndRegion) {
        this.sets = sets;
        this.byCodeAndRegion = byCodeAndRegion;
    }

    public static FactorIndex of(Collection<Indexed> sets) {
        Map<String, Indexed> byName = new HashMap<>();
        for (Indexed s : sets) {
            byName.put(key(s.set().name(), s.set().version()), s);
        }
        Map<String, List<Candidate>> lists = new HashMap<>();
        for (Indexed s : byName.values()) {
            FactorSet set = s.set();
            LocalDate from = LocalDate.parse(set.validFrom());
            LocalDate to = set.validTo() == null ? null : LocalDate.parse(set.validTo());
            String region = set.region() == null ? ANYWHERE : set.region();
            for (EmissionFactor f : set.factors()) {
                lists.computeIfAbsent(key(f.code(), region), k -> new ArrayList<>()).add(new Candidate(f, s, from, to));
            }
        }
        // Newest validity first; on equal starts the later version wins, so a correction published
        // as a new version of the same period takes over from the one it corrects.
        Comparator<Candidate> newestFirst = Comparator.comparing(Candidate::from)
                .thenComparing(c -> c.set().set().version()).reversed();
        Map<String, Candidate[]> index = new HashMap<>();
        lists.forEach((k, v) -> {
            v.sort(newestFirst);
            index.put(k, v.toArray(new Candidate[0]));
        });
        return new FactorIndex(Map.copyOf(byName), index);
    }

    public Indexed set(String name, String version) {
        return sets.get(key(name, version));
    }

    public Collection<Indexed> sets() {
        return sets.values();
    }

    /**
     * The factor for {@code code} that applies in {@code region} on {@code day}: from the most
     * specific region that has one ({@code CN-AH}, {@code CN}, anywhere), the newest valid version.
     *
     * @return the factor, or {@code null} if no anchored set has one for that place and day
     */
    public Found lookup(String code, String region, LocalDate day) {
        String place = region;
        while (true) {
            Found found = scan(byCodeAndRegion.get(key(code, place == null ? ANYWHERE : place)), day);
            if (found != null || place == null) {
                return found;
            }
            int dash = place.lastIndexOf('-');
            place = dash > 0 ? place.substring(0, dash) : null;
        }
    }

    private static Found scan(Candidate[] candidates, LocalDate day) {
        if (candidates != null) {
            for (Candidate c : candidates) {
                if (c.covers(day)) {
                    return new Found(c.factor(), c.set().set(), c.set().documentHash());
                }
            }
        }
        return null;
    }

    private static String key(String a, String b) {
        return a + '\u0000' + b;
    }
}
