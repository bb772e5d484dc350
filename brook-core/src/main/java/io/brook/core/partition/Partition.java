package io.brook.core.partition;

import io.brook.storage.AppendResult;
import io.brook.storage.PartitionLog;
import io.brook.storage.ReadResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A partition this broker leads: its log, its leader epoch, and the fetches waiting for data.
 * On a single node the high watermark is the log end offset (the leader is the whole ISR).
 */
public final class Partition {

    private final TopicPartition topicPartition;
    private final UUID topicId;
    private final PartitionLog log;
    private volatile int leaderEpoch;
    private final Set<Runnable> appendWaiters = ConcurrentHashMap.newKeySet();

    public Partition(TopicPartition topicPartition, UUID topicId, PartitionLog log, int leaderEpoch) {
        this.topicPartition = topicPartition;
        this.topicId = topicId;
        this.log = log;
        this.leaderEpoch = leaderEpoch;
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public UUID topicId() {
        return topicId;
    }

    public PartitionLog log() {
        return log;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    void leaderEpoch(int epoch) {
        this.leaderEpoch = epoch;
    }

    /** Appends produced batches as leader, then wakes the fetches waiting on this partition. */
    public AppendResult appendAsLeader(ByteBuffer records) throws IOException {
        AppendResult result = log.appendAsLeader(records, leaderEpoch);
        if (!result.duplicate()) {
            appendWaiters.forEach(Runnable::run);
        }
        return result;
    }

    /**
     * Appends batches written by the broker itself (coordinator records, such as the group coordinator's
     * transactional offset commits, which carry a producer id but no sequence), then wakes waiting fetches.
     */
    public AppendResult appendAsCoordinator(ByteBuffer records) throws IOException {
        AppendResult result = log.appendAsLeader(records, leaderEpoch, io.brook.storage.AppendOrigin.COORDINATOR);
        appendWaiters.forEach(Runnable::run);
        return result;
    }

    /** Reads committed data: up to the high watermark, or the last stable offset for read_committed. */
    public ReadResult read(long fetchOffset, int maxBytes, boolean readCommitted, boolean minOneBatch)
            throws IOException {
        long upTo = readCommitted ? lastStableOffset() : highWatermark();
        return log.read(fetchOffset, maxBytes, upTo, minOneBatch);
    }

    public long highWatermark() {
        return log.logEndOffset();
    }

    /** min(first offset of the oldest open transaction, high watermark): where read_committed stops. */
    public long lastStableOffset() {
        return log.lastStableOffset(highWatermark());
    }

    /** Aborted transactions overlapping [fetchOffset, upperBound) for a read_committed fetch. */
    public java.util.List<io.brook.storage.AbortedTxn> abortedTransactions(long fetchOffset, long upperBound) {
        return log.abortedTransactions(fetchOffset, upperBound);
    }

    /** Writes a transaction marker (control batch) as the broker, then wakes waiting fetches. */
    public AppendResult appendTransactionMarker(long producerId, short producerEpoch, int coordinatorEpoch,
                                                boolean commit) throws IOException {
        AppendResult result = log.appendTransactionMarker(producerId, producerEpoch, coordinatorEpoch, commit,
                leaderEpoch);
        appendWaiters.forEach(Runnable::run);
        return result;
    }

    public long logStartOffset() {
        return log.logStartOffset();
    }

    /** Registers a callback run after every append (from the appending thread); keep it short. */
    public void addAppendWaiter(Runnable waiter) {
        appendWaiters.add(waiter);
    }

    public void removeAppendWaiter(Runnable waiter) {
        appendWaiters.remove(waiter);
    }
}
