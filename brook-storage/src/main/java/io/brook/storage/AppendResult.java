package io.brook.storage;

/**
 * Outcome of {@link PartitionLog#appendAsLeader}. For a duplicate idempotent batch the offsets are those
 * assigned when the batch was first written, and nothing new was written. For an empty input all
 * offsets are -1.
 *
 * @param logAppendTimeMs the broker time stamped into the batches, -1 unless the log uses LogAppendTime
 */
public record AppendResult(long firstOffset, long lastOffset, long logAppendTimeMs, long logStartOffset, boolean duplicate) {
}
