package io.brook.core.txn;

import io.brook.core.partition.TopicPartition;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The state of one transactional id, as stored in {@code __transaction_state}. Immutable: each transition
 * makes a new value, which is written to the log before it becomes current.
 */
public record TxnMetadata(String transactionalId, long producerId, short producerEpoch, short lastProducerEpoch,
                          int timeoutMs, TxnState state, Set<TopicPartition> partitions, long startTimestampMs,
                          long lastUpdateTimestampMs) {

    public TxnMetadata {
        partitions = Collections.unmodifiableSet(new LinkedHashSet<>(partitions));
    }

    TxnMetadata with(TxnState newState, long nowMs) {
        return new TxnMetadata(transactionalId, producerId, producerEpoch, lastProducerEpoch, timeoutMs, newState,
                partitions, startTimestampMs, nowMs);
    }

    TxnMetadata withPartitions(Set<TopicPartition> newPartitions) {
        return new TxnMetadata(transactionalId, producerId, producerEpoch, lastProducerEpoch, timeoutMs, state,
                newPartitions, startTimestampMs, lastUpdateTimestampMs);
    }

    TxnMetadata withProducer(long newProducerId, short newEpoch, short lastEpoch) {
        return new TxnMetadata(transactionalId, newProducerId, newEpoch, lastEpoch, timeoutMs, state, partitions,
                startTimestampMs, lastUpdateTimestampMs);
    }

    TxnMetadata withTimeout(int newTimeoutMs) {
        return new TxnMetadata(transactionalId, producerId, producerEpoch, lastProducerEpoch, newTimeoutMs, state,
                partitions, startTimestampMs, lastUpdateTimestampMs);
    }

    TxnMetadata withStart(long start) {
        return new TxnMetadata(transactionalId, producerId, producerEpoch, lastProducerEpoch, timeoutMs, state,
                partitions, start, lastUpdateTimestampMs);
    }
}
