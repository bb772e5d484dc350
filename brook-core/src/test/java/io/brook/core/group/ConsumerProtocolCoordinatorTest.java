package io.brook.core.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.core.error.ErrorCode;
import io.brook.core.group.ConsumerGroups.Description;
import io.brook.core.group.ConsumerGroups.HeartbeatRequest;
import io.brook.core.group.ConsumerGroups.HeartbeatResult;
import io.brook.core.group.GroupCoordinatorTest.FakeClock;
import io.brook.core.group.GroupCoordinatorTest.MemoryLog;
import io.brook.core.group.Groups.CommitEntry;
import io.brook.core.group.Groups.CommitRequest;
import io.brook.core.group.Groups.GroupListing;
import io.brook.core.group.Groups.JoinRequest;
import io.brook.core.group.Groups.Protocol;
import io.brook.core.group.TopicCatalog.TopicInfo;
import io.brook.core.partition.TopicPartition;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** KIP-848 consumer groups driven by a fake clock, a hand-made topic catalogue and an in-memory log. */
class ConsumerProtocolCoordinatorTest {

    /** Topics the test creates and grows by hand. */
    static final class Catalog implements TopicCatalog {
        final Map<String, TopicInfo> topics = new TreeMap<>();

        UUID add(String name, int partitions) {
            UUID id = topics.containsKey(name) ? topics.get(name).id()
                    : UUID.nameUUIDFromBytes(name.getBytes());
            topics.put(name, new TopicInfo(name, id, partitions));
            return id;
        }

        @Override
        public Optional<TopicInfo> topic(String name) {
            return Optional.ofNullable(topics.get(name));
        }

        @Override
        public Optional<TopicInfo> topic(UUID id) {
            return topics.values().stream().filter(t -> t.id().equals(id)).findFirst();
        }

        @Override
        public Collection<String> names() {
            return topics.keySet();
        }
    }

    static final int SESSION_TIMEOUT = 45_000;
    static final int REBALANCE_TIMEOUT = 10_000;

    FakeClock clock;
    MemoryLog memoryLog;
    Catalog catalog;
    GroupCoordinator coordinator;
    UUID t;

    @BeforeEach
    void setUp() {
        clock = new FakeClock();
        memoryLog = new MemoryLog();
        catalog = new Catalog();
        t = catalog.add("t", 4);
        coordinator = newCoordinator();
    }

    private GroupCoordinator newCoordinator() {
        GroupConfig c = new GroupConfig(3, 0, 100, 1_800_000, Integer.MAX_VALUE, 7L * 24 * 3600 * 1000, 600_000,
                4096, 5000, SESSION_TIMEOUT);
        GroupCoordinator gc = new GroupCoordinator(c, memoryLog, bytes -> Set.of(new String(bytes)), catalog, clock);
        for (int p = 0; p < 3; p++) {
            gc.load(p, memoryLog.read(p));
        }
        return gc;
    }

    private void advance(long ms) {
        clock.now += ms;
        coordinator.tick();
    }

    private HeartbeatResult join(String group, String member, String... topics) {
        return heartbeat(new HeartbeatRequest(group, member, 0, null, null, REBALANCE_TIMEOUT, List.of(topics), null,
                null, Map.of(), "client", "/127.0.0.1", 1));
    }

    private HeartbeatResult joinStatic(String group, String member, String instance) {
        return heartbeat(new HeartbeatRequest(group, member, 0, instance, null, REBALANCE_TIMEOUT, List.of("t"), null,
                null, Map.of(), "client", "/127.0.0.1", 1));
    }

    /** A regular heartbeat: only the epoch and the owned partitions (null: not sent). */
    private HeartbeatResult beat(String group, String member, int epoch, Map<UUID, Set<Integer>> owned) {
        return heartbeat(new HeartbeatRequest(group, member, epoch, null, null, -1, null, null, null, owned,
                "client", "/127.0.0.1", 1));
    }

    private HeartbeatResult heartbeat(HeartbeatRequest request) {
        return coordinator.consumerGroups().heartbeat(request);
    }

    private Map<UUID, Set<Integer>> parts(Integer... partitions) {
        return Map.of(t, Set.of(partitions));
    }

    private Description describe(String group) {
        return coordinator.consumerGroups().describe(List.of(group)).get(0);
    }

    // ------------------------------------------------------------------ joining and reconciliation

    @Test
    void theFirstMemberGetsEveryPartitionAtEpochOne() {
        HeartbeatResult r = join("g", "a", "t");
        assertThat(r.error()).isEqualTo(ErrorCode.NONE);
        assertThat(r.memberId()).isEqualTo("a");
        assertThat(r.memberEpoch()).isEqualTo(1);
        assertThat(r.heartbeatIntervalMs()).isEqualTo(5000);
        assertThat(r.assignment()).isEqualTo(parts(0, 1, 2, 3));
        assertThat(describe("g").state()).isEqualTo("Stable");
        // An unchanged heartbeat sends no assignment.
        assertThat(beat("g", "a", 1, null).assignment()).isNull();
    }

    @Test
    void aPartitionMovesToItsNewOwnerOnlyAfterThePreviousOwnerRevokedIt() {
        join("g", "a", "t");
        HeartbeatResult b = join("g", "b", "t");
        // b's target is two of a's partitions: it enters epoch 2 but gets nothing while a owns them.
        assertThat(b.memberEpoch()).isEqualTo(2);
        assertThat(b.assignment()).isEmpty();
        assertThat(describe("g").state()).isEqualTo("Reconciling");

        // a still reports all four: it must revoke two and stays in epoch 1 meanwhile.
        HeartbeatResult a = beat("g", "a", 1, parts(0, 1, 2, 3));
        assertThat(a.memberEpoch()).isEqualTo(1);
        Set<Integer> kept = a.assignment().get(t);
        assertThat(kept).hasSize(2);
        assertThat(beat("g", "b", 2, Map.of()).assignment()).isNull();

        // a acknowledges the revocation (owns only what it kept): it moves to epoch 2.
        a = beat("g", "a", 1, Map.of(t, kept));
        assertThat(a.memberEpoch()).isEqualTo(2);
        assertThat(a.assignment()).isNull();

        // Now b gets the released partitions.
        b = beat("g", "b", 2, Map.of());
        assertThat(b.assignment().get(t)).hasSize(2).doesNotContainAnyElementsOf(kept);
        assertThat(describe("g").state()).isEqualTo("Stable");
    }

    @Test
    void withoutOwnedPartitionsTheCoordinatorAssumesTheMemberStillOwnsThem() {
        join("g", "a", "t");
        join("g", "b", "t");
        assertThat(beat("g", "a", 1, null).memberEpoch()).isEqualTo(1);
        assertThat(beat("g", "a", 1, null).memberEpoch()).isEqualTo(1);
    }

    @Test
    void epochsAheadOrBehindAreFencedButThePreviousEpochIsAcceptedOnce() {
        join("g", "a", "t");
        assertThat(beat("g", "a", 5, null).error()).isEqualTo(ErrorCode.FENCED_MEMBER_EPOCH);
        join("g", "b", "t");
        beat("g", "a", 1, parts(0, 1, 2, 3));
        Set<Integer> kept = describe("g").members().stream().filter(m -> m.memberId().equals("a")).findFirst()
                .orElseThrow().assignment().get(t);
        assertThat(beat("g", "a", 1, Map.of(t, kept)).memberEpoch()).isEqualTo(2);
        // The response with epoch 2 got lost: epoch 1 with a subset of the assignment is still accepted.
        assertThat(beat("g", "a", 1, Map.of(t, kept)).error()).isEqualTo(ErrorCode.NONE);
        assertThat(beat("g", "a", 0, null).error()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(beat("g", "unknown", 2, null).error()).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        assertThat(beat("nogroup", "a", 2, null).error()).isEqualTo(ErrorCode.GROUP_ID_NOT_FOUND);
    }

    @Test
    void invalidRequestsAreRejected() {
        assertThat(heartbeat(new HeartbeatRequest("g", "", 0, null, null, 1000, List.of("t"), null, null, Map.of(),
                "c", "h", 1)).error()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(heartbeat(new HeartbeatRequest("g", "a", 0, null, null, -1, List.of("t"), null, null, Map.of(),
                "c", "h", 1)).error()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(heartbeat(new HeartbeatRequest("g", "a", 0, null, null, 1000, List.of("t"), null, "sticky",
                Map.of(), "c", "h", 1)).error()).isEqualTo(ErrorCode.UNSUPPORTED_ASSIGNOR);
        assertThat(heartbeat(new HeartbeatRequest("g", "a", 0, null, null, 1000, null, "[", null, Map.of(), "c",
                "h", 1)).error()).isEqualTo(ErrorCode.INVALID_REGULAR_EXPRESSION);
        // v0: the coordinator names the member.
        HeartbeatResult v0 = heartbeat(new HeartbeatRequest("g", "", 0, null, null, 1000, List.of("t"), null, null,
                Map.of(), "c", "h", 0));
        assertThat(v0.error()).isEqualTo(ErrorCode.NONE);
        assertThat(v0.memberId()).isNotEmpty();
    }

    // ------------------------------------------------------------------ leaving and fencing

    @Test
    void aMemberThatStopsHeartbeatingIsFencedAfterTheSessionTimeout() {
        join("g", "a", "t");
        join("g", "b", "t");
        Set<Integer> kept = beat("g", "a", 1, parts(0, 1, 2, 3)).assignment().get(t);
        beat("g", "a", 1, Map.of(t, kept));
        beat("g", "b", 2, Map.of());
        assertThat(describe("g").members()).hasSize(2);

        advance(SESSION_TIMEOUT - 5000);
        beat("g", "a", 2, null);
        advance(5001);
        // b was silent for the whole session timeout: fenced, and the group epoch moves on.
        assertThat(describe("g").members()).extracting(ConsumerGroups.MemberDescription::memberId)
                .containsExactly("a");
        assertThat(describe("g").groupEpoch()).isEqualTo(3);
        HeartbeatResult a = beat("g", "a", 2, Map.of(t, kept));
        assertThat(a.memberEpoch()).isEqualTo(3);
        assertThat(a.assignment()).isEqualTo(parts(0, 1, 2, 3));
        assertThat(beat("g", "b", 2, null).error()).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aMemberThatDoesNotRevokeWithinTheRebalanceTimeoutIsFenced() {
        join("g", "a", "t");
        join("g", "b", "t");
        beat("g", "a", 1, parts(0, 1, 2, 3));
        advance(REBALANCE_TIMEOUT - 1);
        beat("g", "b", 2, Map.of());
        assertThat(describe("g").members()).hasSize(2);
        advance(1);
        assertThat(describe("g").members()).extracting(ConsumerGroups.MemberDescription::memberId)
                .containsExactly("b");
        HeartbeatResult b = beat("g", "b", 2, Map.of());
        assertThat(b.memberEpoch()).isEqualTo(3);
        assertThat(b.assignment()).isEqualTo(parts(0, 1, 2, 3));
    }

    @Test
    void aLeavingMemberFreesItsPartitionsAtOnce() {
        join("g", "a", "t");
        join("g", "b", "t");
        HeartbeatResult leave = beat("g", "a", -1, null);
        assertThat(leave.error()).isEqualTo(ErrorCode.NONE);
        assertThat(leave.memberEpoch()).isEqualTo(-1);
        HeartbeatResult b = beat("g", "b", 2, Map.of());
        assertThat(b.memberEpoch()).isEqualTo(3);
        assertThat(b.assignment()).isEqualTo(parts(0, 1, 2, 3));
        assertThat(beat("g", "a", -1, null).error()).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aStaticMemberThatLeavesTemporarilyGetsItsPartitionsBackWithoutARebalance() {
        joinStatic("g", "a1", "ia");
        join("g", "b", "t");
        Set<Integer> kept = heartbeat(new HeartbeatRequest("g", "a1", 1, "ia", null, -1, null, null, null,
                parts(0, 1, 2, 3), "client", "h", 1)).assignment().get(t);
        heartbeat(new HeartbeatRequest("g", "a1", 1, "ia", null, -1, null, null, null, Map.of(t, kept), "c", "h", 1));
        beat("g", "b", 2, Map.of());
        int epoch = describe("g").groupEpoch();

        HeartbeatResult away = heartbeat(new HeartbeatRequest("g", "a1", -2, "ia", null, -1, null, null, null, null,
                "c", "h", 1));
        assertThat(away.memberEpoch()).isEqualTo(-2);
        // Its partitions stay reserved: b does not get them.
        assertThat(beat("g", "b", 2, Map.of()).assignment()).isNull();

        // The same instance is back with a new member id: same partitions, same epoch, no new group epoch.
        HeartbeatResult back = joinStatic("g", "a2", "ia");
        assertThat(back.error()).isEqualTo(ErrorCode.NONE);
        assertThat(back.memberEpoch()).isEqualTo(epoch);
        assertThat(back.assignment()).isEqualTo(Map.of(t, kept));
        assertThat(describe("g").groupEpoch()).isEqualTo(epoch);
        assertThat(describe("g").members()).extracting(ConsumerGroups.MemberDescription::memberId)
                .containsExactlyInAnyOrder("a2", "b");
        // A second instance with the same id while a2 is active is refused.
        assertThat(joinStatic("g", "a3", "ia").error()).isEqualTo(ErrorCode.UNRELEASED_INSTANCE_ID);
        assertThat(heartbeat(new HeartbeatRequest("g", "a1", epoch, "ia", null, -1, null, null, null, null, "c", "h",
                1)).error()).isEqualTo(ErrorCode.FENCED_INSTANCE_ID);
    }

    @Test
    void aStaticMemberThatDoesNotComeBackIsFencedAfterTheSessionTimeout() {
        joinStatic("g", "a1", "ia");
        heartbeat(new HeartbeatRequest("g", "a1", -2, "ia", null, -1, null, null, null, null, "c", "h", 1));
        advance(SESSION_TIMEOUT);
        assertThat(describe("g").state()).isEqualTo("Empty");
    }

    // ------------------------------------------------------------------ metadata and subscriptions

    @Test
    void newPartitionsBumpTheGroupEpochAndAreAssigned() {
        join("g", "a", "t");
        catalog.add("t", 6);
        HeartbeatResult a = beat("g", "a", 1, null);
        assertThat(a.memberEpoch()).isEqualTo(2);
        assertThat(a.assignment()).isEqualTo(parts(0, 1, 2, 3, 4, 5));
    }

    @Test
    void aRegularExpressionSubscribesToMatchingTopicsIncludingNewOnes() {
        UUID orders = catalog.add("orders-eu", 1);
        catalog.add("payments", 1);
        HeartbeatResult a = heartbeat(new HeartbeatRequest("g", "a", 0, null, null, 1000, null, "orders-.*", null,
                Map.of(), "c", "h", 1));
        assertThat(a.assignment()).isEqualTo(Map.of(orders, Set.of(0)));
        UUID us = catalog.add("orders-us", 2);
        a = beat("g", "a", 1, null);
        assertThat(a.memberEpoch()).isEqualTo(2);
        assertThat(a.assignment()).isEqualTo(Map.of(orders, Set.of(0), us, Set.of(0, 1)));
        assertThat(coordinator.consumerGroups().subscribedTopics("g")).containsExactly("orders-eu", "orders-us");
    }

    @Test
    void aMemberChangingItsSubscriptionRevokesTheTopicsItLeft() {
        UUID u = catalog.add("u", 1);
        join("g", "a", "t", "u");
        HeartbeatResult a = heartbeat(new HeartbeatRequest("g", "a", 1, null, null, -1, List.of("u"), null, null,
                Map.of(t, Set.of(0, 1, 2, 3), u, Set.of(0)), "c", "h", 1));
        assertThat(a.memberEpoch()).isEqualTo(1);
        assertThat(a.assignment()).isEqualTo(Map.of(u, Set.of(0)));
        a = beat("g", "a", 1, Map.of(u, Set.of(0)));
        assertThat(a.memberEpoch()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ assignors

    @Test
    void theRangeAssignorGivesConsecutiveRangesAndIsChosenByTheMembers() {
        catalog.add("t", 5);
        heartbeat(new HeartbeatRequest("g", "a", 0, null, null, 1000, List.of("t"), null, "range", Map.of(), "c", "h",
                1));
        heartbeat(new HeartbeatRequest("g", "b", 0, null, null, 1000, List.of("t"), null, "range", Map.of(), "c", "h",
                1));
        Description d = describe("g");
        assertThat(d.assignorName()).isEqualTo("range");
        assertThat(d.members()).extracting(ConsumerGroups.MemberDescription::targetAssignment)
                .containsExactly(Map.of(t, Set.of(0, 1, 2)), Map.of(t, Set.of(3, 4)));
    }

    @Test
    void theUniformAssignorBalancesAndKeepsPartitionsWhereTheyWere() {
        UUID x = UUID.randomUUID();
        UUID y = UUID.randomUUID();
        SortedMap<String, Set<UUID>> subs = new TreeMap<>(Map.of("a", Set.of(x, y), "b", Set.of(x, y)));
        Map<UUID, Integer> counts = Map.of(x, 3, y, 3);
        Map<String, Map<UUID, Set<Integer>>> first = ConsumerAssignor.UNIFORM.assign(
                new ConsumerAssignor.Spec(subs, counts, Map.of()));
        assertThat(first.values()).allMatch(a -> Assignments.size(a) == 3);

        subs.put("c", Set.of(x, y));
        Map<String, Map<UUID, Set<Integer>>> second = ConsumerAssignor.UNIFORM.assign(
                new ConsumerAssignor.Spec(subs, counts, first));
        assertThat(second.values()).allMatch(a -> Assignments.size(a) == 2);
        for (String m : List.of("a", "b")) {
            second.get(m).forEach((topic, ps) -> assertThat(first.get(m).get(topic)).containsAll(ps));
        }
        // Heterogeneous: c only subscribes to y and still gets its share of y.
        subs.put("c", Set.of(y));
        Map<String, Map<UUID, Set<Integer>>> third = ConsumerAssignor.UNIFORM.assign(
                new ConsumerAssignor.Spec(subs, counts, Map.of()));
        assertThat(third.get("c").keySet()).containsOnly(y);
        assertThat(third.values()).allMatch(a -> Assignments.size(a) == 2);
    }

    // ------------------------------------------------------------------ persistence and group types

    @Test
    void aRestartRebuildsTheGroupFromItsRecords() {
        join("g", "a", "t");
        join("g", "b", "t");
        Set<Integer> kept = beat("g", "a", 1, parts(0, 1, 2, 3)).assignment().get(t);
        Description before = describe("g");

        coordinator = newCoordinator();
        Description after = describe("g");
        assertThat(after).isEqualTo(before);
        assertThat(after.state()).isEqualTo("Reconciling");
        // Reconciliation carries on where it was.
        assertThat(beat("g", "a", 1, Map.of(t, kept)).memberEpoch()).isEqualTo(2);
        assertThat(beat("g", "b", 2, Map.of()).assignment().get(t)).hasSize(2);
        // Loaded members get a fresh session timeout.
        advance(SESSION_TIMEOUT);
        assertThat(describe("g").state()).isEqualTo("Empty");
    }

    @Test
    void offsetCommitsNeedTheMembersCurrentEpoch() {
        join("g", "a", "t");
        TopicPartition tp = new TopicPartition("t", 0);
        assertThat(commit("g", "a", 1, 9).error()).isEqualTo(ErrorCode.NONE);
        assertThat(commit("g", "a", 0, 9).error()).isEqualTo(ErrorCode.STALE_MEMBER_EPOCH);
        assertThat(commit("g", "x", 1, 9).error()).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        assertThat(commit("g", "a", 1, 8).error()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
        assertThat(commit("g", "", -1, 9).error()).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        beat("g", "a", -1, null);
        // An empty group takes commits from outside (admin).
        assertThat(commit("g", "", -1, 9).error()).isEqualTo(ErrorCode.NONE);
        assertThat(coordinator.fetchOffsets(new Groups.FetchRequest("g", null, -1, List.of(tp), false)).offsets()
                .get(tp).offset()).isEqualTo(5);
    }

    private Groups.CommitResult commit(String group, String member, int epoch, int version) {
        return coordinator.commitOffsets(new CommitRequest(group, member, null, epoch, -1, version,
                List.of(new CommitEntry(new TopicPartition("t", 0), 5, -1, ""))));
    }

    @Test
    void aGroupIsEitherClassicOrConsumer() {
        join("g", "a", "t");
        JoinRequest classicJoin = new JoinRequest("g", "", null, "client", "/h", 1000, 5000, "consumer",
                List.of(new Protocol("range", "t".getBytes())), false, true, null);
        assertThat(coordinator.joinGroup(classicJoin).join().error()).isEqualTo(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
        assertThat(coordinator.listGroups(Set.of(), Set.of("consumer"))).extracting(GroupListing::groupId)
                .containsExactly("g");
        assertThat(coordinator.describeGroup("g").found()).isFalse();

        // Once empty, a classic member may take the group over (offsets stay)...
        commit("g", "a", 1, 9);
        beat("g", "a", -1, null);
        assertThat(coordinator.joinGroup(classicJoin).join().error()).isEqualTo(ErrorCode.NONE);
        assertThat(coordinator.listGroups(Set.of(), Set.of("classic"))).extracting(GroupListing::groupId)
                .containsExactly("g");
        assertThat(describe("g").error()).isEqualTo(ErrorCode.GROUP_ID_NOT_FOUND);
        assertThat(join("g", "b", "t").error()).isEqualTo(ErrorCode.GROUP_ID_NOT_FOUND);

        // ...and a classic group that is empty again turns back into a consumer group.
        advance(2000);
        assertThat(coordinator.listGroups(Set.of(), Set.of()).get(0).state()).isEqualTo("Empty");
        assertThat(join("g", "b", "t").error()).isEqualTo(ErrorCode.NONE);
        TopicPartition tp = new TopicPartition("t", 0);
        assertThat(coordinator.fetchOffsets(new Groups.FetchRequest("g", null, -1, List.of(tp), false)).offsets()
                .get(tp).offset()).isEqualTo(5);
        coordinator = newCoordinator();
        assertThat(coordinator.listGroups(Set.of(), Set.of()))
                .containsExactly(new GroupListing("g", "consumer", "Stable", "consumer"));
    }

    @Test
    void deletingAnEmptyConsumerGroupRemovesItsRecords() {
        join("g", "a", "t");
        assertThat(coordinator.deleteGroups(List.of("g"))).containsEntry("g", ErrorCode.NON_EMPTY_GROUP);
        beat("g", "a", -1, null);
        assertThat(coordinator.deleteGroups(List.of("g"))).containsEntry("g", ErrorCode.NONE);
        assertThat(describe("g").error()).isEqualTo(ErrorCode.GROUP_ID_NOT_FOUND);
        coordinator = newCoordinator();
        assertThat(coordinator.listGroups(Set.of(), Set.of())).isEmpty();
    }

    @Test
    void theRetentionCheckDeletesEmptyGroupsWithoutOffsets() {
        join("kept", "a", "t");
        commit("kept", "a", 1, 9);
        beat("kept", "a", -1, null);
        join("gone", "b", "t");
        beat("gone", "b", -1, null);
        join("active", "c", "t");
        for (int i = 0; i < 130; i++) {
            advance(5000);
            beat("active", "c", 1, null);
        }
        assertThat(coordinator.listGroups(Set.of(), Set.of())).extracting(GroupListing::groupId)
                .containsExactly("active", "kept");
    }

    @Test
    void aFailedWriteLeavesTheGroupUnchanged() {
        join("g", "a", "t");
        Description before = describe("g");
        CoordinatorLog failing = new MemoryLog() {
            @Override
            public long append(int partition, List<CoordinatorRecord> records) {
                throw new io.brook.core.error.BrookException(ErrorCode.NOT_LEADER_OR_FOLLOWER, "moved");
            }
        };
        GroupConfig c = coordinator.config();
        GroupCoordinator broken = new GroupCoordinator(c, failing, b -> Set.of(), catalog, clock);
        for (int p = 0; p < 3; p++) {
            broken.load(p, memoryLog.read(p));
        }
        HeartbeatResult r = broken.consumerGroups().heartbeat(new HeartbeatRequest("g", "b", 0, null, null, 1000,
                List.of("t"), null, null, Map.of(), "c", "h", 1));
        assertThat(r.error()).isEqualTo(ErrorCode.NOT_COORDINATOR);
        assertThat(broken.consumerGroups().describe(List.of("g")).get(0)).isEqualTo(before);
        assertThat(broken.consumerGroups().heartbeat(new HeartbeatRequest("new", "b", 0, null, null, 1000,
                List.of("t"), null, null, Map.of(), "c", "h", 1)).error()).isEqualTo(ErrorCode.NOT_COORDINATOR);
        assertThat(broken.listGroups(Set.of(), Set.of())).extracting(GroupListing::groupId).containsExactly("g");
    }

}
