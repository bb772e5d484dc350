package io.brook.metadata.record;

import java.util.List;
import java.util.UUID;

/**
 * One change to cluster metadata. The metadata log is a sequence of these; replaying it from the
 * start rebuilds the image. Records are facts, already validated by the controller.
 */
public sealed interface MetadataRecord {

    /** A topic came into existence. Its partitions follow as PartitionRecords. */
    record TopicRecord(String name, UUID topicId) implements MetadataRecord {
    }

    /** A partition's placement and leadership (also used to change leader or ISR). */
    record PartitionRecord(UUID topicId, int partition, List<Integer> replicas, List<Integer> isr,
                           int leader, int leaderEpoch) implements MetadataRecord {
    }

    /** Sets (value != null) or removes (value == null) one config key of a topic or broker. */
    record ConfigRecord(ResourceType resourceType, String resourceName, String key, String value)
            implements MetadataRecord {
    }

    /** A topic and all its partitions are gone. */
    record RemoveTopicRecord(UUID topicId) implements MetadataRecord {
    }

    /** A block of producer ids [nextProducerId - blockSize, nextProducerId) was handed out. */
    record ProducerIdsRecord(int brokerId, long nextProducerId) implements MetadataRecord {
    }

    /** Config resource kinds, numbered as Kafka's ConfigResource.Type. Broker name "" = cluster default. */
    enum ResourceType {
        TOPIC(2), BROKER(4);

        private final byte id;

        ResourceType(int id) {
            this.id = (byte) id;
        }

        public byte id() {
            return id;
        }

        public static ResourceType of(byte id) {
            for (ResourceType type : values()) {
                if (type.id == id) {
                    return type;
                }
            }
            throw new IllegalArgumentException("Unknown config resource type " + id);
        }
    }
}
