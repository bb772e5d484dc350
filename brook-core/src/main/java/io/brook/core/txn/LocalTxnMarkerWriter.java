package io.brook.core.txn;

import io.brook.core.error.BrookException;
import io.brook.core.error.ErrorCode;
import io.brook.core.partition.Partition;
import io.brook.core.partition.PartitionManager;
import io.brook.core.partition.TopicPartition;
import io.brook.storage.StorageException;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes markers to partitions of this broker; a {@code __consumer_offsets} partition's marker goes through
 * the group coordinator, which writes it and applies it to the transaction's pending offsets. Used by the coordinator and by WriteTxnMarkers.
 */
public final class LocalTxnMarkerWriter implements TxnMarkerWriter {
    private static final Logger LOG = LoggerFactory.getLogger(LocalTxnMarkerWriter.class);

    private final PartitionManager partitions;
    private final Supplier<TxnOffsetCommitter> offsets;

    public LocalTxnMarkerWriter(PartitionManager partitions, Supplier<TxnOffsetCommitter> offsets) {
        this.partitions = partitions;
        this.offsets = offsets;
    }

    @Override
    public void writeMarker(TopicPartition tp, long producerId, short producerEpoch, int coordinatorEpoch,
                            boolean commit) {
        TxnOffsetCommitter committer = offsets.get();
        if (committer != null && TxnOffsetCommitter.OFFSETS_TOPIC.equals(tp.topic())) {
            // The group coordinator writes markers to its own partitions, in order with its records.
            committer.completeTransaction(tp.partition(), producerId, producerEpoch, coordinatorEpoch, commit);
            return;
        }
        Optional<Partition> partition = partitions.partition(tp);
        if (partition.isEmpty()) {
            LOG.info("Skipping the transaction marker for {}: the partition no longer exists", tp);
            return;
        }
        try {
            partition.get().appendTransactionMarker(producerId, producerEpoch, coordinatorEpoch, commit);
        } catch (StorageException e) {
            throw new BrookException(byCode(e.kafkaErrorCode()), "marker to " + tp + ": " + e.getMessage());
        } catch (IOException e) {
            throw new BrookException(ErrorCode.KAFKA_STORAGE_ERROR, "marker to " + tp + ": " + e.getMessage());
        }
    }

    private static ErrorCode byCode(int code) {
        for (ErrorCode c : ErrorCode.values()) {
            if (c.code() == code) {
                return c;
            }
        }
        return ErrorCode.UNKNOWN_SERVER_ERROR;
    }
}
