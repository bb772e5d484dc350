package io.brook.core.group;

import io.brook.core.error.ErrorCode;
import io.brook.core.partition.TopicPartition;
import io.brook.core.txn.TxnOffsetCommitter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The group coordinator's side of transactional offset commits ({@link TxnOffsetCommitter}), as Kafka does it:
 * TxnOffsetCommit writes the offsets to the group's {@code __consumer_offsets} partition as a transactional
 * batch of the producer (pending, invisible to OffsetFetch); the transaction's marker, written to that same
 * partition by {@link #completeTransaction}, makes them the committed offsets (COMMIT) or drops them (ABORT).
 * Replay at start-up applies the markers found in the log the same way, so a crash anywhere in between
 * ends with what the transaction coordinator decided.
 */
public final class GroupTxnOffsets implements TxnOffsetCommitter {
    private final GroupCoordinator groups;

    public GroupTxnOffsets(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public int partitionFor(String groupId) {
        return groups.partitionFor(groupId);
    }

    @Override
    public ErrorCode stageTransactionalOffsets(String groupId, long producerId, short producerEpoch, String memberId,
                                               int generationId, String groupInstanceId,
                                               Map<TopicPartition, PendingOffset> offsets) {
        Map<TopicPartition, OffsetAndMetadata> pending = new LinkedHashMap<>();
        offsets.forEach((tp, o) -> pending.put(tp, new OffsetAndMetadata(o.offset(), o.leaderEpoch(), o.metadata(),
                o.commitTimestampMs(), -1)));
        return groups.commitTransactionalOffsets(groupId, producerId, producerEpoch, memberId, generationId,
                groupInstanceId, pending);
    }

    @Override
    public void completeTransaction(int offsetsPartition, long producerId, short producerEpoch, int coordinatorEpoch,
                                    boolean commit) {
        groups.completeTransaction(offsetsPartition, producerId, producerEpoch, coordinatorEpoch, commit);
    }
}
