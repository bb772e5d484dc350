package io.brook.protocol.api.group;

import io.brook.core.controller.ClusterController;
import io.brook.core.group.GroupCoordinator;
import io.brook.core.group.OffsetsTopic;
import io.brook.core.group.SubscriptionParser;
import io.brook.metadata.image.TopicImage;
import io.brook.protocol.api.BrokerIdentity;
import io.brook.protocol.api.Uuids;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Optional;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.Uuid;

/** What the group API handlers share: the coordinator, its topic, the topic catalogue and this broker's address. */
public record GroupContext(GroupCoordinator coordinator, OffsetsTopic offsetsTopic, ClusterController controller,
                           BrokerIdentity identity) {

    /** Parses the topics out of a classic consumer subscription with Kafka's own schema. */
    public static final SubscriptionParser CONSUMER_SUBSCRIPTION = bytes -> {
        try {
            return new HashSet<>(ConsumerProtocol.deserializeConsumerProtocolSubscription(ByteBuffer.wrap(bytes))
                    .topics());
        } catch (RuntimeException e) {
            return null;
        }
    };

    Optional<TopicImage> topic(String name) {
        return name == null ? Optional.empty() : controller.image().topic(name);
    }

    Optional<TopicImage> topic(Uuid id) {
        return id == null || Uuid.ZERO_UUID.equals(id) ? Optional.empty() : controller.image().topic(Uuids.fromKafka(id));
    }

    boolean partitionExists(String topic, int partition) {
        return topic(topic).map(t -> t.partitions().containsKey(partition)).orElse(false);
    }

    static String clientHost(io.brook.protocol.handler.RequestContext context) {
        return context.clientAddress() == null ? "" : "/" + context.clientAddress().getAddress().getHostAddress();
    }
}
