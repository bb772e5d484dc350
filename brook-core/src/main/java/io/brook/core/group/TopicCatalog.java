package io.brook.core.group;

import io.brook.metadata.image.MetadataImage;
import io.brook.metadata.image.TopicImage;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The topics a consumer group can subscribe to: what the KIP-848 coordinator needs of the cluster
 * metadata (topic ids and partition counts) to compute target assignments. A small interface so
 * that unit tests can drive the coordinator with a hand-made catalogue.
 */
public interface TopicCatalog {

    record TopicInfo(String name, UUID id, int partitions) {
    }

    Optional<TopicInfo> topic(String name);

    Optional<TopicInfo> topic(UUID id);

    /** Every topic name, for regular-expression subscriptions. */
    Collection<String> names();

    TopicCatalog EMPTY = new TopicCatalog() {
        @Override
        public Optional<TopicInfo> topic(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<TopicInfo> topic(UUID id) {
            return Optional.empty();
        }

        @Override
        public Collection<String> names() {
            return List.of();
        }
    };

    /** A catalogue reading the current metadata image on each call. */
    static TopicCatalog of(Supplier<MetadataImage> image) {
        return new TopicCatalog() {
            @Override
            public Optional<TopicInfo> topic(String name) {
                return image.get().topic(name).map(TopicCatalog::info);
            }

            @Override
            public Optional<TopicInfo> topic(UUID id) {
                return image.get().topic(id).map(TopicCatalog::info);
            }

            @Override
            public Collection<String> names() {
                return image.get().topicsByName().keySet();
            }
        };
    }

    private static TopicInfo info(TopicImage t) {
        return new TopicInfo(t.name(), t.id(), t.partitionCount());
    }
}
