package io.brook.protocol.api.topic;

import io.brook.protocol.api.Uuids;
import io.brook.protocol.api.config.ConfigSources;
import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.config.ConfigValue;
import io.brook.core.config.TopicConfigResolver;
import io.brook.core.controller.ClusterController;
import io.brook.core.controller.NewTopic;
import io.brook.metadata.image.TopicImage;
import io.brook.protocol.codec.ErrorMapping;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/** CreateTopics: validates each topic, creates it (unless validate_only), reports its effective configs. */
@KafkaApi(value = ApiKey.CREATE_TOPICS, min = 2, max = 7)
public final class CreateTopicsHandler implements SyncApiHandler<CreateTopicsRequestData> {

    private final ClusterController controller;
    private final TopicConfigResolver configResolver;

    public CreateTopicsHandler(ClusterController controller, TopicConfigResolver configResolver) {
        this.controller = controller;
        this.configResolver = configResolver;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, CreateTopicsRequestData request) {
        CreateTopicsResponseData response = new CreateTopicsResponseData();
        Set<String> seen = new HashSet<>();
        Set<String> duplicated = new HashSet<>();
        request.topics().forEach(t -> {
            if (!seen.add(t.name())) {
                duplicated.add(t.name());
            }
        });
        for (CreatableTopic topic : request.topics()) {
            // the generated default message is "", Kafka answers null unless there is an error
            CreatableTopicResult result = new CreatableTopicResult().setName(topic.name()).setErrorMessage(null);
            if (duplicated.contains(topic.name())) {
                result.setErrorCode(Errors.INVALID_REQUEST.code())
                        .setErrorMessage("Create topics request from client `" + context.clientId()
                                + "` contains multiple entries for the following topics: " + topic.name());
            } else {
                create(topic, request.validateOnly(), result);
            }
            if (response.topics().find(topic.name()) == null) {
                response.topics().add(result);
            }
        }
        return response;
    }

    private void create(CreatableTopic topic, boolean validateOnly, CreatableTopicResult result) {
        Map<String, String> configs = new HashMap<>();
        for (CreatableTopicConfig config : topic.configs()) {
            configs.put(config.name(), config.value());
        }
        Map<Integer, List<Integer>> assignments = new HashMap<>();
        for (CreatableReplicaAssignment a : topic.assignments()) {
            assignments.put(a.partitionIndex(), a.brokerIds());
        }
        try {
            TopicImage created = controller.createTopic(new NewTopic(topic.name(), topic.numPartitions(),
                    topic.replicationFactor(), assignments, configs), validateOnly);
            result.setTopicId(validateOnly ? org.apache.kafka.common.Uuid.ZERO_UUID : Uuids.toKafka(created.id()))
                    .setNumPartitions(created.partitionCount())
                    .setReplicationFactor((short) created.partitions().get(0).replicas().size());
            for (ConfigValue value : configResolver.resolve(controller.image().clusterBrokerDefaults(),
                    configs).values()) {
                result.configs().add(new CreatableTopicConfigs().setName(value.name()).setValue(value.value())
                        .setReadOnly(false).setIsSensitive(false)
                        .setConfigSource((byte) ConfigSources.toKafka(value.source())));
            }
        } catch (Exception e) {
            var error = ErrorMapping.toApiException(e);
            result.setErrorCode(Errors.forException(error).code()).setErrorMessage(error.getMessage());
        }
    }
}
