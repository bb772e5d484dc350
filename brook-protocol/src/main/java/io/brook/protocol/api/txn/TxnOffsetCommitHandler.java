package io.brook.protocol.api.txn;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.error.ErrorCode;
import io.brook.core.partition.TopicPartition;
import io.brook.core.txn.TransactionCoordinator;
import io.brook.core.txn.TxnOffsetCommitter.PendingOffset;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * TxnOffsetCommit v0-5: offsets committed inside a transaction. The transaction coordinator checks the
 * producer and that AddOffsetsToTxn added the group's partition, then the group coordinator stages them;
 * they become visible when the commit marker reaches {@code __consumer_offsets}.
 */
@KafkaApi(value = ApiKey.TXN_OFFSET_COMMIT, min = 0, max = 5)
public final class TxnOffsetCommitHandler implements SyncApiHandler<TxnOffsetCommitRequestData> {
    private final TransactionCoordinator coordinator;

    public TxnOffsetCommitHandler(TransactionCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, TxnOffsetCommitRequestData request) {
        long now = coordinator.clock().millis();
        Map<TopicPartition, PendingOffset> offsets = new LinkedHashMap<>();
        for (TxnOffsetCommitRequestTopic topic : request.topics()) {
            for (TxnOffsetCommitRequestPartition p : topic.partitions()) {
                offsets.put(new TopicPartition(topic.name(), p.partitionIndex()), new PendingOffset(p.committedOffset(),
                        p.committedLeaderEpoch(), p.committedMetadata(), now));
            }
        }
        short version = context.apiVersion();
        ErrorCode error = coordinator.txnOffsetCommit(request.transactionalId(), request.producerId(),
                request.producerEpoch(), request.groupId(), version >= 3 ? request.memberId() : "",
                version >= 3 ? request.generationId() : -1, version >= 3 ? request.groupInstanceId() : null, offsets);
        TxnOffsetCommitResponseData response = new TxnOffsetCommitResponseData();
        for (TxnOffsetCommitRequestTopic topic : request.topics()) {
            TxnOffsetCommitResponseTopic t = new TxnOffsetCommitResponseTopic().setName(topic.name());
            for (TxnOffsetCommitRequestPartition p : topic.partitions()) {
                t.partitions().add(new TxnOffsetCommitResponsePartition().setPartitionIndex(p.partitionIndex())
                        .setErrorCode(TxnErrors.code(error, version, (short) 3)));
            }
            response.topics().add(t);
        }
        return response;
    }
}
