package io.brook.protocol.api;

import io.brook.core.partition.Partition;
import io.brook.core.partition.PartitionManager;
import io.brook.metadata.image.TopicImage;
import io.brook.protocol.codec.ErrorMapping;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import io.brook.storage.AppendResult;
import java.util.Optional;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Produce: appends each partition's batches as they arrived (wire format, offsets patched in
 * place by the log). acks=0 gets no response at all.
 */
public final class ProduceHandler implements SyncApiHandler<ProduceRequestData> {

    private final PartitionManager partitions;
    private final TopicResolver topics;

    public ProduceHandler(PartitionManager partitions, TopicResolver topics) {
        this.partitions = partitions;
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.PRODUCE;
    }

    @Override
    public short minVersion() {
        return 3;
    }

    @Override
    public short maxVersion() {
        return 13;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, ProduceRequestData request) {
        short acks = request.acks();
        ProduceResponseData response = new ProduceResponseData();
        for (TopicProduceData topicData : request.topicData()) {
            Optional<TopicImage> topic = topics.resolve(topicData.name(), topicData.topicId());
            TopicProduceResponse topicResponse = new TopicProduceResponse()
                    .setName(topicData.name()).setTopicId(topicData.topicId());
            for (PartitionProduceData partitionData : topicData.partitionData()) {
                PartitionProduceResponse partitionResponse = new PartitionProduceResponse()
                        .setIndex(partitionData.index())
                        .setBaseOffset(-1)
                        .setLogAppendTimeMs(-1)
                        .setLogStartOffset(-1);
                if (acks != 0 && acks != 1 && acks != -1) {
                    partitionResponse.setErrorCode(Errors.INVALID_REQUIRED_ACKS.code());
                } else if (topic.isEmpty()) {
                    Errors error = topicData.name() == null || topicData.name().isEmpty()
                            ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
                    partitionResponse.setErrorCode(error.code());
                } else {
                    append(topic.get().name(), partitionData, partitionResponse);
                }
                topicResponse.partitionResponses().add(partitionResponse);
            }
            response.responses().add(topicResponse);
        }
        return acks == 0 ? null : response;
    }

    private void append(String topic, PartitionProduceData data, PartitionProduceResponse response) {
        Optional<Partition> partition = partitions.partition(topic, data.index());
        if (partition.isEmpty()) {
            response.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            return;
        }
        if (!(data.records() instanceof MemoryRecords records) || records.sizeInBytes() == 0) {
            response.setErrorCode(Errors.INVALID_RECORD.code()).setErrorMessage("Produce request has no records");
            return;
        }
        try {
            AppendResult result = partition.get().appendAsLeader(records.buffer());
            response.setBaseOffset(result.firstOffset())
                    .setLogAppendTimeMs(result.logAppendTimeMs())
                    .setLogStartOffset(result.logStartOffset());
        } catch (Exception e) {
            var error = ErrorMapping.toApiException(e);
            response.setErrorCode(Errors.forException(error).code()).setErrorMessage(error.getMessage())
                    .setLogStartOffset(partition.get().logStartOffset());
        }
    }
}
