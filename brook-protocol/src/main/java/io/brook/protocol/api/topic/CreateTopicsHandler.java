package io.brook.protocol.api.topic;

import io.brook.protocol.api.Uuids;
import io.brook.protocol.api.config.ConfigSources;
import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.config.ConfigValue;
import io.brook.core.config.TopicConfigResolver;
import io.brook.core.controller.ClusterController;
import io.brook.core.controller.ClusterController.TopicCreation;
import io.brook.core.controller.NewTopic;
import io.brook.metadata.image.TopicImage;
import io.brook.protocol.codec.ErrorMapping;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.util.ArrayList;
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

/**
 * CreateTopics: validates each topic, creates the valid ones together (unless validate_only), reports their
 * effective configs.
 */
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
        Set<String> seen = new HashSet<>();
        Set<String> duplicated = new HashSet<>();
        request.topics().forEach(t -> {
            if (!seen.add(t.name())) {
                duplicated.add(t.name());
            }
        });
        // all topics of the request are created together: one metadata log append, one fsync
        List<NewTopic> toCreate = new ArrayList<>();
        Map<String, Map<String, String>> configsByName = new HashMap<>();
        for (CreatableTopic topic : request.topics()) {
            if (duplicated.contains(topic.name())) {
                continue;
            }
            Map<String, String> configs = new HashMap<>();
            for (CreatableTopicConfig config : topic.configs()) {
                configs.put(config.name(), config.value());
            }
            Map<Integer, List<Integer>> assignments = new HashMap<>();
            for (CreatableReplicaAssignment a : topic.assignments()) {
                assignments.put(a.partitionIndex(), a.brokerIds());
            }
            configsByName.put(topic.name(), configs);
            toCreate.add(new NewTopic(topic.name(), topic.numPartitions(), topic.replicationFactor(), assignments,
                    configs));
        }
        Map<String, TopicCreation> outcomes = new HashMap<>();
        for (TopicCreation outcome : controller.createTopics(toCreate, request.validateOnly())) {
            outcomes.put(outcome.name(), outcome);
        }
        CreateTopicsResponseData response = new CreateTopicsResponseData();
        for (CreatableTopic topic : request.topics()) {
            if (response.topics().find(topic.name()) != null) {
                continue;
            }
            // the generated default message is "", Kafka answers null unless there is an error
            CreatableTopicResult result = new CreatableTopicResult().setName(topic.name()).setErrorMessage(null);
            if (duplicated.contains(topic.name())) {
                result.setErrorCode(Errors.INVALID_REQUEST.code())
                        .setErrorMessage("Create topics request from client `" + context.clientId()
                                + "` contains multiple entries for the following topics: " + topic.name());
            } else {
                describe(outcomes.get(topic.name()), configsByName.get(topic.name()), request.validateOnly(), result);
            }
            response.topics().add(result);
        }
        return response;
    }

    private void describe(TopicCreation outcome, Map<String, String> configs, boolean validateOnly,
                          CreatableTopicResult result) {
        try {
            if (outcome.error() != null) {
                throw outcome.error();
            }
            TopicImage created = outcome.topic();
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
