package io.brook.protocol.api.topic;

import io.brook.protocol.api.Uuids;
import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.controller.ClusterController;
import io.brook.metadata.image.TopicImage;
import io.brook.protocol.codec.ErrorMapping;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/** DeleteTopics: by name (all versions) or by topic id (v6+). */
@KafkaApi(value = ApiKey.DELETE_TOPICS, min = 1, max = 6)
public final class DeleteTopicsHandler implements SyncApiHandler<DeleteTopicsRequestData> {

    private final ClusterController controller;

    public DeleteTopicsHandler(ClusterController controller) {
        this.controller = controller;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, DeleteTopicsRequestData request) {
        DeleteTopicsResponseData response = new DeleteTopicsResponseData();
        if (context.apiVersion() >= 6) {
            for (DeleteTopicState topic : request.topics()) {
                response.responses().add(delete(topic.name(), topic.topicId()));
            }
        } else {
            for (String name : request.topicNames()) {
                response.responses().add(delete(name, Uuid.ZERO_UUID));
            }
        }
        return response;
    }

    private DeletableTopicResult delete(String name, Uuid id) {
        DeletableTopicResult result = new DeletableTopicResult().setName(name).setTopicId(id);
        try {
            boolean byId = name == null && id != null && !Uuid.ZERO_UUID.equals(id);
            TopicImage deleted = byId ? controller.deleteTopic(Uuids.fromKafka(id)) : controller.deleteTopic(name);
            result.setName(deleted.name()).setTopicId(Uuids.toKafka(deleted.id()));
        } catch (Exception e) {
            var error = ErrorMapping.toApiException(e);
            result.setErrorCode(Errors.forException(error).code()).setErrorMessage(error.getMessage());
        }
        return result;
    }
}
