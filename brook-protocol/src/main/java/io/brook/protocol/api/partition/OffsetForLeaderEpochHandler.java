package io.brook.protocol.api.partition;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.partition.Partition;
import io.brook.core.partition.PartitionManager;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.util.Optional;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * OffsetForLeaderEpoch (consumers validating their position after a leader change, KIP-320).
 *
 * <p>Kafka answers from the leader epoch cache. A Brook partition keeps one leader epoch for its
 * whole life (a single node never changes leader), so its cache is one entry: the current epoch,
 * starting at offset 0. Kafka's lookup over that cache gives: the current epoch → (epoch, log
 * end offset); a later epoch or -1 → (-1, -1); an earlier epoch → (that epoch, 0). A
 * current_leader_epoch older than ours is FENCED_LEADER_EPOCH, newer UNKNOWN_LEADER_EPOCH.
 */
@KafkaApi(value = ApiKey.OFFSET_FOR_LEADER_EPOCH, min = 2, max = 4)
public final class OffsetForLeaderEpochHandler implements SyncApiHandler<OffsetForLeaderEpochRequestData> {

    static final int UNDEFINED_EPOCH = -1;
    static final long UNDEFINED_OFFSET = -1L;

    private final PartitionManager partitions;

    public OffsetForLeaderEpochHandler(PartitionManager partitions) {
        this.partitions = partitions;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, OffsetForLeaderEpochRequestData request) {
        OffsetForLeaderEpochResponseData response = new OffsetForLeaderEpochResponseData();
        for (OffsetForLeaderTopic topic : request.topics()) {
            OffsetForLeaderTopicResult topicResult = response.topics().find(topic.topic());
            if (topicResult == null) {
                topicResult = new OffsetForLeaderTopicResult().setTopic(topic.topic());
                response.topics().add(topicResult);
            }
            for (OffsetForLeaderPartition p : topic.partitions()) {
                topicResult.partitions().add(lookup(topic.topic(), p));
            }
        }
        return response;
    }

    private EpochEndOffset lookup(String topic, OffsetForLeaderPartition request) {
        EpochEndOffset result = new EpochEndOffset().setPartition(request.partition())
                .setLeaderEpoch(UNDEFINED_EPOCH).setEndOffset(UNDEFINED_OFFSET);
        Optional<Partition> found = partitions.partition(topic, request.partition());
        if (found.isEmpty()) {
            return result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        Partition partition = found.get();
        int epoch = partition.leaderEpoch();
        int current = request.currentLeaderEpoch();
        if (current != UNDEFINED_EPOCH && current < epoch) {
            return result.setErrorCode(Errors.FENCED_LEADER_EPOCH.code());
        }
        if (current != UNDEFINED_EPOCH && current > epoch) {
            return result.setErrorCode(Errors.UNKNOWN_LEADER_EPOCH.code());
        }
        int requested = request.leaderEpoch();
        if (requested == UNDEFINED_EPOCH || requested > epoch) {
            return result;
        }
        if (requested == epoch) {
            return result.setLeaderEpoch(epoch).setEndOffset(partition.log().logEndOffset());
        }
        return result.setLeaderEpoch(requested).setEndOffset(0);
    }
}
