package io.brook.protocol.api.partition;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.partition.Partition;
import io.brook.core.partition.PartitionManager;
import io.brook.protocol.codec.ErrorMapping;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import io.brook.storage.OffsetAndTimestamp;
import java.util.Optional;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/** ListOffsets: earliest, latest (respecting isolation), max timestamp, and by timestamp. */
@KafkaApi(value = ApiKey.LIST_OFFSETS, min = 1, max = 11)
public final class ListOffsetsHandler implements SyncApiHandler<ListOffsetsRequestData> {

    static final long LATEST = -1L;
    static final long EARLIEST = -2L;
    static final long MAX_TIMESTAMP = -3L;
    static final long EARLIEST_LOCAL = -4L;
    static final long LATEST_TIERED = -5L;
    static final long EARLIEST_PENDING_UPLOAD = -6L;

    private final PartitionManager partitions;

    public ListOffsetsHandler(PartitionManager partitions) {
        this.partitions = partitions;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, ListOffsetsRequestData request) {
        boolean readCommitted = request.isolationLevel() == 1;
        ListOffsetsResponseData response = new ListOffsetsResponseData();
        for (ListOffsetsTopic topic : request.topics()) {
            ListOffsetsTopicResponse topicResponse = new ListOffsetsTopicResponse().setName(topic.name());
            for (ListOffsetsPartition p : topic.partitions()) {
                ListOffsetsPartitionResponse answer = lookup(topic.name(), p, readCommitted);
                if (context.apiVersion() < 4) {
                    answer.setLeaderEpoch(-1); // the field exists from v4 on
                }
                topicResponse.partitions().add(answer);
            }
            response.topics().add(topicResponse);
        }
        return response;
    }

    private ListOffsetsPartitionResponse lookup(String topic, ListOffsetsPartition request, boolean readCommitted) {
        ListOffsetsPartitionResponse response = new ListOffsetsPartitionResponse()
                .setPartitionIndex(request.partitionIndex()).setOffset(-1).setTimestamp(-1);
        Optional<Partition> found = partitions.partition(topic, request.partitionIndex());
        if (found.isEmpty()) {
            return response.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        Partition partition = found.get();
        int epoch = partition.leaderEpoch();
        if (request.currentLeaderEpoch() >= 0 && request.currentLeaderEpoch() != epoch) {
            return response.setErrorCode((request.currentLeaderEpoch() < epoch ? Errors.FENCED_LEADER_EPOCH
                    : Errors.UNKNOWN_LEADER_EPOCH).code());
        }
        try {
            long timestamp = request.timestamp();
            if (timestamp == EARLIEST || timestamp == EARLIEST_LOCAL) {
                return response.setOffset(partition.logStartOffset()).setLeaderEpoch(epoch);
            }
            if (timestamp == LATEST) {
                long offset = readCommitted ? partition.lastStableOffset() : partition.highWatermark();
                return response.setOffset(offset).setLeaderEpoch(epoch);
            }
            if (timestamp == LATEST_TIERED || timestamp == EARLIEST_PENDING_UPLOAD) {
                return response.setOffset(-1).setLeaderEpoch(-1);
            }
            OffsetAndTimestamp found2 = timestamp == MAX_TIMESTAMP ? partition.log().maxTimestamp()
                    : partition.log().offsetForTimestamp(timestamp);
            if (found2 == null || found2.offset() >= partition.highWatermark()) {
                return response;
            }
            return response.setOffset(found2.offset()).setTimestamp(found2.timestamp()).setLeaderEpoch(epoch);
        } catch (Exception e) {
            return response.setErrorCode(ErrorMapping.toErrors(e).code());
        }
    }
}
