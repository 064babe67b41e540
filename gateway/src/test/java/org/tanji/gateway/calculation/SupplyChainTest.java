package org.tanji.gateway.calculation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The cycle check over supplier footprints: deep chains pass, any loop is reported as the path that closes it. */
class SupplyChainTest {

    @Test
    void aLoopThreeSuppliersDeepIsReportedAsItsPath() {
        Map<String, List<String>> edges = Map.of("root", List.of("a", "x"), "a", List.of("b"), "b", List.of("c"),
                "c", List.of("a"), "x", List.of());
        assertThat(SupplyChain.cycle("root", id -> edges.getOrDefault(id, List.of())))
                .containsExactly("a", "b", "c", "a");
    }

    @Test
    void sharedSuppliersAreNotACycle() {
        // A diamond: two suppliers buy from the same sub-supplier.
        Map<String, List<String>> edges = Map.of("root", List.of("a", "b"), "a", List.of("c"), "b", List.of("c"));
        assertThat(SupplyChain.cycle("root", id -> edges.getOrDefault(id, List.of()))).isEmpty();
    }

    @Test
    void aChainOfAHundredThousandLevelsDoesNotOverflowTheStack() {
        Map<String, List<String>> edges = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add("n" + i);
        }
        edges.put("root", List.of(ids.get(0)));
        for (int i = 0; i + 1 < ids.size(); i++) {
            edges.put(ids.get(i), List.of(ids.get(i + 1)));
        }
        assertThat(SupplyChain.cycle("root", id -> edges.getOrDefault(id, List.of()))).isEmpty();
        edges.put(ids.get(ids.size() - 1), List.of("root"));
        assertThat(SupplyChain.cycle("root", id -> edges.getOrDefault(id, List.of()))).hasSize(100_002)
                .startsWith("root").endsWith("root");
    }
}
