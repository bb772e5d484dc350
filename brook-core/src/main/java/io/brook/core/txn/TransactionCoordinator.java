package io.brook.core.txn;

import io.brook.core.error.BrookException;
import io.brook.core.error.ErrorCode;
import io.brook.core.partition.TopicPartition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction coordinator, after Kafka's {@code TransactionCoordinator} (transactions version 1):
 * one state machine per transactional id, every transition written to {@code __transaction_state} before
 * it takes effect and replayed at start-up. Kafka-free and single-threaded (every entry point is
 * synchronized); time comes from the injected clock, so tests drive it deterministically.
 *
 * <p>Commit / abort: PREPARE_* is written, then the markers are written to every partition of the
 * transaction (synchronously on a single node), then COMPLETE_* (partitions cleared). A marker that could
 * not be written leaves the transaction in PREPARE_* with markers pending: the client gets
 * CONCURRENT_TRANSACTIONS until {@link #abortTimedOutTransactions} (the periodic timer) or the next request
 * finishes them. A PREPARE_* found at start-up is completed the same way.
 *
 * <p>Fencing: InitProducerId on an id with an ongoing transaction bumps the epoch and aborts it with the
 * bumped epoch (Kafka's PrepareEpochFence), then bumps again for the new producer. A transaction older than
 * its timeout is aborted the same way by the timer, so the late producer is fenced. Produce requests are
 * verified against the transaction ({@link #runVerified}) under the coordinator lock, so a write can never
 * land after its transaction's marker.
 */
public final class TransactionCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionCoordinator.class);
    private static final int COORDINATOR_EPOCH = 0;

    /** Settings: transaction.max.timeout.ms and offsets.topic.num.partitions. */
    public record Config(int maxTimeoutMs, int offsetsTopicPartitions) {
    }

    public record InitResult(ErrorCode error, long producerId, short producerEpoch) {
        static InitResult error(ErrorCode e) {
            return new InitResult(e, -1, (short) -1);
        }
    }

    private final Config config;
    private final Clock clock;
    private final TxnStateLog stateLog;
    private final TxnMarkerWriter markers;
    private final LongSupplier producerIds;
    private volatile TxnOffsetCommitter offsets;
    private final Map<String, TxnMetadata> txns = new HashMap<>();
    /** Prepared transactions whose markers are not all written yet, with the partitions still missing one. */
    private final Map<String, Set<TopicPartition>> pendingMarkers = new HashMap<>();

    public TransactionCoordinator(Config config, Clock clock, TxnStateLog stateLog, TxnMarkerWriter markers,
                                  LongSupplier producerIds) {
        this.config = config;
        this.clock = clock;
        this.stateLog = stateLog;
        this.markers = markers;
        this.producerIds = producerIds;
    }

    /** The group coordinator's transactional-offsets side (may be set after construction). */
    public void setOffsetCommitter(TxnOffsetCommitter committer) {
        this.offsets = committer;
    }

    public TxnOffsetCommitter offsetCommitter() {
        return offsets;
    }

    /** Replays {@code __transaction_state} and completes the transactions that were prepared at the crash. */
    public synchronized void start() {
        txns.clear();
        pendingMarkers.clear();
        stateLog.replay((key, value) -> {
            String id = TxnLogRecords.readKey(key);
            if (value == null) {
                txns.remove(id);
            } else {
                txns.put(id, TxnLogRecords.readValue(id, value));
            }
        });
        for (TxnMetadata m : new ArrayList<>(txns.values())) {
            if (m.state().isPrepare()) {
                LOG.info("Completing transaction {} found in {} at start-up", m.transactionalId(), m.state());
                pendingMarkers.put(m.transactionalId(), new LinkedHashSet<>(m.partitions()));
                completeMarkers(m.transactionalId());
            }
        }
        LOG.info("Transaction coordinator loaded {} transactional id(s)", txns.size());
    }

    /** The {@code __transaction_state} partition of a transactional id (Kafka's partitionFor). */
    public int partitionFor(String transactionalId) {
        return (transactionalId.hashCode() & 0x7fffffff) % stateLog.partitionCount();
    }

    /** FindCoordinator(TRANSACTION): makes sure the state topic exists; this broker is the coordinator. */
    public void ensureStateTopic() {
        stateLog.ensureCreated();
    }

    // ------------------------------------------------------------------ InitProducerId

    /**
     * InitProducerId with a transactional id. {@code expectedProducerId} / {@code expectedEpoch} are -1 unless
     * the client (v3+) is re-initialising an existing producer (KIP-360).
     */
    public synchronized InitResult initProducerId(String transactionalId, int timeoutMs, long expectedProducerId,
                                                  short expectedEpoch) {
        if (transactionalId.isEmpty()) {
            return InitResult.error(ErrorCode.INVALID_REQUEST);
        }
        if (timeoutMs <= 0 || timeoutMs > config.maxTimeoutMs()) {
            return InitResult.error(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
        }
        stateLog.ensureCreated();
        long now = clock.millis();
        TxnMetadata m = txns.get(transactionalId);
        if (m == null) {
            long pid = producerIds.getAsLong();
            m = new TxnMetadata(transactionalId, pid, (short) 0, (short) -1, timeoutMs, TxnState.EMPTY, Set.of(),
                    -1, now);
            write(m);
            return new InitResult(ErrorCode.NONE, pid, (short) 0);
        }
        if (!finishPendingMarkers(transactionalId)) {
            return InitResult.error(ErrorCode.CONCURRENT_TRANSACTIONS);
        }
        m = txns.get(transactionalId);
        if (expectedProducerId >= 0) {
            boolean valid = expectedProducerId == m.producerId()
                    && (expectedEpoch == m.producerEpoch() || expectedEpoch == m.lastProducerEpoch());
            if (!valid) {
                return InitResult.error(ErrorCode.PRODUCER_FENCED);
            }
            if (expectedEpoch == m.lastProducerEpoch() && m.state() == TxnState.EMPTY) {
                // a retry of an InitProducerId that already bumped the epoch
                return new InitResult(ErrorCode.NONE, m.producerId(), m.producerEpoch());
            }
        }
        if (m.state() == TxnState.ONGOING || m.state() == TxnState.PREPARE_EPOCH_FENCE) {
            LOG.info("Fencing producer {} epoch {} of {}: aborting its ongoing transaction", m.producerId(),
                    m.producerEpoch(), transactionalId);
            if (!fenceAndAbort(m)) {
                return InitResult.error(ErrorCode.CONCURRENT_TRANSACTIONS);
            }
            m = txns.get(transactionalId);
        }
        TxnMetadata next = bumpEpoch(m).with(TxnState.EMPTY, now).withPartitions(Set.of()).withTimeout(timeoutMs)
                .withStart(-1);
        write(next);
        return new InitResult(ErrorCode.NONE, next.producerId(), next.producerEpoch());
    }

    /** epoch + 1, or a new producer id at epoch 0 once the epoch is exhausted (Kafka's rule). */
    private TxnMetadata bumpEpoch(TxnMetadata m) {
        if (m.producerEpoch() >= Short.MAX_VALUE - 1) {
            return m.withProducer(producerIds.getAsLong(), (short) 0, (short) -1);
        }
        return m.withProducer(m.producerId(), (short) (m.producerEpoch() + 1), m.producerEpoch());
    }

    /** Bumps the epoch (fencing the current producer) and aborts the ongoing transaction with it. */
    private boolean fenceAndAbort(TxnMetadata m) {
        TxnMetadata fenced = bumpEpoch(m);
        return endTransaction(fenced, false);
    }

    // ------------------------------------------------------------------ AddPartitionsToTxn / AddOffsetsToTxn

    public synchronized ErrorCode addPartitions(String transactionalId, long producerId, short producerEpoch,
                                                Collection<TopicPartition> partitions) {
        TxnMetadata m = txns.get(transactionalId);
        ErrorCode check = checkProducer(m, producerId, producerEpoch);
        if (check != ErrorCode.NONE) {
            return check;
        }
        if (!finishPendingMarkers(transactionalId)) {
            return ErrorCode.CONCURRENT_TRANSACTIONS;
        }
        m = txns.get(transactionalId);
        if (m.state().isPrepare() || m.state() == TxnState.PREPARE_EPOCH_FENCE) {
            return ErrorCode.CONCURRENT_TRANSACTIONS;
        }
        if (m.state() == TxnState.ONGOING && m.partitions().containsAll(partitions)) {
            return ErrorCode.NONE;
        }
        long now = clock.millis();
        Set<TopicPartition> all = new LinkedHashSet<>(m.partitions());
        all.addAll(partitions);
        TxnMetadata next = m.with(TxnState.ONGOING, now).withPartitions(all)
                .withStart(m.state() == TxnState.ONGOING ? m.startTimestampMs() : now);
        write(next);
        return ErrorCode.NONE;
    }

    /** AddOffsetsToTxn: adds the group's {@code __consumer_offsets} partition to the transaction. */
    public ErrorCode addOffsets(String transactionalId, long producerId, short producerEpoch, String groupId) {
        return addPartitions(transactionalId, producerId, producerEpoch, List.of(offsetsPartition(groupId)));
    }

    private TopicPartition offsetsPartition(String groupId) {
        TxnOffsetCommitter c = offsets;
        int p = c != null ? c.partitionFor(groupId) : (groupId.hashCode() & 0x7fffffff) % config.offsetsTopicPartitions();
        return new TopicPartition(TxnOffsetCommitter.OFFSETS_TOPIC, p);
    }

    /**
     * Verification for a broker-side AddPartitionsToTxn (v4+ verify_only) and for produce: NONE if the
     * producer's transaction is ongoing and holds the partition.
     */
    public synchronized ErrorCode verify(String transactionalId, long producerId, short producerEpoch,
                                         TopicPartition partition) {
        TxnMetadata m = txns.get(transactionalId);
        if (m == null || m.producerId() != producerId) {
            return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
        }
        if (producerEpoch < m.producerEpoch()) {
            return ErrorCode.INVALID_PRODUCER_EPOCH;
        }
        if (producerEpoch != m.producerEpoch() || m.state() != TxnState.ONGOING || !m.partitions().contains(partition)) {
            return ErrorCode.INVALID_TXN_STATE;
        }
        return ErrorCode.NONE;
    }

    /**
     * Runs {@code append} (a transactional produce to {@code partition}) only if {@link #verify} passes, under
     * the coordinator lock: no marker can be written between the check and the append, so a late write can
     * never land after its transaction ended (no hanging transactions).
     */
    public synchronized ErrorCode runVerified(String transactionalId, long producerId, short producerEpoch,
                                              TopicPartition partition, Runnable append) {
        ErrorCode error = verify(transactionalId, producerId, producerEpoch, partition);
        if (error == ErrorCode.NONE) {
            append.run();
        }
        return error;
    }

    // ------------------------------------------------------------------ TxnOffsetCommit

    public synchronized ErrorCode txnOffsetCommit(String transactionalId, long producerId, short producerEpoch,
                                                  String groupId, String memberId, int generationId,
                                                  String groupInstanceId,
                                                  Map<TopicPartition, TxnOffsetCommitter.PendingOffset> pending) {
        TxnMetadata m = txns.get(transactionalId);
        if (m == null || m.producerId() != producerId) {
            return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
        }
        if (producerEpoch != m.producerEpoch()) {
            return ErrorCode.INVALID_PRODUCER_EPOCH;
        }
        if (m.state() != TxnState.ONGOING || !m.partitions().contains(offsetsPartition(groupId))) {
            return ErrorCode.INVALID_TXN_STATE;
        }
        TxnOffsetCommitter c = offsets;
        if (c == null) {
            return ErrorCode.COORDINATOR_NOT_AVAILABLE;
        }
        return c.stageTransactionalOffsets(groupId, producerId, producerEpoch, memberId, generationId,
                groupInstanceId, pending);
    }

    // ------------------------------------------------------------------ EndTxn

    public synchronized ErrorCode endTxn(String transactionalId, long producerId, short producerEpoch, boolean commit) {
        TxnMetadata m = txns.get(transactionalId);
        ErrorCode check = checkProducer(m, producerId, producerEpoch);
        if (check != ErrorCode.NONE) {
            return check;
        }
        if (!finishPendingMarkers(transactionalId)) {
            return ErrorCode.CONCURRENT_TRANSACTIONS;
        }
        m = txns.get(transactionalId);
        switch (m.state()) {
            case ONGOING:
                endTransaction(m, commit);
                return ErrorCode.NONE; // the PREPARE_* is durable: the outcome is decided
            case COMPLETE_COMMIT:
                return commit ? ErrorCode.NONE : ErrorCode.INVALID_TXN_STATE;
            case COMPLETE_ABORT:
                return commit ? ErrorCode.INVALID_TXN_STATE : ErrorCode.NONE;
            case PREPARE_COMMIT:
                return commit ? ErrorCode.CONCURRENT_TRANSACTIONS : ErrorCode.INVALID_TXN_STATE;
            case PREPARE_ABORT:
                return commit ? ErrorCode.INVALID_TXN_STATE : ErrorCode.CONCURRENT_TRANSACTIONS;
            default:
                return ErrorCode.INVALID_TXN_STATE;
        }
    }

    private static ErrorCode checkProducer(TxnMetadata m, long producerId, short producerEpoch) {
        if (m == null || m.producerId() != producerId) {
            return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
        }
        if (producerEpoch != m.producerEpoch()) {
            return ErrorCode.PRODUCER_FENCED;
        }
        return ErrorCode.NONE;
    }

    /**
     * Writes PREPARE_* for {@code m} (whose epoch is the one the markers carry), then the markers, then
     * COMPLETE_*. Returns false if markers are still pending (the outcome is decided either way).
     */
    private boolean endTransaction(TxnMetadata m, boolean commit) {
        TxnMetadata prepared = m.with(commit ? TxnState.PREPARE_COMMIT : TxnState.PREPARE_ABORT, clock.millis());
        write(prepared);
        pendingMarkers.put(m.transactionalId(), new LinkedHashSet<>(m.partitions()));
        return completeMarkers(m.transactionalId());
    }

    /** Writes the missing markers of a prepared transaction, then COMPLETE_*; false if one failed. */
    private boolean completeMarkers(String transactionalId) {
        TxnMetadata m = txns.get(transactionalId);
        Set<TopicPartition> pending = pendingMarkers.get(transactionalId);
        boolean commit = m.state() == TxnState.PREPARE_COMMIT;
        for (TopicPartition tp : new ArrayList<>(pending)) {
            try {
                markers.writeMarker(tp, m.producerId(), m.producerEpoch(), COORDINATOR_EPOCH, commit);
                pending.remove(tp);
            } catch (RuntimeException e) {
                LOG.warn("Could not write the {} marker of {} to {} (will retry): {}", commit ? "commit" : "abort",
                        transactionalId, tp, e.getMessage());
                return false;
            }
        }
        pendingMarkers.remove(transactionalId);
        write(m.with(commit ? TxnState.COMPLETE_COMMIT : TxnState.COMPLETE_ABORT, clock.millis())
                .withPartitions(Set.of()));
        return true;
    }

    /** True if the transaction has no markers pending (retrying them first). */
    private boolean finishPendingMarkers(String transactionalId) {
        return !pendingMarkers.containsKey(transactionalId) || completeMarkers(transactionalId);
    }

    // ------------------------------------------------------------------ timer

    /**
     * Aborts every ongoing transaction older than its timeout, bumping the epoch so the late producer is
     * fenced (Kafka's abortTimedOutTransactions), and retries pending markers. Returns the number aborted.
     */
    public synchronized int abortTimedOutTransactions() {
        long now = clock.millis();
        int aborted = 0;
        for (String id : new ArrayList<>(pendingMarkers.keySet())) {
            completeMarkers(id);
        }
        for (TxnMetadata m : new ArrayList<>(txns.values())) {
            if (m.state() == TxnState.ONGOING && m.startTimestampMs() >= 0
                    && now > m.startTimestampMs() + m.timeoutMs()) {
                LOG.info("Aborting transaction {} of producer {} epoch {}: older than its timeout of {} ms",
                        m.transactionalId(), m.producerId(), m.producerEpoch(), m.timeoutMs());
                fenceAndAbort(m);
                aborted++;
            }
        }
        return aborted;
    }

    // ------------------------------------------------------------------ describe / list

    public synchronized Optional<TxnMetadata> describe(String transactionalId) {
        return Optional.ofNullable(txns.get(transactionalId));
    }

    public synchronized List<TxnMetadata> list(Predicate<TxnMetadata> filter) {
        List<TxnMetadata> out = new ArrayList<>();
        for (TxnMetadata m : txns.values()) {
            if (filter.test(m)) {
                out.add(m);
            }
        }
        return out;
    }

    public Clock clock() {
        return clock;
    }

    // ------------------------------------------------------------------ log

    /** Durably writes the new state, then makes it current. */
    private void write(TxnMetadata m) {
        try {
            stateLog.append(partitionFor(m.transactionalId()), TxnLogRecords.key(m.transactionalId()),
                    TxnLogRecords.value(m));
        } catch (BrookException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BrookException(ErrorCode.COORDINATOR_NOT_AVAILABLE,
                    "could not write to __transaction_state: " + e.getMessage());
        }
        txns.put(m.transactionalId(), m);
    }
}
