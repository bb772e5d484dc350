package io.brook.metadata.image;

import io.brook.metadata.record.MetadataRecord;
import io.brook.metadata.record.MetadataRecord.ConfigRecord;
import io.brook.metadata.record.MetadataRecord.PartitionRecord;
import io.brook.metadata.record.MetadataRecord.ProducerIdsRecord;
import io.brook.metadata.record.MetadataRecord.RemoveTopicRecord;
import io.brook.metadata.record.MetadataRecord.ResourceType;
import io.brook.metadata.record.MetadataRecord.TopicRecord;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Applies records to an image (the delta): mutable while records are replayed, then frozen into
 * a new {@link MetadataImage}. Used for both start-up replay and each committed change.
 */
public final class ImageBuilder {

    private final Map<UUID, MutableTopic> topics = new HashMap<>();
    private final Map<String, Map<String, String>> brokerConfigs = new HashMap<>();
    private long nextProducerId;
    private long lastOffset;

    private static final class MutableTopic {
        final String name;
        final UUID id;
        final TreeMap<Integer, PartitionImage> partitions = new TreeMap<>();
        final Map<String, String> configs = new HashMap<>();

        MutableTopic(String name, UUID id) {
            this.name = name;
            this.id = id;
        }
    }

    public ImageBuilder(MetadataImage base) {
        base.topicsById().values().forEach(t -> {
            MutableTopic topic = new MutableTopic(t.name(), t.id());
            topic.partitions.putAll(t.partitions());
            topic.configs.putAll(t.configs());
            topics.put(t.id(), topic);
        });
        base.brokerConfigs().forEach((k, v) -> brokerConfigs.put(k, new HashMap<>(v)));
        nextProducerId = base.nextProducerId();
        lastOffset = base.lastOffset();
    }

    public ImageBuilder apply(MetadataRecord record, long offset) {
        if (record instanceof TopicRecord r) {
            topics.put(r.topicId(), new MutableTopic(r.name(), r.topicId()));
        } else if (record instanceof PartitionRecord r) {
            topic(r.topicId()).partitions.put(r.partition(),
                    new PartitionImage(r.partition(), r.replicas(), r.isr(), r.leader(), r.leaderEpoch()));
        } else if (record instanceof ConfigRecord r) {
            applyConfig(r);
        } else if (record instanceof RemoveTopicRecord r) {
            topics.remove(r.topicId());
        } else if (record instanceof ProducerIdsRecord r) {
            nextProducerId = Math.max(nextProducerId, r.nextProducerId());
        }
        lastOffset = offset;
        return this;
    }

    private void applyConfig(ConfigRecord r) {
        Map<String, String> target;
        if (r.resourceType() == ResourceType.TOPIC) {
            MutableTopic topic = topics.values().stream().filter(t -> t.name.equals(r.resourceName()))
                    .findFirst().orElse(null);
            if (topic == null) {
                return; // config of a topic deleted later in the same batch
            }
            target = topic.configs;
        } else {
            target = brokerConfigs.computeIfAbsent(r.resourceName(), k -> new HashMap<>());
        }
        if (r.value() == null) {
            target.remove(r.key());
        } else {
            target.put(r.key(), r.value());
        }
    }

    private MutableTopic topic(UUID id) {
        MutableTopic topic = topics.get(id);
        if (topic == null) {
            throw new IllegalStateException("Metadata log names unknown topic id " + id);
        }
        return topic;
    }

    public MetadataImage build() {
        Map<String, TopicImage> byName = new HashMap<>();
        Map<UUID, TopicImage> byId = new HashMap<>();
        topics.values().forEach(t -> {
            TopicImage image = new TopicImage(t.name, t.id,
                    Collections.unmodifiableSortedMap(new TreeMap<>(t.partitions)), Map.copyOf(t.configs));
            byName.put(t.name, image);
            byId.put(t.id, image);
        });
        Map<String, Map<String, String>> configs = new HashMap<>();
        brokerConfigs.forEach((k, v) -> configs.put(k, Map.copyOf(v)));
        return new MetadataImage(Map.copyOf(byName), Map.copyOf(byId), Map.copyOf(configs), nextProducerId,
                lastOffset);
    }
}
