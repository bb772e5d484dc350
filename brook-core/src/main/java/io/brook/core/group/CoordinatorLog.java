package io.brook.core.group;

import java.util.List;

/**
 * Where the coordinator writes its records: one partition of {@code __consumer_offsets}. An append
 * returns once the records are in the partition log (so a response sent after it survives a
 * restart) and gives the log offset of the first record; it throws a
 * {@link io.brook.core.error.BrookException} when they could not be written.
 */
public interface CoordinatorLog {

    /** Appends records as one plain batch; returns the offset of the first. */
    long append(int partition, List<CoordinatorRecord> records);

    /**
     * Appends records as one transactional batch of the producer (TxnOffsetCommit); they take effect only
     * when a COMMIT marker of the producer follows them in the partition. Returns the offset of the first.
     */
    long appendTransactional(int partition, long producerId, short producerEpoch, List<CoordinatorRecord> records);

    /**
     * Appends a transaction marker (control batch) of the producer; returns its offset, or -1 when the
     * partition does not exist (nothing of the transaction can be in it).
     */
    long appendMarker(int partition, long producerId, short producerEpoch, int coordinatorEpoch, boolean commit);
}
