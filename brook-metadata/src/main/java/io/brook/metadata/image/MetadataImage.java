package io.brook.metadata.image;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The cluster metadata at one point of the metadata log. Immutable: readers take the current
 * image and see a consistent view without locks; the controller publishes a new one per change.
 *
 * @param brokerConfigs dynamic broker configs by broker id; "" holds cluster-wide defaults
 * @param nextProducerId first producer id not yet handed out
 * @param lastOffset offset of the last record applied, -1 for the empty image
 */
public record MetadataImage(Map<String, TopicImage> topicsByName, Map<UUID, TopicImage> topicsById,
                            Map<String, Map<String, String>> brokerConfigs, long nextProducerId,
                            long lastOffset) {

    public static final MetadataImage EMPTY = new MetadataImage(Map.of(), Map.of(), Map.of(), 0, -1);

    public Optional<TopicImage> topic(String name) {
        return Optional.ofNullable(topicsByName.get(name));
    }

    public Optional<TopicImage> topic(UUID id) {
        return Optional.ofNullable(topicsById.get(id));
    }

    public Map<String, String> clusterBrokerDefaults() {
        return brokerConfigs.getOrDefault("", Map.of());
    }
}
