package io.brook.metadata.image;

import java.util.List;

/** One partition's placement and leadership. */
public record PartitionImage(int partition, List<Integer> replicas, List<Integer> isr, int leader, int leaderEpoch) {
}
