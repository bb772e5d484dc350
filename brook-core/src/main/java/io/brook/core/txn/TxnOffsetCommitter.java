package io.brook.core.txn;

import io.brook.core.error.ErrorCode;
import java.util.Map;

/**
 * The group coordinator's side of transactional offset commits (implemented by io.brook.core.group; kept
 * as a small interface so either side can land first).
 *
 * <p>TxnOffsetCommit stages offsets as pending for the producer (written to the group's {@code __consumer_offsets}
 * partition in a transactional batch); they become visible (OffsetFetch) only when the transaction commits, and
 * are dropped when it aborts. The marker for a {@code __consumer_offsets} partition is written by
 * {@link #completeTransaction}, so the group coordinator sees it in order with its own records.
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

    /**
     * Writes the producer's COMMIT or ABORT marker to that {@code __consumer_offsets} partition and applies it:
     * the pending offsets become visible (commit) or are dropped (abort). Throws
     * {@link io.brook.core.error.BrookException} when the marker could not be written (the caller retries).
     */
    void completeTransaction(int offsetsPartition, long producerId, short producerEpoch, int coordinatorEpoch,
                             boolean commit);

    /** An offset of a transactional commit. */
    record PendingOffset(long offset, int leaderEpoch, String metadata, long commitTimestampMs) {
    }
}
