package org.tanji.gateway.pact;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The PACT index's entries in id order, with the entries of each product id, company id, geography
 * and classification value beside them, so that a filtered page walks those of its most selective
 * filter instead of every footprint.
 *
 * <p>Filtering by scanning was half the server's CPU in {@code ./tanji bench pact}: with 100,000
 * footprints, a page of 100 matching a geography and a classification (about 300 matches in all)
 * looked at some 34,000 entries. Every candidate is still checked against the whole query, so a
 * posting that is briefly stale while an entry is replaced costs a lookup, never a wrong answer.
 * Writers are the index's refreshes; readers run concurrently with them.
 */
final class FootprintEntries {
    private final ConcurrentSkipListMap<String, FootprintIndex.Entry> entries = new ConcurrentSkipListMap<>();
    private final Postings products = new Postings(FootprintIndex.Entry::productIds);
    private final Postings companies = new Postings(FootprintIndex.Entry::companyIds);
    private final Postings geographies = new Postings(FootprintIndex.Entry::geographies);
    private final Postings classifications = new Postings(FootprintIndex.Entry::classifications);
    private final List<Postings> all = List.of(products, companies, geographies, classifications);

    FootprintIndex.Entry get(String id) {
        return entries.get(id);
    }

    int size() {
        return entries.size();
    }

    /** Adds or replaces the entry of {@code e.id()}. */
    void put(FootprintIndex.Entry e) {
        FootprintIndex.Entry old = entries.put(e.id(), e);
        for (Postings p : all) {
            // New postings first, then the old values this entry no longer has: a concurrent page
            // never misses the entry for a value it keeps.
            p.add(e);
            if (old != null) {
                p.removeStale(old, e);
            }
        }
    }

    /** Up to {@code query.limit() + 1} matching entries after the query's cursor, in id order. */
    List<FootprintIndex.Entry> page(ListQuery query) {
        List<FootprintIndex.Entry> out = new ArrayList<>(Math.min(query.limit() + 1, 1024));
        for (Iterator<FootprintIndex.Entry> it = candidates(query); it.hasNext(); ) {
            FootprintIndex.Entry e = it.next();
            if (query.matches(e)) {
                out.add(e);
                if (out.size() > query.limit()) {
                    break;
                }
            }
        }
        return out;
    }

    /** Every matching entry, in id order. */
    List<FootprintIndex.Entry> matching(ListQuery query) {
        List<FootprintIndex.Entry> out = new ArrayList<>();
        candidates(query).forEachRemaining(e -> {
            if (query.matches(e)) {
                out.add(e);
            }
        });
        return out;
    }

    /**
     * The entries after the query's cursor that may match, in id order: those having a value of the
     * filter with the fewest entries, or all of them when the query filters on none of the four.
     */
    private Iterator<FootprintIndex.Entry> candidates(ListQuery query) {
        NavigableMap<String, FootprintIndex.Entry> from = narrowest(query);
        if (from == null) {
            from = entries;
        }
        String after = query.after();
        return (after == null ? from : from.tailMap(after, false)).values().iterator();
    }

    private NavigableMap<String, FootprintIndex.Entry> narrowest(ListQuery query) {
        NavigableMap<String, FootprintIndex.Entry> best = null;
        long bestSize = Long.MAX_VALUE;
        List<Set<String>> wanted = List.of(query.productIds(), query.companyIds(), query.geographies(),
                query.classifications());
        for (int i = 0; i < wanted.size(); i++) {
            Set<String> values = wanted.get(i);
            if (values.isEmpty()) {
                continue;
            }
            Postings p = all.get(i);
            long size = p.size(values);
            if (size < bestSize) {
                bestSize = size;
                best = p.entries(values);
            }
        }
        return best;
    }

    /**
     * The entries of each value of one filterable field, by id. Holding the entries themselves (not
     * their ids) spares a lookup in the main map per candidate, which was most of a filtered page's
     * time; a replaced entry is replaced here too.
     */
    private static final class Postings {
        private record Entries(ConcurrentSkipListMap<String, FootprintIndex.Entry> byId, AtomicInteger size) {
        }

        private final Function<FootprintIndex.Entry, Set<String>> field;
        private final ConcurrentHashMap<String, Entries> byValue = new ConcurrentHashMap<>();

        Postings(Function<FootprintIndex.Entry, Set<String>> field) {
            this.field = field;
        }

        void add(FootprintIndex.Entry e) {
            for (String value : field.apply(e)) {
                Entries entries = byValue.computeIfAbsent(value, v -> new Entries(new ConcurrentSkipListMap<>(), new AtomicInteger()));
                if (entries.byId().put(e.id(), e) == null) {
                    entries.size().incrementAndGet();
                }
            }
        }

        void removeStale(FootprintIndex.Entry old, FootprintIndex.Entry now) {
            Set<String> kept = field.apply(now);
            for (String value : field.apply(old)) {
                Entries entries = byValue.get(value);
                if (!kept.contains(value) && entries != null && entries.byId().remove(old.id()) != null) {
                    entries.size().decrementAndGet();
                }
            }
        }

        /** How many entries have one of the values (an upper bound when values share entries). */
        long size(Set<String> values) {
            long n = 0;
            for (String value : values) {
                Entries entries = byValue.get(value);
                n += entries == null ? 0 : entries.size().get();
            }
            return n;
        }

        /** The entries having any of the values: the live map for one value, a merged copy for several. */
        NavigableMap<String, FootprintIndex.Entry> entries(Set<String> values) {
            if (values.size() == 1) {
                Entries entries = byValue.get(values.iterator().next());
                return entries == null ? Collections.emptyNavigableMap() : entries.byId();
            }
            TreeMap<String, FootprintIndex.Entry> union = new TreeMap<>();
            for (String value : values) {
                Entries entries = byValue.get(value);
                if (entries != null) {
                    union.putAll(entries.byId());
                }
            }
            return union;
        }
    }
}
