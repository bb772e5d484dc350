package io.brook.storage;

import io.brook.storage.record.BatchHeader;
import io.brook.storage.record.Record;
import io.brook.storage.record.RecordIterator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Idempotent-producer state of one partition, after Kafka's {@code ProducerStateManager}: per producer id
 * the epoch and the last {@value #NUM_BATCHES_TO_RETAIN} batches, used to drop retried batches and to
 * reject out-of-order or fenced ones.
 *
 * <p>Rules (checked before a write, applied after it): an epoch below the current one is fenced
 * ({@link InvalidProducerEpochException}); a new epoch must start at sequence 0; within an epoch the first
 * sequence must follow the last (wrapping at Integer.MAX_VALUE); a batch matching one of the cached
 * (firstSeq, lastSeq) pairs of the same epoch is a duplicate. Unknown producers are accepted at any
 * sequence (Kafka's behaviour since KIP-360 for producers whose state was removed).
 *
 * <p>Mutations are driven by {@link PartitionLog} under its lock; the getters are safe from any thread.
 */
public final class ProducerStateManager {
    public static final int NUM_BATCHES_TO_RETAIN = 5;

    private final ConcurrentHashMap<Long, ProducerStateEntry> producers = new ConcurrentHashMap<>();
    private volatile long mapEndOffset;
    /** Smallest first offset of an open transaction, or -1: kept current on every change, read per fetch. */
    private volatile long firstUnstableOffset = -1;

    ProducerStateManager() {
    }

    /** Current state of a producer, if known. */
    public Optional<ProducerStateEntry> lastEntry(long producerId) {
        return Optional.ofNullable(producers.get(producerId));
    }

    /** Read-only live view of all known producers. */
    public Map<Long, ProducerStateEntry> activeProducers() {
        return Collections.unmodifiableMap(producers);
    }

    public int activeProducerCount() {
        return producers.size();
    }

    /** Smallest first offset of an open transaction: the basis of the last stable offset. */
    public OptionalLong firstUnstableOffset() {
        long offset = firstUnstableOffset;
        return offset >= 0 ? OptionalLong.of(offset) : OptionalLong.empty();
    }

    private void recomputeFirstUnstableOffset() {
        long min = Long.MAX_VALUE;
        for (ProducerStateEntry e : producers.values()) {
            if (e.currentTxnFirstOffset() >= 0) {
                min = Math.min(min, e.currentTxnFirstOffset());
            }
        }
        firstUnstableOffset = min == Long.MAX_VALUE ? -1 : min;
    }

    /** Log offset up to which this state reflects the log. */
    public long mapEndOffset() {
        return mapEndOffset;
    }

    Collection<ProducerStateEntry> entries() {
        return producers.values();
    }

    void load(Collection<ProducerStateEntry> entries, long offset) {
        producers.clear();
        for (ProducerStateEntry e : entries) {
            producers.put(e.producerId(), e);
        }
        mapEndOffset = offset;
        recomputeFirstUnstableOffset();
    }

    void clear(long offset) {
        producers.clear();
        mapEndOffset = offset;
        firstUnstableOffset = -1;
    }

    /** Forgets idle producers with no open transaction (Kafka's producer.id.expiration.ms). */
    int removeExpired(long nowMs, long expirationMs) {
        int before = producers.size();
        producers.values().removeIf(e -> e.currentTxnFirstOffset() < 0 && nowMs - e.lastTimestamp() >= expirationMs);
        return before - producers.size();
    }

    Update begin() {
        return new Update();
    }

    /** Changes staged for one append: validated batch by batch, published by {@link #commit}. */
    final class Update {
        private final Map<Long, ProducerStateEntry> staged = new HashMap<>();
        private final List<CompletedTxn> completed = new ArrayList<>();

        private ProducerStateEntry current(long producerId) {
            ProducerStateEntry e = staged.get(producerId);
            return e != null ? e : producers.get(producerId);
        }

        /** The cached batch this one repeats, or null. */
        BatchMetadata findDuplicate(BatchHeader h) {
            if (!h.hasProducerId() || h.baseSequence() < 0 || h.isControl()) {
                return null;
            }
            ProducerStateEntry e = current(h.producerId());
            return e == null ? null : e.findDuplicate(h.producerEpoch(), h.baseSequence(), h.lastSequence());
        }

        /**
         * Stages the effect of a batch written at [firstOffset, lastOffset]. With {@code validate}, checks
         * epoch and sequence first (leader path; {@code h} must cover the whole batch). Without, just
         * replays (recovery from the log, where {@code h} may be a bare header).
         */
        void append(BatchHeader h, long firstOffset, long lastOffset, boolean validate) {
            if (!h.hasProducerId()) {
                return;
            }
            long pid = h.producerId();
            short epoch = h.producerEpoch();
            ProducerStateEntry cur = current(pid);
            if (validate) {
                checkEpoch(cur, h);
                if (!h.isControl() && h.baseSequence() >= 0) {
                    checkSequence(cur, h);
                }
            }
            ProducerStateEntry next = cur == null ? new ProducerStateEntry(pid, epoch) : cur.copy();
            next.updateEpoch(epoch);
            if (h.isControl()) {
                long txnFirstOffset = next.currentTxnFirstOffset();
                next.setCurrentTxnFirstOffset(-1);
                next.setLastTimestamp(Math.max(next.lastTimestamp(), h.maxTimestamp()));
                if (validate) {
                    int coordinatorEpoch = coordinatorEpochOf(h);
                    if (coordinatorEpoch >= 0) {
                        next.setCoordinatorEpoch(coordinatorEpoch);
                    }
                }
                staged.put(pid, next);
                if (txnFirstOffset >= 0) {
                    completeTxn(h, pid, txnFirstOffset, firstOffset);
                }
                return;
            } else {
                if (h.baseSequence() >= 0) {
                    next.addBatch(new BatchMetadata(h.baseSequence(), h.lastSequence(), firstOffset, lastOffset, h.maxTimestamp()));
                } else {
                    next.setLastTimestamp(Math.max(next.lastTimestamp(), h.maxTimestamp()));
                }
                if (h.isTransactional() && next.currentTxnFirstOffset() < 0) {
                    next.setCurrentTxnFirstOffset(firstOffset);
                }
            }
            staged.put(pid, next);
        }

        // ------------------------------------------------------------ transactions (markers, LSO)

        /** Records the transaction a marker at {@code markerOffset} ended, with the LSO right after it. */
        private void completeTxn(BatchHeader marker, long pid, long txnFirstOffset, long markerOffset) {
            long lso = firstUnstableOffset().orElse(markerOffset + 1);
            completed.add(new CompletedTxn(pid, txnFirstOffset, markerOffset, isAbortMarker(marker), lso));
        }

        /** Smallest first offset of an open transaction, staged changes included. */
        private OptionalLong firstUnstableOffset() {
            long min = Long.MAX_VALUE;
            for (ProducerStateEntry e : staged.values()) {
                if (e.currentTxnFirstOffset() >= 0) {
                    min = Math.min(min, e.currentTxnFirstOffset());
                }
            }
            for (ProducerStateEntry e : producers.values()) {
                if (e.currentTxnFirstOffset() >= 0 && !staged.containsKey(e.producerId())) {
                    min = Math.min(min, e.currentTxnFirstOffset());
                }
            }
            return min == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(min);
        }

        /** Transactions ended by the markers staged since the last call, in order; clears the list. */
        List<CompletedTxn> drainCompletedTxns() {
            if (completed.isEmpty()) {
                return List.of();
            }
            List<CompletedTxn> out = new ArrayList<>(completed);
            completed.clear();
            return out;
        }

        void commit(long newMapEndOffset) {
            // Without an open transaction before or after, the first unstable offset stays unset:
            // the common, non-transactional append skips the scan over all producers.
            boolean transactional = firstUnstableOffset >= 0;
            for (ProducerStateEntry e : staged.values()) {
                transactional |= e.currentTxnFirstOffset() >= 0;
            }
            producers.putAll(staged);
            mapEndOffset = newMapEndOffset;
            if (transactional) {
                recomputeFirstUnstableOffset();
            }
        }
    }

    private static void checkEpoch(ProducerStateEntry cur, BatchHeader h) {
        if (cur != null && h.producerEpoch() < cur.producerEpoch()) {
            throw new InvalidProducerEpochException("producer " + h.producerId() + " epoch " + h.producerEpoch()
                    + " is older than current epoch " + cur.producerEpoch());
        }
    }

    private static void checkSequence(ProducerStateEntry cur, BatchHeader h) {
        if (cur == null) {
            return; // unknown producer (never seen or expired): accept any sequence
        }
        int firstSeq = h.baseSequence();
        if (h.producerEpoch() != cur.producerEpoch()) {
            if (firstSeq != 0) {
                throw new OutOfOrderSequenceException("producer " + h.producerId() + " new epoch " + h.producerEpoch()
                        + " must start at sequence 0, got " + firstSeq);
            }
            return;
        }
        int lastSeq = cur.lastSeq();
        boolean inSequence = firstSeq == lastSeq + 1L || (firstSeq == 0 && lastSeq == Integer.MAX_VALUE);
        if (!inSequence) {
            throw new OutOfOrderSequenceException("producer " + h.producerId() + " epoch " + h.producerEpoch()
                    + ": expected sequence " + (lastSeq == Integer.MAX_VALUE ? 0 : lastSeq + 1) + ", got " + firstSeq);
        }
    }

    /**
     * True for an abort marker: the control record key is (version int16, type int16), type 0 = abort.
     * A marker whose records are not available (bare header) counts as abort: the safe reading.
     */
    static boolean isAbortMarker(BatchHeader h) {
        try {
            RecordIterator it = new RecordIterator(h);
            if (it.hasNext()) {
                Record r = it.next();
                if (r.key() != null && r.key().remaining() >= 4) {
                    return r.key().getShort(r.key().position() + 2) == 0;
                }
            }
        } catch (RuntimeException e) {
            // unreadable: treat as abort
        }
        return true;
    }

    /** Coordinator epoch from a transaction marker's value (version int16, coordinatorEpoch int32), -1 if unreadable. */
    private static int coordinatorEpochOf(BatchHeader h) {
        try {
            RecordIterator it = new RecordIterator(h);
            if (it.hasNext()) {
                Record r = it.next();
                if (r.value() != null && r.value().remaining() >= 6) {
                    return r.value().getInt(r.value().position() + 2);
                }
            }
        } catch (RuntimeException e) {
            // a malformed marker value only costs us the coordinator epoch
        }
        return -1;
    }
}
