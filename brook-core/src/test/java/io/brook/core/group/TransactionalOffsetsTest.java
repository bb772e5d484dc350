package io.brook.core.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.core.error.ErrorCode;
import io.brook.core.group.GroupCoordinatorTest.FakeClock;
import io.brook.core.group.GroupCoordinatorTest.MemoryLog;
import io.brook.core.group.Groups.CommitEntry;
import io.brook.core.group.Groups.CommitRequest;
import io.brook.core.group.Groups.FetchRequest;
import io.brook.core.group.Groups.FetchResult;
import io.brook.core.group.Groups.JoinRequest;
import io.brook.core.group.Groups.JoinResult;
import io.brook.core.group.Groups.Protocol;
import io.brook.core.group.Groups.SyncRequest;
import io.brook.core.partition.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TxnOffsetCommit in the group coordinator: offsets written as a transactional batch stay pending until the
 * producer's marker in the same partition, and a replay of the log (a restart) ends in the same state.
 */
class TransactionalOffsetsTest {
    static final int PARTITIONS = 3;
    static final TopicPartition TP = new TopicPartition("in", 0);
    static final long PID = 1000;
    static final short EPOCH = 0;

    FakeClock clock;
    MemoryLog log;
    GroupCoordinator coordinator;

    @BeforeEach
    void setUp() {
        clock = new FakeClock();
        log = new MemoryLog();
        coordinator = restart();
    }

    /** A new coordinator replaying every partition of the log: what a broker restart does. */
    private GroupCoordinator restart() {
        GroupConfig c = new GroupConfig(PARTITIONS, 0, 100, 300_000, 1000, 7 * 24 * 3600_000L, 1000, 4096, 5000,
                45000);
        GroupCoordinator gc = new GroupCoordinator(c, log, bytes -> Set.of(new String(bytes)), clock);
        for (int p = 0; p < PARTITIONS; p++) {
            gc.load(p, log.read(p));
        }
        return gc;
    }

    private ErrorCode txnCommit(String group, long pid, long offset) {
        return txnCommit(group, pid, "", -1, null, offset);
    }

    private ErrorCode txnCommit(String group, long pid, String memberId, int generation, String instanceId,
                                long offset) {
        return coordinator.commitTransactionalOffsets(group, pid, EPOCH, memberId, generation, instanceId,
                Map.of(TP, new OffsetAndMetadata(offset, -1, "txn", clock.millis(), -1)));
    }

    private void marker(String group, long pid, boolean commit) {
        coordinator.completeTransaction(coordinator.partitionFor(group), pid, EPOCH, 0, commit);
    }

    private FetchResult fetch(String group, boolean requireStable) {
        return coordinator.fetchOffsets(new FetchRequest(group, null, -1, List.of(TP), requireStable));
    }

    private Long committed(String group) {
        OffsetAndMetadata o = fetch(group, false).offsets().get(TP);
        return o == null ? null : o.offset();
    }

    @Test
    void pendingUntilTheCommitMarkerThenCommittedAlsoAfterARestart() {
        assertThat(txnCommit("g", PID, 5)).isEqualTo(ErrorCode.NONE);
        assertThat(log.partitions.get(coordinator.partitionFor("g"))).singleElement()
                .satisfies(e -> assertThat(e.producerId()).isEqualTo(PID));
        assertThat(committed("g")).isNull();
        assertThat(fetch("g", true).unstable()).containsExactly(TP);

        marker("g", PID, true);
        assertThat(committed("g")).isEqualTo(5);
        assertThat(fetch("g", true).unstable()).isEmpty();
        assertThat(fetch("g", true).offsets().get(TP).metadata()).isEqualTo("txn");

        coordinator = restart();
        assertThat(committed("g")).isEqualTo(5);
        assertThat(fetch("g", true).unstable()).isEmpty();
    }

    @Test
    void anAbortMarkerDropsThePendingOffsetsAlsoAfterARestart() {
        coordinator.commitOffsets(new CommitRequest("g", "", null, -1, -1, 8, List.of(new CommitEntry(TP, 2, -1, ""))));
        txnCommit("g", PID, 5);
        marker("g", PID, false);
        assertThat(committed("g")).isEqualTo(2);
        assertThat(fetch("g", true).unstable()).isEmpty();
        coordinator = restart();
        assertThat(committed("g")).isEqualTo(2);
    }

    @Test
    void aCrashBeforeTheMarkerLeavesThemPendingUntilTheCoordinatorFinishesTheTransaction() {
        txnCommit("g", PID, 5);
        coordinator = restart(); // killed between EndTxn and the markers: PREPARE_COMMIT in __transaction_state
        assertThat(committed("g")).isNull();
        assertThat(fetch("g", true).unstable()).containsExactly(TP);
        marker("g", PID, true); // the transaction coordinator completes the prepared transaction at start-up
        assertThat(committed("g")).isEqualTo(5);
        marker("g", PID, true); // a marker written again (retry) changes nothing
        assertThat(committed("g")).isEqualTo(5);
        coordinator = restart();
        assertThat(committed("g")).isEqualTo(5);
    }

    @Test
    void aPlainCommitWrittenAfterTheTransactionalOneWins() {
        txnCommit("g", PID, 5);
        coordinator.commitOffsets(new CommitRequest("g", "", null, -1, -1, 8, List.of(new CommitEntry(TP, 9, -1, ""))));
        marker("g", PID, true);
        assertThat(committed("g")).isEqualTo(9);
        coordinator = restart();
        assertThat(committed("g")).isEqualTo(9);
    }

    @Test
    void producersCommitAndAbortIndependently() {
        TopicPartition other = new TopicPartition("in", 1);
        txnCommit("g", PID, 5);
        coordinator.commitTransactionalOffsets("g", PID + 1, EPOCH, "", -1, null,
                Map.of(other, new OffsetAndMetadata(7, -1, "", clock.millis(), -1)));
        marker("g", PID + 1, false);
        marker("g", PID, true);
        coordinator = restart();
        var offsets = coordinator.fetchOffsets(new FetchRequest("g", null, -1, null, true)).offsets();
        assertThat(offsets).containsOnlyKeys(TP);
        assertThat(offsets.get(TP).offset()).isEqualTo(5);
    }

    @Test
    void deletingTheGroupDropsItsPendingOffsets() {
        txnCommit("g", PID, 5);
        assertThat(coordinator.deleteGroups(List.of("g"))).containsEntry("g", ErrorCode.NONE);
        marker("g", PID, true);
        assertThat(committed("g")).isNull();
        coordinator = restart();
        assertThat(committed("g")).isNull();
    }

    @Test
    void memberAndGenerationAreValidatedAsKafkaDoes() {
        JoinRequest join = new JoinRequest("g", "", "inst", "client", "/h", 1000, 5000, "consumer",
                List.of(new Protocol("range", "in".getBytes())), true, true, null);
        JoinResult a = coordinator.joinGroup(join).join();
        coordinator.syncGroup(new SyncRequest("g", a.generationId(), a.memberId(), "inst", "consumer", "range",
                Map.of(a.memberId(), new byte[0]))).join();

        assertThat(txnCommit("g", PID, a.memberId(), a.generationId() + 1, "inst", 1))
                .isEqualTo(ErrorCode.ILLEGAL_GENERATION);
        assertThat(txnCommit("g", PID, "someone-else", a.generationId(), null, 1))
                .isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        assertThat(txnCommit("g", PID, "someone-else", a.generationId(), "inst", 1))
                .isEqualTo(ErrorCode.FENCED_INSTANCE_ID);
        assertThat(txnCommit("unknown", PID, "m", 3, null, 1)).isEqualTo(ErrorCode.ILLEGAL_GENERATION);
        assertThat(fetch("g", true).unstable()).isEmpty();
        // Before v3 the request has no member fields: a stable group accepts it (unlike a plain OffsetCommit).
        assertThat(txnCommit("g", PID, "", -1, null, 1)).isEqualTo(ErrorCode.NONE);
        assertThat(txnCommit("g", PID, a.memberId(), a.generationId(), "inst", 2)).isEqualTo(ErrorCode.NONE);
        marker("g", PID, true);
        assertThat(committed("g")).isEqualTo(2);
    }

    @Test
    void pendingOffsetsDoNotExpireAndKeepTheirGroup() {
        coordinator.commitOffsets(new CommitRequest("g", "", null, -1, -1, 8, List.of(new CommitEntry(TP, 2, -1, ""))));
        txnCommit("g", PID, 5);
        clock.now += 8L * 24 * 3600_000L;
        coordinator.tick();
        assertThat(committed("g")).isEqualTo(2);
        marker("g", PID, true);
        assertThat(committed("g")).isEqualTo(5);
    }
}
