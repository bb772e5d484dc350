package io.brook.storage;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.List;
import java.util.ArrayList;

/**
 * State of one producer id on one partition: its epoch, the metadata of its last
 * {@value ProducerStateManager#NUM_BATCHES_TO_RETAIN} batches, and its open transaction if any.
 * Published instances are never mutated (updates work on a {@link #copy}), so readers need no lock.
 */
public final class ProducerStateEntry {
    private final long producerId;
    private short producerEpoch;
    private int coordinatorEpoch = -1;
    private long currentTxnFirstOffset = -1;
    private long lastTimestamp = -1;
    private final ArrayDeque<BatchMetadata> batches;

    ProducerStateEntry(long producerId, short producerEpoch) {
        this(producerId, producerEpoch, new ArrayDeque<>(ProducerStateManager.NUM_BATCHES_TO_RETAIN));
    }

    private ProducerStateEntry(long producerId, short producerEpoch, ArrayDeque<BatchMetadata> batches) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.batches = batches;
    }

    ProducerStateEntry copy() {
        ProducerStateEntry c = new ProducerStateEntry(producerId, producerEpoch, new ArrayDeque<>(batches));
        c.coordinatorEpoch = coordinatorEpoch;
        c.currentTxnFirstOffset = currentTxnFirstOffset;
        c.lastTimestamp = lastTimestamp;
        return c;
    }

    public long producerId() { return producerId; }
    public short producerEpoch() { return producerEpoch; }
    public int coordinatorEpoch() { return coordinatorEpoch; }
    /** First offset of the producer's open transaction on this partition, -1 if none. */
    public long currentTxnFirstOffset() { return currentTxnFirstOffset; }
    public long lastTimestamp() { return lastTimestamp; }
    /** Oldest first. */
    public List<BatchMetadata> batches() { return Collections.unmodifiableList(new ArrayList<>(batches)); }
    public boolean isEmpty() { return batches.isEmpty(); }
    public int lastSeq() { return batches.isEmpty() ? -1 : batches.peekLast().lastSeq(); }
    public long lastDataOffset() { return batches.isEmpty() ? -1 : batches.peekLast().lastOffset(); }

    BatchMetadata findDuplicate(short epoch, int firstSeq, int lastSeq) {
        if (epoch != producerEpoch) {
            return null;
        }
        for (BatchMetadata b : batches) {
            if (b.firstSeq() == firstSeq && b.lastSeq() == lastSeq) {
                return b;
            }
        }
        return null;
    }

    /** A new epoch forgets the old epoch's batches. */
    void updateEpoch(short epoch) {
        if (epoch != producerEpoch) {
            producerEpoch = epoch;
            batches.clear();
        }
    }

    void addBatch(BatchMetadata b) {
        if (batches.size() == ProducerStateManager.NUM_BATCHES_TO_RETAIN) {
            batches.removeFirst();
        }
        batches.addLast(b);
        lastTimestamp = Math.max(lastTimestamp, b.timestamp());
    }

    void setCoordinatorEpoch(int e) { coordinatorEpoch = e; }
    void setCurrentTxnFirstOffset(long o) { currentTxnFirstOffset = o; }
    void setLastTimestamp(long t) { lastTimestamp = t; }

    @Override
    public String toString() {
        return "ProducerStateEntry(id=" + producerId + ", epoch=" + producerEpoch + ", batches=" + batches
                + ", txnFirstOffset=" + currentTxnFirstOffset + ")";
    }
}
