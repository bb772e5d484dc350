package io.brook.core.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.core.error.BrookException;
import io.brook.core.error.ErrorCode;
import io.brook.core.partition.TopicPartition;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The coordinator's state machine, driven with a fake clock, an in-memory state log and marker recorder. */
class TransactionCoordinatorTest {

    static final class FakeClock extends Clock {
        long now = 1_000_000L;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }

        @Override
        public long millis() {
            return now;
        }
    }

    static final class MemoryLog implements TxnStateLog {
        final List<byte[][]> records = new ArrayList<>();

        @Override
        public int partitionCount() {
            return 3;
        }

        @Override
        public void ensureCreated() {
        }

        @Override
        public void append(int partition, byte[] key, byte[] value) {
            records.add(new byte[][] {key, value});
        }

        @Override
        public void replay(BiConsumer<ByteBuffer, ByteBuffer> visitor) {
            for (byte[][] r : records) {
                visitor.accept(ByteBuffer.wrap(r[0]), r[1] == null ? null : ByteBuffer.wrap(r[1]));
            }
        }

        TxnState lastState() {
            byte[][] last = records.get(records.size() - 1);
            return TxnLogRecords.readValue("x", ByteBuffer.wrap(last[1])).state();
        }
    }

    record Marker(TopicPartition tp, long pid, short epoch, boolean commit) {
    }

    static final class Markers implements TxnMarkerWriter {
        final List<Marker> written = new ArrayList<>();
        final Set<TopicPartition> failing = new HashSet<>();

        @Override
        public void writeMarker(TopicPartition tp, long pid, short epoch, int coordinatorEpoch, boolean commit) {
            if (failing.contains(tp)) {
                throw new BrookException(ErrorCode.NOT_LEADER_OR_FOLLOWER, "down");
            }
            written.add(new Marker(tp, pid, epoch, commit));
        }
    }

    static final TopicPartition A0 = new TopicPartition("a", 0);
    static final TopicPartition B1 = new TopicPartition("b", 1);

    final FakeClock clock = new FakeClock();
    final MemoryLog log = new MemoryLog();
    final Markers markers = new Markers();
    final AtomicLong pids = new AtomicLong(1000);
    TransactionCoordinator coordinator;

    @BeforeEach
    void setUp() {
        coordinator = newCoordinator();
    }

    TransactionCoordinator newCoordinator() {
        TransactionCoordinator c = new TransactionCoordinator(new TransactionCoordinator.Config(60_000, 50), clock, log,
                markers, pids::getAndIncrement);
        c.start();
        return c;
    }

    @Test
    void commitWritesMarkersToEveryPartitionThenCompletes() {
        var init = coordinator.initProducerId("t", 10_000, -1, (short) -1);
        assertThat(init.error()).isEqualTo(ErrorCode.NONE);
        assertThat(init.producerEpoch()).isEqualTo((short) 0);
        assertThat(coordinator.addPartitions("t", init.producerId(), (short) 0, List.of(A0, B1))).isEqualTo(ErrorCode.NONE);
        assertThat(coordinator.verify("t", init.producerId(), (short) 0, A0)).isEqualTo(ErrorCode.NONE);
        assertThat(coordinator.verify("t", init.producerId(), (short) 0, new TopicPartition("c", 0)))
                .isEqualTo(ErrorCode.INVALID_TXN_STATE);
        assertThat(coordinator.endTxn("t", init.producerId(), (short) 0, true)).isEqualTo(ErrorCode.NONE);
        assertThat(markers.written).containsExactly(new Marker(A0, init.producerId(), (short) 0, true),
                new Marker(B1, init.producerId(), (short) 0, true));
        assertThat(coordinator.describe("t").orElseThrow().state()).isEqualTo(TxnState.COMPLETE_COMMIT);
        assertThat(coordinator.describe("t").orElseThrow().partitions()).isEmpty();
        // a retried commit is fine, an abort now is not; and a late produce is refused
        assertThat(coordinator.endTxn("t", init.producerId(), (short) 0, true)).isEqualTo(ErrorCode.NONE);
        assertThat(coordinator.endTxn("t", init.producerId(), (short) 0, false)).isEqualTo(ErrorCode.INVALID_TXN_STATE);
        assertThat(coordinator.verify("t", init.producerId(), (short) 0, A0)).isEqualTo(ErrorCode.INVALID_TXN_STATE);
    }

    @Test
    void secondInitFencesAndAbortsTheOngoingTransaction() {
        var first = coordinator.initProducerId("t", 10_000, -1, (short) -1);
        coordinator.addPartitions("t", first.producerId(), (short) 0, List.of(A0));
        var second = coordinator.initProducerId("t", 10_000, -1, (short) -1);
        assertThat(second.error()).isEqualTo(ErrorCode.NONE);
        assertThat(second.producerId()).isEqualTo(first.producerId());
        assertThat(second.producerEpoch()).isEqualTo((short) 2);
        assertThat(markers.written).containsExactly(new Marker(A0, first.producerId(), (short) 1, false));
        assertThat(coordinator.endTxn("t", first.producerId(), (short) 0, true)).isEqualTo(ErrorCode.PRODUCER_FENCED);
        assertThat(coordinator.addPartitions("t", first.producerId(), (short) 0, List.of(A0)))
                .isEqualTo(ErrorCode.PRODUCER_FENCED);
        assertThat(coordinator.verify("t", first.producerId(), (short) 0, A0)).isEqualTo(ErrorCode.INVALID_PRODUCER_EPOCH);
    }

    @Test
    void timeoutIsValidatedAndEnforced() {
        assertThat(coordinator.initProducerId("t", 60_001, -1, (short) -1).error())
                .isEqualTo(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
        var init = coordinator.initProducerId("t", 5_000, -1, (short) -1);
        coordinator.addPartitions("t", init.producerId(), (short) 0, List.of(A0));
        clock.now += 5_000;
        assertThat(coordinator.abortTimedOutTransactions()).isZero();
        clock.now += 1;
        assertThat(coordinator.abortTimedOutTransactions()).isEqualTo(1);
        assertThat(markers.written).containsExactly(new Marker(A0, init.producerId(), (short) 1, false));
        TxnMetadata m = coordinator.describe("t").orElseThrow();
        assertThat(m.state()).isEqualTo(TxnState.COMPLETE_ABORT);
        assertThat(m.producerEpoch()).isEqualTo((short) 1);
        assertThat(coordinator.endTxn("t", init.producerId(), (short) 0, true)).isEqualTo(ErrorCode.PRODUCER_FENCED);
    }

    @Test
    void pendingMarkersGiveConcurrentTransactionsUntilWritten() {
        var init = coordinator.initProducerId("t", 10_000, -1, (short) -1);
        coordinator.addPartitions("t", init.producerId(), (short) 0, List.of(A0, B1));
        markers.failing.add(B1);
        assertThat(coordinator.endTxn("t", init.producerId(), (short) 0, false)).isEqualTo(ErrorCode.NONE);
        assertThat(coordinator.describe("t").orElseThrow().state()).isEqualTo(TxnState.PREPARE_ABORT);
        assertThat(coordinator.addPartitions("t", init.producerId(), (short) 0, List.of(A0)))
                .isEqualTo(ErrorCode.CONCURRENT_TRANSACTIONS);
        assertThat(coordinator.initProducerId("t", 10_000, -1, (short) -1).error())
                .isEqualTo(ErrorCode.CONCURRENT_TRANSACTIONS);
        markers.failing.clear();
        coordinator.abortTimedOutTransactions();
        assertThat(coordinator.describe("t").orElseThrow().state()).isEqualTo(TxnState.COMPLETE_ABORT);
        assertThat(markers.written).extracting(Marker::tp).containsExactly(A0, B1);
    }

    @Test
    void preparedTransactionIsCompletedAfterRestart() {
        var init = coordinator.initProducerId("t", 10_000, -1, (short) -1);
        coordinator.addPartitions("t", init.producerId(), (short) 0, List.of(A0, B1));
        markers.failing.add(A0);
        markers.failing.add(B1);
        coordinator.endTxn("t", init.producerId(), (short) 0, true);
        assertThat(log.lastState()).isEqualTo(TxnState.PREPARE_COMMIT);
        markers.failing.clear();
        TransactionCoordinator restarted = newCoordinator();
        assertThat(restarted.describe("t").orElseThrow().state()).isEqualTo(TxnState.COMPLETE_COMMIT);
        assertThat(markers.written).containsExactly(new Marker(A0, init.producerId(), (short) 0, true),
                new Marker(B1, init.producerId(), (short) 0, true));
        // the state survived: the next InitProducerId bumps the same producer id
        var again = restarted.initProducerId("t", 10_000, -1, (short) -1);
        assertThat(again.producerId()).isEqualTo(init.producerId());
        assertThat(again.producerEpoch()).isEqualTo((short) 1);
    }

    @Test
    void ongoingTransactionReplayedThenAbortedOnTimeout() {
        var init = coordinator.initProducerId("t", 5_000, -1, (short) -1);
        coordinator.addPartitions("t", init.producerId(), (short) 0, List.of(A0));
        TransactionCoordinator restarted = newCoordinator();
        assertThat(restarted.describe("t").orElseThrow().state()).isEqualTo(TxnState.ONGOING);
        assertThat(restarted.describe("t").orElseThrow().partitions()).containsExactly(A0);
        clock.now += 10_000;
        assertThat(restarted.abortTimedOutTransactions()).isEqualTo(1);
        assertThat(markers.written).containsExactly(new Marker(A0, init.producerId(), (short) 1, false));
    }

    @Test
    void transactionalOffsetsGoToTheGroupCoordinatorAndCompleteWithTheMarker() {
        List<String> calls = new ArrayList<>();
        coordinator.setOffsetCommitter(new TxnOffsetCommitter() {
            @Override
            public int partitionFor(String groupId) {
                return 7;
            }

            @Override
            public ErrorCode stageTransactionalOffsets(String groupId, long producerId, short producerEpoch,
                                                       String memberId, int generationId, String groupInstanceId,
                                                       Map<TopicPartition, PendingOffset> offsets) {
                calls.add("stage " + groupId + " " + offsets.keySet());
                return ErrorCode.NONE;
            }

            @Override
            public void completeTransaction(int offsetsPartition, long producerId, short producerEpoch,
                                            int coordinatorEpoch, boolean commit) {
                calls.add("complete " + offsetsPartition + " " + commit);
            }
        });
        var init = coordinator.initProducerId("t", 10_000, -1, (short) -1);
        var offsets = Map.of(A0, new TxnOffsetCommitter.PendingOffset(5, -1, "", 0));
        assertThat(coordinator.txnOffsetCommit("t", init.producerId(), (short) 0, "g", "", -1, null, offsets))
                .isEqualTo(ErrorCode.INVALID_TXN_STATE);
        assertThat(coordinator.addOffsets("t", init.producerId(), (short) 0, "g")).isEqualTo(ErrorCode.NONE);
        assertThat(coordinator.txnOffsetCommit("t", init.producerId(), (short) 0, "g", "", -1, null, offsets))
                .isEqualTo(ErrorCode.NONE);
        coordinator.endTxn("t", init.producerId(), (short) 0, true);
        assertThat(markers.written).containsExactly(
                new Marker(new TopicPartition("__consumer_offsets", 7), init.producerId(), (short) 0, true));
        assertThat(calls).containsExactly("stage g [a-0]");
    }
}
