package io.brook.core.txn;

import io.brook.core.partition.TopicPartition;

/**
 * Writes transaction markers to the data partitions of a transaction: the broker's WriteTxnMarkers path.
 * On a single node this appends control batches to local logs; in a cluster it would send WriteTxnMarkers
 * to the partition leaders.
 */
public interface TxnMarkerWriter {

    /**
     * Writes a COMMIT or ABORT marker for the producer to {@code partition}. A partition that no longer
     * exists is skipped (returns normally). Throws {@link io.brook.core.error.BrookException} when the marker
     * could not be written; the coordinator retries later.
     */
    void writeMarker(TopicPartition partition, long producerId, short producerEpoch, int coordinatorEpoch,
                     boolean commit);
}
