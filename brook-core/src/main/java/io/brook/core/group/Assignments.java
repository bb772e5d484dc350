package io.brook.core.group;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/** Helpers for partition assignments: topic id to partition indexes, kept immutable and sorted. */
final class Assignments {

    private Assignments() {
    }

    /** An immutable sorted copy without empty topics. */
    static Map<UUID, Set<Integer>> copy(Map<UUID, ? extends Set<Integer>> in) {
        if (in == null || in.isEmpty()) {
            return Map.of();
        }
        TreeMap<UUID, Set<Integer>> out = new TreeMap<>();
        in.forEach((topic, partitions) -> {
            if (partitions != null && !partitions.isEmpty()) {
                out.put(topic, Collections.unmodifiableSet(new TreeSet<>(partitions)));
            }
        });
        return Collections.unmodifiableMap(out);
    }

    static boolean contains(Map<UUID, Set<Integer>> assignment, UUID topic, int partition) {
        Set<Integer> ps = assignment.get(topic);
        return ps != null && ps.contains(partition);
    }

    /** Whether every partition of {@code owned} is in {@code assignment}; false when owned is null. */
    static boolean isSubset(Map<UUID, Set<Integer>> owned, Map<UUID, Set<Integer>> assignment) {
        if (owned == null) {
            return false;
        }
        for (Map.Entry<UUID, Set<Integer>> e : owned.entrySet()) {
            Set<Integer> target = assignment.get(e.getKey());
            if (!e.getValue().isEmpty() && (target == null || !target.containsAll(e.getValue()))) {
                return false;
            }
        }
        return true;
    }

    static int size(Map<UUID, Set<Integer>> assignment) {
        return assignment.values().stream().mapToInt(Set::size).sum();
    }
}
