package io.brook.core.group;

import io.brook.core.error.ErrorCode;
import io.brook.core.partition.TopicPartition;
import io.brook.core.txn.TxnOffsetCommitter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The group coordinator's side of transactional offset commits ({@link TxnOffsetCommitter}): TxnOffsetCommit
 * offsets wait here per producer until the transaction's marker reaches the group's {@code __consumer_offsets}
 * partition; a commit writes them as ordinary offset commits (visible to OffsetFetch from then on), an abort
 * drops them.
 *
 * <p>Limitation: pending offsets are held in memory, not written to {@code __consumer_offsets} as Kafka's
 * transactional offset batches. A broker crash between EndTxn(commit) and the markers loses them (the
 * data commits, the offsets do not: consumers re-read from the previous offsets).
 */
public final class GroupTxnOffsets implements TxnOffsetCommitter {
    private final GroupCoordinator groups;
    /** (offsets partition, producer id) -> group -> offsets. */
    private final Map<Key, Map<String, Map<TopicPartition, OffsetAndMetadata>>> pending = new HashMap<>();

    private record Key(int partition, long producerId) {
    }

    public GroupTxnOffsets(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Override
    public int partitionFor(String groupId) {
        return groups.partitionFor(groupId);
    }

    @Override
    public synchronized ErrorCode stageTransactionalOffsets(String groupId, long producerId, short producerEpoch,
                                                            String memberId, int generationId, String groupInstanceId,
                                                            Map<TopicPartition, PendingOffset> offsets) {
        if (groupId == null || groupId.isEmpty()) {
            return ErrorCode.INVALID_GROUP_ID;
        }
        ErrorCode notHere = groups.checkCoordinator(groupId);
        if (notHere != null) {
            return notHere;
        }
        Map<TopicPartition, OffsetAndMetadata> staged = pending
                .computeIfAbsent(new Key(partitionFor(groupId), producerId), k -> new HashMap<>())
                .computeIfAbsent(groupId, g -> new LinkedHashMap<>());
        offsets.forEach((tp, o) -> staged.put(tp, new OffsetAndMetadata(o.offset(), o.leaderEpoch(),
                o.metadata(), o.commitTimestampMs(), -1)));
        return ErrorCode.NONE;
    }

    @Override
    public void completeTransaction(int offsetsPartition, long producerId, short producerEpoch, boolean commit) {
        Map<String, Map<TopicPartition, OffsetAndMetadata>> byGroup;
        synchronized (this) {
            byGroup = pending.remove(new Key(offsetsPartition, producerId));
        }
        if (byGroup != null && commit) {
            byGroup.forEach(groups::commitTransactionalOffsets);
        }
    }

    /** True if a transaction has offsets pending for the group's partition (OffsetFetch require_stable). */
    public synchronized boolean hasPending(String groupId, TopicPartition tp) {
        int partition = partitionFor(groupId);
        for (Map.Entry<Key, Map<String, Map<TopicPartition, OffsetAndMetadata>>> e : pending.entrySet()) {
            if (e.getKey().partition() == partition) {
                Map<TopicPartition, OffsetAndMetadata> offsets = e.getValue().get(groupId);
                if (offsets != null && offsets.containsKey(tp)) {
                    return true;
                }
            }
        }
        return false;
    }
}
