package io.brook.core.txn;

import io.brook.core.error.ErrorCode;
import java.util.Map;

/**
 * The group coordinator's side of transactional offset commits (implemented by io.brook.core.group; kept
 * as a small interface so either side can land first).
 *
 * <p>TxnOffsetCommit stages offsets as pending for the producer; they become visible (OffsetFetch) only
 * when the transaction commits, and are dropped when it aborts. The transaction coordinator calls
 * {@link #completeTransaction} after it wrote the marker to the group's {@code __consumer_offsets}
 * partition.
 */
public interface TxnOffsetCommitter {

    String OFFSETS_TOPIC = "__consumer_offsets";

    /** The {@code __consumer_offsets} partition of a group: {@code abs(groupId.hashCode()) % partitions}. */
    int partitionFor(String groupId);

    /**
     * Stages the offsets of a transactional commit. Generation / member checks as for OffsetCommit
     * (generationId -1 and empty memberId skip them). Returns the error for the whole request, or NONE.
     */
    ErrorCode stageTransactionalOffsets(String groupId, long producerId, short producerEpoch, String memberId,
                                        int generationId, String groupInstanceId,
                                        Map<io.brook.core.partition.TopicPartition, PendingOffset> offsets);

    /** Makes the producer's pending offsets on that offsets partition visible (commit) or drops them (abort). */
    void completeTransaction(int offsetsPartition, long producerId, short producerEpoch, boolean commit);

    /** An offset of a transactional commit. */
    record PendingOffset(long offset, int leaderEpoch, String metadata, long commitTimestampMs) {
    }
}
