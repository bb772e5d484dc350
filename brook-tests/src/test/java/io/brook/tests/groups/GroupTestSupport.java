package io.brook.tests.groups;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Helpers shared by the classic and KIP-848 group tests. */
final class GroupTestSupport {

    private GroupTestSupport() {
    }

    /** Commits each revoked partition's position before it moves: no record is read twice. */
    static ConsumerRebalanceListener commitOnRevoke(KafkaConsumer<String, String> consumer) {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (TopicPartition tp : partitions) {
                    offsets.put(tp, new OffsetAndMetadata(consumer.position(tp)));
                }
                consumer.commitSync(offsets);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }
        };
    }

    static Set<Integer> partitionsOf(KafkaConsumer<?, ?> c) {
        return c.assignment().stream().map(TopicPartition::partition).collect(Collectors.toSet());
    }
}
