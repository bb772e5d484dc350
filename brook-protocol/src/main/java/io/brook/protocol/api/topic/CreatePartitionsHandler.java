package io.brook.protocol.api.topic;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.controller.ClusterController;
import io.brook.core.error.BrookException;
import io.brook.protocol.codec.ErrorMapping;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/** CreatePartitions: grows topics (validate_only, manual assignments) with Kafka's checks and messages. */
@KafkaApi(value = ApiKey.CREATE_PARTITIONS, min = 0, max = 3)
public final class CreatePartitionsHandler implements SyncApiHandler<CreatePartitionsRequestData> {

    private final ClusterController controller;

    public CreatePartitionsHandler(ClusterController controller) {
        this.controller = controller;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, CreatePartitionsRequestData request) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (CreatePartitionsTopic topic : request.topics()) {
            if (!seen.add(topic.name())) {
                duplicates.add(topic.name());
            }
        }
        CreatePartitionsResponseData response = new CreatePartitionsResponseData();
        Set<String> answered = new HashSet<>();
        for (CreatePartitionsTopic topic : request.topics()) {
            if (!answered.add(topic.name())) {
                continue;
            }
            CreatePartitionsTopicResult result = new CreatePartitionsTopicResult().setName(topic.name());
            if (duplicates.contains(topic.name())) {
                result.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("Duplicate topic name.");
            } else {
                create(topic, request.validateOnly(), result);
            }
            response.results().add(result);
        }
        return response;
    }

    private void create(CreatePartitionsTopic topic, boolean validateOnly, CreatePartitionsTopicResult result) {
        List<List<Integer>> assignments = topic.assignments() == null ? null
                : topic.assignments().stream().map(CreatePartitionsAssignment::brokerIds).toList();
        try {
            controller.createPartitions(topic.name(), topic.count(), assignments, validateOnly);
        } catch (BrookException e) {
            result.setErrorCode(e.error().code()).setErrorMessage(e.getMessage());
        } catch (Exception e) {
            var error = ErrorMapping.toApiException(e);
            result.setErrorCode(Errors.forException(error).code()).setErrorMessage(error.getMessage());
        }
    }
}
