package org.tanji.gateway.calculation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The graph of footprints feeding a calculation. Footprints are immutable and name only existing
 * ones, but an id may be chosen by its submitter and a document may name inputs freely, so a
 * cycle is possible and would make a result depend on itself.
 */
final class SupplyChain {
    private SupplyChain() {
    }

    /**
     * A cycle reachable from {@code root}, as the path that closes it ({@code a -> b -> a}), or an
     * empty list. Iterative depth-first search, so an eight-level chain of thousands of
     * footprints does not exhaust the stack.
     */
    static List<String> cycle(String root, Function<String, List<String>> inputsOf) {
        Map<String, Integer> state = new HashMap<>(); // 1 on the current path, 2 finished
        Deque<String> path = new ArrayDeque<>();
        Deque<Iterator<String>> pending = new ArrayDeque<>();
        state.put(root, 1);
        path.push(root);
        pending.push(inputsOf.apply(root).iterator());
        while (!pending.isEmpty()) {
            Iterator<String> next = pending.peek();
            if (!next.hasNext()) {
                pending.pop();
                state.put(path.pop(), 2);
                continue;
            }
            String child = next.next();
            Integer seen = state.get(child);
            if (seen == null) {
                state.put(child, 1);
                path.push(child);
                pending.push(inputsOf.apply(child).iterator());
            } else if (seen == 1) {
                List<String> loop = new ArrayList<>();
                for (String id : path) {
                    loop.add(id);
                    if (id.equals(child)) {
                        break;
                    }
                }
                Collections.reverse(loop);
                loop.add(child);
                return loop;
            }
        }
        return List.of();
    }
}
