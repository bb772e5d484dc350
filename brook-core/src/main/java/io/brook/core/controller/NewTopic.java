package io.brook.core.controller;

import java.util.List;
import java.util.Map;

/**
 * A topic to create. numPartitions and replicationFactor are -1 to take the broker defaults;
 * assignments (partition -> replica broker ids), when given, fix both.
 */
public record NewTopic(String name, int numPartitions, short replicationFactor,
                       Map<Integer, List<Integer>> assignments, Map<String, String> configs) {

    public static NewTopic withDefaults(String name) {
        return new NewTopic(name, -1, (short) -1, Map.of(), Map.of());
    }
}
