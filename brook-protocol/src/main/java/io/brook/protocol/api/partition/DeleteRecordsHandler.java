package io.brook.protocol.api.partition;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.config.TopicConfigResolver;
import io.brook.core.config.TopicConfigs;
import io.brook.core.controller.ClusterController;
import io.brook.core.partition.Partition;
import io.brook.core.partition.PartitionManager;
import io.brook.metadata.image.MetadataImage;
import io.brook.protocol.codec.ErrorMapping;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * DeleteRecords: moves each partition's log start offset up to the requested offset (-1: the high
 * watermark) and answers the new low watermark. Past the high watermark or negative:
 * OFFSET_OUT_OF_RANGE; a topic whose cleanup.policy lacks "delete": POLICY_VIOLATION, as Kafka.
 */
@KafkaApi(value = ApiKey.DELETE_RECORDS, min = 0, max = 2)
public final class DeleteRecordsHandler implements SyncApiHandler<DeleteRecordsRequestData> {

    static final long HIGH_WATERMARK = -1L;

    private final PartitionManager partitions;
    private final ClusterController controller;
    private final TopicConfigResolver configResolver;
    private final int nodeId;

    public DeleteRecordsHandler(PartitionManager partitions, ClusterController controller,
                                TopicConfigResolver configResolver, int nodeId) {
        this.partitions = partitions;
        this.controller = controller;
        this.configResolver = configResolver;
        this.nodeId = nodeId;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, DeleteRecordsRequestData request) {
        DeleteRecordsResponseData response = new DeleteRecordsResponseData();
        for (DeleteRecordsTopic topic : request.topics()) {
            DeleteRecordsTopicResult topicResult = response.topics().find(topic.name());
            if (topicResult == null) {
                topicResult = new DeleteRecordsTopicResult().setName(topic.name());
                response.topics().add(topicResult);
            }
            for (DeleteRecordsPartition p : topic.partitions()) {
                DeleteRecordsPartitionResult result = new DeleteRecordsPartitionResult()
                        .setPartitionIndex(p.partitionIndex()).setLowWatermark(-1);
                delete(topic.name(), p, result);
                topicResult.partitions().add(result);
            }
        }
        return response;
    }

    private void delete(String topic, DeleteRecordsPartition request, DeleteRecordsPartitionResult result) {
        Optional<Partition> found = partitions.partition(topic, request.partitionIndex());
        if (found.isEmpty()) {
            result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            return;
        }
        Partition partition = found.get();
        if (!cleanupPolicyAllowsDeletion(topic)) {
            result.setErrorCode(Errors.POLICY_VIOLATION.code());
            return;
        }
        long offset = request.offset() == HIGH_WATERMARK ? partition.highWatermark() : request.offset();
        if (offset < 0 || offset > partition.highWatermark()) {
            result.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code());
            return;
        }
        try {
            partition.log().deleteRecordsBefore(offset);
            result.setLowWatermark(partition.logStartOffset());
        } catch (Exception e) {
            result.setErrorCode(ErrorMapping.toErrors(e).code());
        }
    }

    private boolean cleanupPolicyAllowsDeletion(String topic) {
        MetadataImage image = controller.image();
        Map<String, String> overrides = image.topic(topic).map(t -> t.configs()).orElse(Map.of());
        String policy = configResolver.values(image.brokerConfigs().getOrDefault(String.valueOf(nodeId), Map.of()),
                image.clusterBrokerDefaults(), overrides).get(TopicConfigs.CLEANUP_POLICY);
        return policy == null || List.of(policy.split(",")).stream().map(String::trim).anyMatch("delete"::equals);
    }
}
