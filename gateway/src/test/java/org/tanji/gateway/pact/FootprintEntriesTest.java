package org.tanji.gateway.pact;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Pages walked through the value postings are exactly the pages a scan of every entry gives. */
class FootprintEntriesTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private final Random random = new Random(20261201);
    private final TreeMap<String, FootprintIndex.Entry> truth = new TreeMap<>();
    private final FootprintEntries entries = new FootprintEntries();

    @Test
    void filteredPagesAndMatchesAreThoseOfAFullScan() {
        for (int i = 0; i < 4_000; i++) {
            put(randomEntry(UUID.randomUUID().toString()));
        }
        // Replace a quarter of them with other values, as a refresh would.
        List<String> ids = new ArrayList<>(truth.keySet());
        for (int i = 0; i < 1_000; i++) {
            put(randomEntry(ids.get(random.nextInt(ids.size()))));
        }
        assertThat(entries.size()).isEqualTo(truth.size());
        for (int q = 0; q < 600; q++) {
            ListQuery query = randomQuery(ids);
            assertThat(entries.page(query)).as("page of %s", query).isEqualTo(scanPage(query));
            assertThat(entries.matching(query)).as("matches of %s", query).isEqualTo(scanAll(query));
        }
    }

    @Test
    void pagingWithTheCursorVisitsEveryMatchOnce() {
        for (int i = 0; i < 3_000; i++) {
            put(randomEntry(UUID.randomUUID().toString()));
        }
        ListQuery first = new ListQuery(Set.of(), Set.of(), Set.of("cn-ab"), Set.of(), Set.of(), null, null, null, 7, null);
        List<String> seen = new ArrayList<>();
        ListQuery query = first;
        for (int guard = 0; guard < 10_000; guard++) {
            List<FootprintIndex.Entry> page = entries.page(query);
            List<FootprintIndex.Entry> shown = page.size() > query.limit() ? page.subList(0, query.limit()) : page;
            shown.forEach(e -> seen.add(e.id()));
            if (page.size() <= query.limit()) {
                break;
            }
            query = new ListQuery(Set.of(), Set.of(), Set.of("cn-ab"), Set.of(), Set.of(), null, null, null, 7,
                    shown.get(shown.size() - 1).id());
        }
        assertThat(seen).isEqualTo(scanAll(first).stream().map(FootprintIndex.Entry::id).toList()).doesNotHaveDuplicates();
        assertThat(seen).isNotEmpty();
    }

    @Test
    void anEntryLeavesTheValuesItNoLongerHas() {
        String id = UUID.randomUUID().toString();
        entries.put(entry(id, Set.of("p1"), Set.of("cn-ah"), Set.of("c1")));
        entries.put(entry(id, Set.of("p1"), Set.of("cn-gs"), Set.of("c1")));
        ListQuery anhui = new ListQuery(Set.of(), Set.of(), Set.of("cn-ah"), Set.of(), Set.of(), null, null, null, 10, null);
        ListQuery gansu = new ListQuery(Set.of(), Set.of(), Set.of("cn-gs"), Set.of(), Set.of(), null, null, null, 10, null);
        assertThat(entries.page(anhui)).isEmpty();
        assertThat(entries.page(gansu)).extracting(FootprintIndex.Entry::id).containsExactly(id);
    }

    private void put(FootprintIndex.Entry e) {
        truth.put(e.id(), e);
        entries.put(e);
    }

    private List<FootprintIndex.Entry> scanPage(ListQuery query) {
        List<FootprintIndex.Entry> out = new ArrayList<>();
        for (FootprintIndex.Entry e : (query.after() == null ? truth : truth.tailMap(query.after(), false)).values()) {
            if (query.matches(e)) {
                out.add(e);
                if (out.size() > query.limit()) {
                    break;
                }
            }
        }
        return out;
    }

    private List<FootprintIndex.Entry> scanAll(ListQuery query) {
        List<FootprintIndex.Entry> out = new ArrayList<>();
        for (FootprintIndex.Entry e : (query.after() == null ? truth : truth.tailMap(query.after(), false)).values()) {
            if (query.matches(e)) {
                out.add(e);
            }
        }
        return out;
    }

    private FootprintIndex.Entry randomEntry(String id) {
        Set<String> products = new HashSet<>();
        products.add("p" + random.nextInt(300));
        if (random.nextInt(4) == 0) {
            products.add("p" + random.nextInt(300));
        }
        Set<String> geographies = new HashSet<>(Set.of("cn-" + (char) ('a' + random.nextInt(6)) + (char) ('a' + random.nextInt(6))));
        if (random.nextBoolean()) {
            geographies.add("cn");
        }
        return entry(id, products, geographies, Set.of("c" + random.nextInt(20)));
    }

    private FootprintIndex.Entry entry(String id, Set<String> products, Set<String> geographies, Set<String> classifications) {
        Instant from = T0.plusSeconds(86_400L * random.nextInt(700));
        return new FootprintIndex.Entry(id, "h" + id, Set.copyOf(products), Set.of("company-" + random.nextInt(8)),
                Set.copyOf(geographies), Set.copyOf(classifications), from, from.plusSeconds(86_400L * 1_095),
                random.nextInt(5) == 0 ? "Deprecated" : "Active", "AnhuiMSP/co", "company", List.of());
    }

    private ListQuery randomQuery(List<String> ids) {
        return new ListQuery(some("p", 300), companies(), geographies(), some("c", 20),
                random.nextInt(4) == 0 ? Set.of(random.nextBoolean() ? "active" : "deprecated") : Set.of(),
                random.nextInt(5) == 0 ? T0.plusSeconds(86_400L * random.nextInt(1_500)) : null, null, null,
                1 + random.nextInt(60), random.nextInt(3) == 0 ? ids.get(random.nextInt(ids.size())) : null);
    }

    private Set<String> some(String prefix, int n) {
        int k = random.nextInt(5) < 3 ? 0 : 1 + random.nextInt(3);
        Set<String> out = new HashSet<>();
        for (int i = 0; i < k; i++) {
            out.add(prefix + random.nextInt(n + 2));
        }
        return Set.copyOf(out);
    }

    private Set<String> companies() {
        return random.nextInt(3) == 0 ? Set.of("company-" + random.nextInt(9)) : Set.of();
    }

    private Set<String> geographies() {
        int r = random.nextInt(4);
        return switch (r) {
            case 0 -> Set.of();
            case 1 -> Set.of("cn");
            case 2 -> Set.of("cn-" + (char) ('a' + random.nextInt(6)) + (char) ('a' + random.nextInt(6)));
            default -> Set.of("cn-aa", "cn-bb", "xx");
        };
    }
}
