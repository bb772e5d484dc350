package io.brook.metadata.image;

import java.util.Map;
import java.util.SortedMap;
import java.util.UUID;

/** A topic: name, id, partitions by index, and its config overrides. Immutable. */
public record TopicImage(String name, UUID id, SortedMap<Integer, PartitionImage> partitions,
                         Map<String, String> configs) {

    public int partitionCount() {
        return partitions.size();
    }
}
