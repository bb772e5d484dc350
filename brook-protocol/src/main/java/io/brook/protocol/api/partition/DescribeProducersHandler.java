package io.brook.protocol.api.partition;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.partition.Partition;
import io.brook.core.partition.PartitionManager;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import io.brook.storage.ProducerStateEntry;
import java.util.Comparator;
import java.util.Optional;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeProducersRequestData.TopicRequest;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.DescribeProducersResponseData.PartitionResponse;
import org.apache.kafka.common.message.DescribeProducersResponseData.ProducerState;
import org.apache.kafka.common.message.DescribeProducersResponseData.TopicResponse;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/** DescribeProducers: the active producers of each partition, from its log's producer state. */
@KafkaApi(value = ApiKey.DESCRIBE_PRODUCERS, min = 0, max = 0)
public final class DescribeProducersHandler implements SyncApiHandler<DescribeProducersRequestData> {

    private final PartitionManager partitions;

    public DescribeProducersHandler(PartitionManager partitions) {
        this.partitions = partitions;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, DescribeProducersRequestData request) {
        DescribeProducersResponseData response = new DescribeProducersResponseData();
        for (TopicRequest topic : request.topics()) {
            TopicResponse topicResponse = new TopicResponse().setName(topic.name());
            for (int index : topic.partitionIndexes()) {
                topicResponse.partitions().add(describe(topic.name(), index));
            }
            response.topics().add(topicResponse);
        }
        return response;
    }

    private PartitionResponse describe(String topic, int index) {
        PartitionResponse response = new PartitionResponse().setPartitionIndex(index);
        Optional<Partition> partition = partitions.partition(topic, index);
        if (partition.isEmpty()) {
            return response.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        partition.get().log().producerState().activeProducers().values().stream()
                .sorted(Comparator.comparingLong(ProducerStateEntry::producerId))
                .forEach(entry -> response.activeProducers().add(new ProducerState()
                        .setProducerId(entry.producerId())
                        .setProducerEpoch(entry.producerEpoch())
                        .setLastSequence(entry.lastSeq())
                        .setLastTimestamp(entry.lastTimestamp())
                        .setCoordinatorEpoch(entry.coordinatorEpoch())
                        .setCurrentTxnStartOffset(entry.currentTxnFirstOffset())));
        return response;
    }
}
