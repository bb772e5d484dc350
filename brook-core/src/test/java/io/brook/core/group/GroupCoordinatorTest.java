package io.brook.core.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.core.error.ErrorCode;
import io.brook.core.group.Groups.CommitEntry;
import io.brook.core.group.Groups.CommitRequest;
import io.brook.core.group.Groups.FetchRequest;
import io.brook.core.group.Groups.JoinRequest;
import io.brook.core.group.Groups.JoinResult;
import io.brook.core.group.Groups.MemberIdentity;
import io.brook.core.group.Groups.Protocol;
import io.brook.core.group.Groups.SyncRequest;
import io.brook.core.group.Groups.SyncResult;
import io.brook.core.partition.TopicPartition;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The classic-protocol state machine driven by a fake clock and an in-memory __consumer_offsets. */
class GroupCoordinatorTest {

    /** A clock the test moves by hand. */
    static final class FakeClock extends Clock {
        long now = 1_000_000;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
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

    /**
     * Keeps each partition as a list of entries (records as their serialized bytes, with the producer of a
     * transactional batch; markers), with offsets, as the real log would.
     */
    static class MemoryLog implements CoordinatorLog {
        /** producerId -1: a plain record; marker non-null: a control batch (COMMIT true / ABORT false). */
        record Entry(long producerId, byte[] key, byte[] value, Boolean marker) {
        }

        final Map<Integer, List<Entry>> partitions = new HashMap<>();

        @Override
        public long append(int partition, List<CoordinatorRecord> records) {
            return add(partition, -1, records);
        }

        @Override
        public long appendTransactional(int partition, long producerId, short producerEpoch,
                                        List<CoordinatorRecord> records) {
            return add(partition, producerId, records);
        }

        @Override
        public long appendMarker(int partition, long producerId, short producerEpoch, int coordinatorEpoch,
                                 boolean commit) {
            List<Entry> log = partitions.computeIfAbsent(partition, p -> new ArrayList<>());
            log.add(new Entry(producerId, null, null, commit));
            return log.size() - 1;
        }

        private long add(int partition, long producerId, List<CoordinatorRecord> records) {
            List<Entry> log = partitions.computeIfAbsent(partition, p -> new ArrayList<>());
            long base = log.size();
            for (CoordinatorRecord r : records) {
                log.add(new Entry(producerId, CoordinatorRecordSerde.key(r), CoordinatorRecordSerde.value(r), null));
            }
            return base;
        }

        List<CoordinatorLogEntry> read(int partition) {
            List<CoordinatorLogEntry> out = new ArrayList<>();
            List<Entry> log = partitions.getOrDefault(partition, List.of());
            for (int offset = 0; offset < log.size(); offset++) {
                Entry e = log.get(offset);
                if (e.marker() != null) {
                    out.add(new CoordinatorLogEntry.Marker(offset, e.producerId(), e.marker()));
                } else {
                    out.add(new CoordinatorLogEntry.Data(offset, e.producerId(), CoordinatorRecordSerde.read(
                            ByteBuffer.wrap(e.key()), e.value() == null ? null : ByteBuffer.wrap(e.value()))));
                }
            }
            return out;
        }
    }

    static final int PARTITIONS = 3;
    FakeClock clock;
    MemoryLog memoryLog;
    GroupCoordinator coordinator;
    GroupConfig config = GroupConfig.defaults().withInitialRebalanceDelayMs(0).withMinSessionTimeoutMs(100);

    @BeforeEach
    void setUp() {
        clock = new FakeClock();
        memoryLog = new MemoryLog();
        coordinator = newCoordinator();
    }

    private GroupCoordinator newCoordinator() {
        GroupConfig c = new GroupConfig(PARTITIONS, config.initialRebalanceDelayMs(), config.minSessionTimeoutMs(),
                config.maxSessionTimeoutMs(), config.maxSize(), config.offsetsRetentionMs(), 1000, 4096, 5000, 45000);
        GroupCoordinator gc = new GroupCoordinator(c, memoryLog, bytes -> Set.of(new String(bytes)), clock);
        for (int p = 0; p < PARTITIONS; p++) {
            gc.load(p, memoryLog.read(p));
        }
        return gc;
    }

    private void advance(long ms) {
        clock.now += ms;
        coordinator.tick();
    }

    private static JoinRequest join(String group, String memberId, String instanceId, String topic) {
        return new JoinRequest(group, memberId, instanceId, "client", "/127.0.0.1", 1000, 5000, "consumer",
                List.of(new Protocol("range", topic.getBytes())), true, true, null);
    }

    /** Joins a dynamic member through MEMBER_ID_REQUIRED; returns the pending future of the second join. */
    private CompletableFuture<JoinResult> joinDynamic(String group) {
        JoinResult first = coordinator.joinGroup(join(group, "", null, "t")).join();
        assertThat(first.error()).isEqualTo(ErrorCode.MEMBER_ID_REQUIRED);
        assertThat(first.memberId()).startsWith("client-");
        return coordinator.joinGroup(join(group, first.memberId(), null, "t"));
    }

    private SyncResult syncAsLeader(String group, JoinResult leader, Map<String, byte[]> assignment) {
        return coordinator.syncGroup(new SyncRequest(group, leader.generationId(), leader.memberId(), null,
                "consumer", "range", assignment)).join();
    }

    @Test
    void firstJoinNeedsAMemberIdThenTheLeaderGetsEveryMembersMetadataAndSyncDistributesTheAssignment() {
        JoinResult a = joinDynamic("g").join();
        assertThat(a.error()).isEqualTo(ErrorCode.NONE);
        assertThat(a.generationId()).isEqualTo(1);
        assertThat(a.leader()).isEqualTo(a.memberId());
        assertThat(a.protocolName()).isEqualTo("range");
        assertThat(syncAsLeader("g", a, Map.of(a.memberId(), "A".getBytes())).assignment()).isEqualTo("A".getBytes());

        // A second member triggers a rebalance: the first learns of it from its heartbeat.
        CompletableFuture<JoinResult> bJoin = joinDynamic("g");
        assertThat(bJoin).isNotDone();
        assertThat(coordinator.heartbeat("g", a.memberId(), null, 1)).isEqualTo(ErrorCode.REBALANCE_IN_PROGRESS);
        CompletableFuture<JoinResult> aJoin = coordinator.joinGroup(join("g", a.memberId(), null, "t"));
        JoinResult a2 = aJoin.join();
        JoinResult b = bJoin.join();
        assertThat(a2.generationId()).isEqualTo(2).isEqualTo(b.generationId());
        assertThat(a2.members()).extracting(Groups.JoinMember::memberId)
                .containsExactlyInAnyOrder(a.memberId(), b.memberId());
        assertThat(b.members()).isEmpty();

        CompletableFuture<SyncResult> bSync = coordinator.syncGroup(new SyncRequest("g", 2, b.memberId(), null,
                null, null, Map.of()));
        assertThat(bSync).isNotDone();
        syncAsLeader("g", a2, Map.of(a2.memberId(), "A2".getBytes(), b.memberId(), "B2".getBytes()));
        assertThat(bSync.join().assignment()).isEqualTo("B2".getBytes());
        assertThat(coordinator.heartbeat("g", b.memberId(), null, 2)).isEqualTo(ErrorCode.NONE);
        assertThat(coordinator.heartbeat("g", b.memberId(), null, 1)).isEqualTo(ErrorCode.ILLEGAL_GENERATION);
        assertThat(coordinator.heartbeat("g", "nobody", null, 2)).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        assertThat(coordinator.heartbeat("unknown-group", "x", null, 2)).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aMemberThatStopsHeartbeatingIsRemovedAfterTheSessionTimeoutAndTheGroupRebalances() {
        JoinResult a = joinDynamic("g").join();
        syncAsLeader("g", a, Map.of());
        CompletableFuture<JoinResult> bJoin = joinDynamic("g");
        JoinResult a2 = coordinator.joinGroup(join("g", a.memberId(), null, "t")).join();
        JoinResult b = bJoin.join();
        syncAsLeader("g", a2, Map.of());
        coordinator.syncGroup(new SyncRequest("g", 2, b.memberId(), null, null, null, Map.of())).join();

        // a keeps heartbeating, b goes silent.
        for (int i = 0; i < 5; i++) {
            advance(300);
            coordinator.heartbeat("g", a.memberId(), null, 2);
        }
        assertThat(coordinator.heartbeat("g", b.memberId(), null, 2)).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        assertThat(coordinator.heartbeat("g", a.memberId(), null, 2)).isEqualTo(ErrorCode.REBALANCE_IN_PROGRESS);
        JoinResult a3 = coordinator.joinGroup(join("g", a.memberId(), null, "t")).join();
        assertThat(a3.generationId()).isEqualTo(3);
        assertThat(a3.members()).hasSize(1);
    }

    @Test
    void theRebalanceTimeoutRemovesMembersThatDoNotRejoin() {
        JoinResult a = joinDynamic("g").join();
        syncAsLeader("g", a, Map.of());
        CompletableFuture<JoinResult> bJoin = joinDynamic("g");
        // a keeps heartbeating (REBALANCE_IN_PROGRESS) but never rejoins.
        for (int i = 0; i < 20 && !bJoin.isDone(); i++) {
            advance(300);
            coordinator.heartbeat("g", a.memberId(), null, 1);
        }
        JoinResult b = bJoin.join();
        assertThat(b.generationId()).isEqualTo(2);
        assertThat(b.leader()).isEqualTo(b.memberId());
        assertThat(b.members()).extracting(Groups.JoinMember::memberId).containsExactly(b.memberId());
    }

    @Test
    void theInitialRebalanceDelayWaitsForMoreMembersOfANewGroup() {
        config = GroupConfig.defaults().withInitialRebalanceDelayMs(1000).withMinSessionTimeoutMs(100);
        coordinator = newCoordinator();
        CompletableFuture<JoinResult> a = joinDynamic("g");
        advance(500);
        CompletableFuture<JoinResult> b = joinDynamic("g");
        advance(600);
        assertThat(a).isNotDone(); // b's arrival extended the delay
        advance(1000);
        assertThat(a.join().generationId()).isEqualTo(1);
        assertThat(a.join().members().size() + b.join().members().size()).isEqualTo(2);
    }

    @Test
    void aStaticMemberRejoiningWithANewMemberIdKeepsItsAssignmentWithoutARebalance() {
        JoinResult a = coordinator.joinGroup(join("g", "", "inst-a", "t")).join();
        assertThat(a.error()).isEqualTo(ErrorCode.NONE); // static members need no MEMBER_ID_REQUIRED round
        syncAsLeader("g", a, Map.of(a.memberId(), "A".getBytes()));

        JoinResult again = coordinator.joinGroup(join("g", "", "inst-a", "t")).join();
        assertThat(again.error()).isEqualTo(ErrorCode.NONE);
        assertThat(again.memberId()).isNotEqualTo(a.memberId());
        assertThat(again.generationId()).isEqualTo(a.generationId());
        assertThat(again.skipAssignment()).isTrue(); // the static leader, v9+
        SyncResult sync = coordinator.syncGroup(new SyncRequest("g", again.generationId(), again.memberId(), "inst-a",
                null, null, Map.of())).join();
        assertThat(sync.assignment()).isEqualTo("A".getBytes());
        // The old incarnation is fenced.
        assertThat(coordinator.heartbeat("g", a.memberId(), "inst-a", a.generationId()))
                .isEqualTo(ErrorCode.FENCED_INSTANCE_ID);
    }

    @Test
    void groupMaxSizeAndSessionTimeoutBoundsAreEnforced() {
        config = GroupConfig.defaults().withInitialRebalanceDelayMs(0).withMinSessionTimeoutMs(100).withMaxSize(1);
        coordinator = newCoordinator();
        JoinResult a = joinDynamic("g").join();
        syncAsLeader("g", a, Map.of());
        JoinResult first = coordinator.joinGroup(join("g", "", null, "t")).join();
        assertThat(coordinator.joinGroup(join("g", first.memberId(), null, "t")).join().error())
                .isEqualTo(ErrorCode.GROUP_MAX_SIZE_REACHED);
        JoinRequest tooShort = new JoinRequest("g2", "", null, "c", "h", 10, 10, "consumer",
                List.of(new Protocol("range", new byte[0])), true, true, null);
        assertThat(coordinator.joinGroup(tooShort).join().error()).isEqualTo(ErrorCode.INVALID_SESSION_TIMEOUT);
    }

    @Test
    void leaveGroupRemovesMembersAndReportsUnknownOnes() {
        JoinResult a = joinDynamic("g").join();
        syncAsLeader("g", a, Map.of());
        var result = coordinator.leaveGroup("g", List.of(new MemberIdentity(a.memberId(), null),
                new MemberIdentity("ghost", null), new MemberIdentity("", "no-such-instance")));
        assertThat(result.members()).extracting(Groups.LeaveMemberResult::error)
                .containsExactly(ErrorCode.NONE, ErrorCode.UNKNOWN_MEMBER_ID, ErrorCode.UNKNOWN_MEMBER_ID);
        advance(10); // completes the rebalance of the now empty group
        assertThat(coordinator.describeGroup("g").state()).isEqualTo("Empty");
        assertThat(coordinator.leaveGroup("nope", List.of(new MemberIdentity("m", null))).members().get(0).error())
                .isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
    }

    /** Kafka completes the join phase at once when the last member leaves: no window where the group is not Empty. */
    @Test
    void groupIsEmptyAndDeletableRightAfterTheLastMemberLeaves() {
        JoinResult a = joinDynamic("g").join();
        syncAsLeader("g", a, Map.of(a.memberId(), new byte[0]));
        assertThat(coordinator.describeGroup("g").state()).isEqualTo("Stable");
        coordinator.leaveGroup("g", List.of(new MemberIdentity(a.memberId(), null)));
        // no tick, no clock movement
        assertThat(coordinator.describeGroup("g").state()).isEqualTo("Empty");
        assertThat(coordinator.deleteGroups(List.of("g"))).containsEntry("g", ErrorCode.NONE);
    }

    @Test
    void offsetsAndGroupsAreRebuiltFromTheLogAfterARestart() {
        JoinResult a = coordinator.joinGroup(join("g", "", "inst-a", "t")).join();
        syncAsLeader("g", a, Map.of(a.memberId(), "A".getBytes()));
        TopicPartition tp = new TopicPartition("t", 0);
        var commit = coordinator.commitOffsets(new CommitRequest("g", a.memberId(), "inst-a", a.generationId(), -1, 8,
                List.of(new CommitEntry(tp, 42, 3, "hello"))));
        assertThat(commit.partitions()).containsEntry(tp, ErrorCode.NONE);
        // A commit from a stale generation is refused.
        assertThat(coordinator.commitOffsets(new CommitRequest("g", a.memberId(), "inst-a", 99, -1, 8,
                List.of(new CommitEntry(tp, 1, -1, "")))).error()).isEqualTo(ErrorCode.ILLEGAL_GENERATION);
        // A simple (admin) commit creates an empty group.
        coordinator.commitOffsets(new CommitRequest("simple", "", null, -1, -1, 8,
                List.of(new CommitEntry(tp, 7, -1, null))));

        coordinator = newCoordinator(); // replay
        var fetched = coordinator.fetchOffsets(new FetchRequest("g", null, -1, null, false));
        assertThat(fetched.offsets()).containsEntry(tp, new OffsetAndMetadata(42, 3, "hello", clock.now, -1));
        var description = coordinator.describeGroup("g");
        assertThat(description.state()).isEqualTo("Stable");
        assertThat(description.members()).singleElement().satisfies(m -> {
            assertThat(m.groupInstanceId()).isEqualTo("inst-a");
            assertThat(m.assignment()).isEqualTo("A".getBytes());
        });
        assertThat(coordinator.fetchOffsets(new FetchRequest("simple", null, -1, List.of(tp), false)).offsets()
                .get(tp).offset()).isEqualTo(7);
        // The loaded member's session runs from the load: without heartbeats it expires.
        advance(1100);
        assertThat(coordinator.describeGroup("g").state()).isIn("PreparingRebalance", "Empty");
    }

    @Test
    void deleteGroupsAndOffsetDeleteFollowKafkasRules() {
        TopicPartition tp = new TopicPartition("t", 0);
        JoinResult a = joinDynamic("g").join();
        syncAsLeader("g", a, Map.of());
        coordinator.commitOffsets(new CommitRequest("g", a.memberId(), null, 1, -1, 8, List.of(new CommitEntry(tp, 1, -1, ""))));
        assertThat(coordinator.deleteGroups(List.of("g", "missing")))
                .containsEntry("g", ErrorCode.NON_EMPTY_GROUP).containsEntry("missing", ErrorCode.GROUP_ID_NOT_FOUND);
        // subscribed (the fake parser says member metadata "t" means topic t)
        assertThat(coordinator.deleteOffsets("g", List.of(tp)).partitions())
                .containsEntry(tp, ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC);
        coordinator.leaveGroup("g", List.of(new MemberIdentity(a.memberId(), null)));
        advance(10);
        assertThat(coordinator.deleteOffsets("g", List.of(tp)).partitions()).containsEntry(tp, ErrorCode.NONE);
        assertThat(coordinator.deleteGroups(List.of("g"))).containsEntry("g", ErrorCode.NONE);
        coordinator = newCoordinator();
        assertThat(coordinator.listGroups(Set.of(), Set.of())).isEmpty();
    }

    @Test
    void offsetsOfEmptyGroupsExpireAfterTheRetention() {
        config = GroupConfig.defaults().withInitialRebalanceDelayMs(0).withMinSessionTimeoutMs(100)
                .withOffsetsRetentionMs(10_000);
        coordinator = newCoordinator();
        TopicPartition tp = new TopicPartition("t", 0);
        coordinator.commitOffsets(new CommitRequest("old", "", null, -1, -1, 8, List.of(new CommitEntry(tp, 5, -1, ""))));
        advance(5_000);
        assertThat(coordinator.fetchOffsets(new FetchRequest("old", null, -1, null, false)).offsets()).hasSize(1);
        advance(6_000);
        assertThat(coordinator.fetchOffsets(new FetchRequest("old", null, -1, null, false)).offsets()).isEmpty();
        assertThat(coordinator.listGroups(Set.of(), Set.of())).isEmpty();
        coordinator = newCoordinator();
        assertThat(coordinator.fetchOffsets(new FetchRequest("old", null, -1, null, false)).offsets()).isEmpty();
    }

    @Test
    void listGroupsFiltersByStateAndType() {
        JoinResult a = joinDynamic("g").join();
        syncAsLeader("g", a, Map.of());
        coordinator.commitOffsets(new CommitRequest("simple", "", null, -1, -1, 8,
                List.of(new CommitEntry(new TopicPartition("t", 0), 1, -1, ""))));
        assertThat(coordinator.listGroups(Set.of("stable"), Set.of())).extracting(Groups.GroupListing::groupId)
                .containsExactly("g");
        assertThat(coordinator.listGroups(Set.of("Empty"), Set.of("classic")))
                .extracting(Groups.GroupListing::groupId).containsExactly("simple");
        assertThat(coordinator.listGroups(Set.of(), Set.of("consumer"))).isEmpty();
        JoinRequest otherProtocol = new JoinRequest("g", "", "x", "c", "h", 1000, 1000, "connect",
                List.of(new Protocol("range", new byte[0])), true, true, null);
        assertThat(coordinator.joinGroup(otherProtocol).join().error())
                .isEqualTo(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    }
}
