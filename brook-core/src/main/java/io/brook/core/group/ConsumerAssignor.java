package io.brook.core.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A server-side assignor of KIP-848 consumer groups, chosen by the members' {@code server_assignor}:
 * {@link #UNIFORM} (the default) or {@link #RANGE}. Pure functions of their input, so deterministic.
 */
interface ConsumerAssignor {

    /**
     * @param subscriptions  member id to the ids of the (existing) topics it subscribes to
     * @param partitionCounts topic id to its number of partitions
     * @param current        the previous target assignment by member id (for stickiness)
     */
    record Spec(SortedMap<String, Set<UUID>> subscriptions, Map<UUID, Integer> partitionCounts,
                Map<String, Map<UUID, Set<Integer>>> current) {
    }

    String name();

    /** A target assignment for every member of the spec (members without partitions map to empty). */
    Map<String, Map<UUID, Set<Integer>>> assign(Spec spec);

    ConsumerAssignor UNIFORM = new Uniform();
    ConsumerAssignor RANGE = new Range();

    static ConsumerAssignor named(String name) {
        if (UNIFORM.name().equals(name)) {
            return UNIFORM;
        }
        if (RANGE.name().equals(name)) {
            return RANGE;
        }
        return null;
    }

    /**
     * Spreads partitions evenly over the members subscribed to their topic, keeping partitions where
     * they were in the previous target assignment when balance allows (sticky, like Kafka's uniform
     * assignor): keep previous owners, give unowned partitions to the least loaded eligible member,
     * then move partitions from the most to the least loaded member while counts differ by two or more.
     */
    final class Uniform implements ConsumerAssignor {

        @Override
        public String name() {
            return "uniform";
        }

        @Override
        public Map<String, Map<UUID, Set<Integer>>> assign(Spec spec) {
            Map<String, TreeMap<UUID, TreeSet<Integer>>> out = new TreeMap<>();
            Map<String, Integer> counts = new HashMap<>();
            Map<UUID, List<String>> subscribers = new TreeMap<>();
            spec.subscriptions().forEach((member, topics) -> {
                out.put(member, new TreeMap<>());
                counts.put(member, 0);
                for (UUID t : topics) {
                    if (spec.partitionCounts().containsKey(t)) {
                        subscribers.computeIfAbsent(t, x -> new ArrayList<>()).add(member);
                    }
                }
            });
            Map<UUID, Set<Integer>> taken = new HashMap<>();
            // 1. Stickiness: previous owners keep what they still subscribe to.
            spec.subscriptions().forEach((member, topics) -> {
                Map<UUID, Set<Integer>> previous = spec.current().getOrDefault(member, Map.of());
                previous.forEach((topic, partitions) -> {
                    Integer count = spec.partitionCounts().get(topic);
                    if (count == null || !topics.contains(topic)) {
                        return;
                    }
                    for (int p : partitions) {
                        if (p < count && taken.computeIfAbsent(topic, x -> new HashSet<>()).add(p)) {
                            out.get(member).computeIfAbsent(topic, x -> new TreeSet<>()).add(p);
                            counts.merge(member, 1, Integer::sum);
                        }
                    }
                });
            });
            // 2. Unowned partitions to the least loaded subscriber.
            subscribers.forEach((topic, members) -> {
                int count = spec.partitionCounts().get(topic);
                for (int p = 0; p < count; p++) {
                    if (taken.computeIfAbsent(topic, x -> new HashSet<>()).add(p)) {
                        String least = members.get(0);
                        for (String m : members) {
                            if (counts.get(m) < counts.get(least)) {
                                least = m;
                            }
                        }
                        out.get(least).computeIfAbsent(topic, x -> new TreeSet<>()).add(p);
                        counts.merge(least, 1, Integer::sum);
                    }
                }
            });
            // 3. Balance: move one partition at a time from a loaded member to an eligible lighter one.
            boolean moved = true;
            while (moved) {
                moved = false;
                List<String> byLoad = new ArrayList<>(out.keySet());
                byLoad.sort((a, b) -> counts.get(b) - counts.get(a) != 0 ? counts.get(b) - counts.get(a)
                        : a.compareTo(b));
                outer:
                for (String heavy : byLoad) {
                    for (int i = byLoad.size() - 1; i >= 0; i--) {
                        String light = byLoad.get(i);
                        if (counts.get(heavy) - counts.get(light) < 2) {
                            continue;
                        }
                        Set<UUID> lightTopics = spec.subscriptions().get(light);
                        for (UUID topic : out.get(heavy).descendingKeySet()) {
                            if (lightTopics.contains(topic)) {
                                TreeSet<Integer> ps = out.get(heavy).get(topic);
                                int p = ps.pollLast();
                                if (ps.isEmpty()) {
                                    out.get(heavy).remove(topic);
                                }
                                out.get(light).computeIfAbsent(topic, x -> new TreeSet<>()).add(p);
                                counts.merge(heavy, -1, Integer::sum);
                                counts.merge(light, 1, Integer::sum);
                                moved = true;
                                break outer;
                            }
                        }
                    }
                }
            }
            Map<String, Map<UUID, Set<Integer>>> result = new TreeMap<>();
            out.forEach((m, a) -> result.put(m, Assignments.copy(a)));
            return result;
        }
    }

    /**
     * Kafka's range assignment per topic: the members subscribed to a topic, in member id order, get
     * consecutive ranges of its partitions, the first {@code partitions % members} one more, so
     * members subscribed to co-partitioned topics get the same partition numbers.
     */
    final class Range implements ConsumerAssignor {

        @Override
        public String name() {
            return "range";
        }

        @Override
        public Map<String, Map<UUID, Set<Integer>>> assign(Spec spec) {
            Map<String, Map<UUID, Set<Integer>>> out = new TreeMap<>();
            Map<UUID, List<String>> subscribers = new TreeMap<>();
            spec.subscriptions().forEach((member, topics) -> {
                out.put(member, new TreeMap<>());
                for (UUID t : topics) {
                    if (spec.partitionCounts().containsKey(t)) {
                        subscribers.computeIfAbsent(t, x -> new ArrayList<>()).add(member);
                    }
                }
            });
            subscribers.forEach((topic, members) -> {
                int partitions = spec.partitionCounts().get(topic);
                int per = partitions / members.size();
                int extra = partitions % members.size();
                int next = 0;
                for (int i = 0; i < members.size(); i++) {
                    int n = per + (i < extra ? 1 : 0);
                    if (n > 0) {
                        Set<Integer> range = new TreeSet<>();
                        for (int p = next; p < next + n; p++) {
                            range.add(p);
                        }
                        out.get(members.get(i)).put(topic, range);
                    }
                    next += n;
                }
            });
            Map<String, Map<UUID, Set<Integer>>> result = new TreeMap<>();
            out.forEach((m, a) -> result.put(m, Assignments.copy(a)));
            return result;
        }
    }
}
