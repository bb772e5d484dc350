package io.brook.protocol.api;

import io.brook.core.controller.ClusterController;
import io.brook.metadata.image.TopicImage;
import java.util.Optional;
import org.apache.kafka.common.Uuid;

/** Finds a topic by name (older request versions) or by id (newer ones). */
public final class TopicResolver {

    private final ClusterController controller;

    public TopicResolver(ClusterController controller) {
        this.controller = controller;
    }

    public Optional<TopicImage> resolve(String name, Uuid id) {
        if (id != null && !Uuid.ZERO_UUID.equals(id)) {
            return controller.image().topic(Uuids.fromKafka(id));
        }
        return name == null ? Optional.empty() : controller.image().topic(name);
    }
}
