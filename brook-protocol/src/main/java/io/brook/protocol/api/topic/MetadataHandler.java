package io.brook.protocol.api.topic;

import io.brook.protocol.api.BrokerIdentity;
import io.brook.protocol.api.Uuids;
import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.config.BrookConfig;
import io.brook.core.controller.ClusterController;
import io.brook.core.controller.NewTopic;
import io.brook.core.controller.TopicNames;
import io.brook.core.error.BrookException;
import io.brook.core.error.ErrorCode;
import io.brook.metadata.image.MetadataImage;
import io.brook.metadata.image.PartitionImage;
import io.brook.metadata.image.TopicImage;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import io.brook.core.config.Listener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/** Metadata: brokers, cluster id, controller, and topics (creating missing ones when allowed). */
@KafkaApi(value = ApiKey.METADATA, min = 0, max = 13)
public final class MetadataHandler implements SyncApiHandler<MetadataRequestData> {

    private final ClusterController controller;
    private final BrookConfig config;
    private final BrokerIdentity identity;

    public MetadataHandler(ClusterController controller, BrookConfig config, BrokerIdentity identity) {
        this.controller = controller;
        this.config = config;
        this.identity = identity;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, MetadataRequestData request) {
        short version = context.apiVersion();
        // Before v4 the request cannot ask not to create topics.
        boolean mayCreate = config.autoCreateTopics() && (version < 4 || request.allowAutoTopicCreation());
        MetadataResponseData response = new MetadataResponseData()
                .setClusterId(identity.clusterId())
                .setControllerId(identity.nodeId());
        Listener advertised = identity.advertisedFor(context.listenerName());
        response.brokers().add(new MetadataResponseBroker().setNodeId(identity.nodeId())
                .setHost(advertised.host()).setPort(advertised.port()));

        MetadataImage image = controller.image();
        // v0 asks for all topics with an empty list; later versions with null.
        boolean allTopics = request.topics() == null || (version == 0 && request.topics().isEmpty());
        if (allTopics) {
            image.topicsByName().values().stream().sorted((a, b) -> a.name().compareTo(b.name()))
                    .forEach(t -> response.topics().add(describe(t)));
            return response;
        }
        for (MetadataRequestTopic requested : request.topics()) {
            response.topics().add(lookup(requested, mayCreate));
        }
        return response;
    }

    private MetadataResponseTopic lookup(MetadataRequestTopic requested, boolean mayCreate) {
        String name = requested.name();
        Uuid id = requested.topicId();
        // v10+ clients may name a topic by id; the Java Admin sends an empty name with it.
        if (id != null && !id.equals(Uuid.ZERO_UUID)) {
            return controller.image().topic(Uuids.fromKafka(id)).map(this::describe)
                    .orElseGet(() -> new MetadataResponseTopic().setTopicId(id)
                            .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()));
        }
        if (name == null) {
            return new MetadataResponseTopic().setErrorCode(Errors.INVALID_REQUEST.code());
        }
        Optional<TopicImage> topic = controller.image().topic(name);
        if (topic.isPresent()) {
            return describe(topic.get());
        }
        if (!TopicNames.isValid(name)) {
            return error(name, Errors.INVALID_TOPIC_EXCEPTION);
        }
        if (!mayCreate) {
            return error(name, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        try {
            return describe(controller.createTopic(NewTopic.withDefaults(name), false));
        } catch (BrookException e) {
            if (e.error() == ErrorCode.TOPIC_ALREADY_EXISTS) {
                return controller.image().topic(name).map(this::describe)
                        .orElseGet(() -> error(name, Errors.LEADER_NOT_AVAILABLE));
            }
            return error(name, Errors.forCode(e.error().code()));
        }
    }

    private static MetadataResponseTopic error(String name, Errors error) {
        return new MetadataResponseTopic().setName(name).setErrorCode(error.code());
    }

    private MetadataResponseTopic describe(TopicImage topic) {
        List<MetadataResponsePartition> partitions = new ArrayList<>();
        for (PartitionImage p : topic.partitions().values()) {
            partitions.add(new MetadataResponsePartition()
                    .setPartitionIndex(p.partition())
                    .setLeaderId(p.leader())
                    .setLeaderEpoch(p.leaderEpoch())
                    .setReplicaNodes(p.replicas())
                    .setIsrNodes(p.isr())
                    .setOfflineReplicas(List.of()));
        }
        return new MetadataResponseTopic()
                .setName(topic.name())
                .setTopicId(Uuids.toKafka(topic.id()))
                .setIsInternal(TopicNames.INTERNAL.contains(topic.name()))
                .setPartitions(partitions);
    }
}
