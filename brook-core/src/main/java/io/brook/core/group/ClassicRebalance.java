package io.brook.core.group;

import static io.brook.core.group.ClassicGroupState.COMPLETING_REBALANCE;
import static io.brook.core.group.ClassicGroupState.EMPTY;
import static io.brook.core.group.ClassicGroupState.PREPARING_REBALANCE;
import static io.brook.core.group.ClassicGroupState.STABLE;

import io.brook.core.error.BrookException;
import io.brook.core.error.ErrorCode;
import io.brook.core.group.CoordinatorRecord.GroupMetadata;
import io.brook.core.group.CoordinatorRecord.GroupMetadataValue;
import io.brook.core.group.CoordinatorRecord.MemberMetadata;
import io.brook.core.group.Groups.JoinResult;
import io.brook.core.group.Groups.SyncResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic groups' rebalance state machine and its timers: PreparingRebalance (with the initial rebalance
 * delay) → CompletingRebalance (join answered, leader elected) → Stable, member session expiry, the
 * rebalance and sync timeouts, member removal, and the group metadata record of a generation. The request
 * side ({@link ClassicGroups}) drives it; the deadlines fire on the coordinator's tick.
 */
final class ClassicRebalance {

    private static final Logger log = LoggerFactory.getLogger(ClassicRebalance.class);

    private final GroupRegistry registry;
    private final GroupConfig config;
    private final DeadlineQueue deadlines;
    private final Map<String, ClassicGroup> groups;

    ClassicRebalance(GroupRegistry registry) {
        this.registry = registry;
        this.config = registry.config;
        this.deadlines = registry.deadlines;
        this.groups = registry.groups;
    }

    private long now() {
        return registry.now();
    }

    private void write(String groupId, List<CoordinatorRecord> records) {
        registry.write(groupId, records);
    }

    static String heartbeatKey(ClassicGroup g, String memberId) {
        return "hb|" + g.groupId + "|" + memberId;
    }

    private static String joinKey(ClassicGroup g) {
        return "join|" + g.groupId;
    }

    private static String syncKey(ClassicGroup g) {
        return "sync|" + g.groupId;
    }

    static String pendingKey(ClassicGroup g, String memberId) {
        return "pending|" + g.groupId + "|" + memberId;
    }

    void scheduleHeartbeat(ClassicGroup group, ClassicMember member) {
        String memberId = member.memberId;
        deadlines.schedule(heartbeatKey(group, memberId), now() + member.sessionTimeoutMs,
                () -> onHeartbeatExpired(group, memberId));
    }

    private void onHeartbeatExpired(ClassicGroup group, String memberId) {
        if (groups.get(group.groupId) != group) {
            return;
        }
        ClassicMember member = group.member(memberId);
        if (member == null) {
            return;
        }
        if (member.isAwaitingJoin() || member.isAwaitingSync()) {
            // A member parked in a join or sync request is alive: the rebalance/sync timeout governs it.
            scheduleHeartbeat(group, member);
            return;
        }
        log.info("Member {} in group {} has failed, removing it from the group (session timeout)", memberId,
                group.groupId);
        removeMemberAndUpdateGroup(group, member, "removing member " + memberId + " on heartbeat expiration");
    }

    void maybePrepareRebalance(ClassicGroup group, String reason) {
        if (group.is(STABLE) || group.is(COMPLETING_REBALANCE) || group.is(EMPTY)) {
            prepareRebalance(group, reason);
        }
    }

    void prepareRebalance(ClassicGroup group, String reason) {
        if (group.is(COMPLETING_REBALANCE)) {
            resetAndPropagateAssignmentWithError(group, ErrorCode.REBALANCE_IN_PROGRESS);
        }
        deadlines.cancel(syncKey(group));
        group.pendingSyncMembers.clear();
        boolean wasEmpty = group.is(EMPTY);
        group.transitionTo(PREPARING_REBALANCE, now());
        log.info("Preparing to rebalance group {} in state PreparingRebalance with old generation {} (reason: {})",
                group.groupId, group.generationId, reason);
        int rebalanceTimeout = group.rebalanceTimeoutMs();
        if (wasEmpty && config.initialRebalanceDelayMs() > 0) {
            int delay = Math.min(config.initialRebalanceDelayMs(), rebalanceTimeout);
            group.initialDelayActive = true;
            group.newMemberAdded = false;
            group.initialDelayRemainingMs = Math.max(rebalanceTimeout - config.initialRebalanceDelayMs(), 0);
            deadlines.schedule(joinKey(group), now() + delay, () -> onInitialDelayExpired(group));
        } else {
            group.initialDelayActive = false;
            deadlines.schedule(joinKey(group), now() + rebalanceTimeout, () -> completeJoin(group));
            // As Kafka's maybeCompleteJoinElseSchedule: when every remaining member has already joined (in
            // particular when the last member just left), the join phase completes now, not at the next tick,
            // so a DescribeGroups/DeleteGroups right after the last LeaveGroup already sees an Empty group.
            maybeCompleteJoin(group);
        }
    }

    private void onInitialDelayExpired(ClassicGroup group) {
        if (group.newMemberAdded && group.initialDelayRemainingMs > 0) {
            group.newMemberAdded = false;
            int delay = Math.min(config.initialRebalanceDelayMs(), group.initialDelayRemainingMs);
            group.initialDelayRemainingMs = Math.max(group.initialDelayRemainingMs - config.initialRebalanceDelayMs(), 0);
            deadlines.schedule(joinKey(group), now() + delay, () -> onInitialDelayExpired(group));
        } else {
            group.initialDelayActive = false;
            completeJoin(group);
        }
    }

    void maybeCompleteJoin(ClassicGroup group) {
        if (group.is(PREPARING_REBALANCE) && !group.initialDelayActive && group.hasAllMembersJoined()) {
            completeJoin(group);
        }
    }

    void resetAndPropagateAssignmentWithError(ClassicGroup group, ErrorCode error) {
        for (ClassicMember m : group.members.values()) {
            m.assignment = new byte[0];
            m.completeSync(SyncResult.error(error));
        }
    }

    private void completeJoin(ClassicGroup group) {
        deadlines.cancel(joinKey(group));
        group.initialDelayActive = false;
        if (!group.is(PREPARING_REBALANCE) || groups.get(group.groupId) != group) {
            return;
        }
        for (ClassicMember m : new ArrayList<>(group.members.values())) {
            if (!m.isAwaitingJoin() && !m.isStatic()) {
                log.info("Group {} removes member {} that did not rejoin before the rebalance timeout",
                        group.groupId, m.memberId);
                group.remove(m.memberId);
                deadlines.cancel(heartbeatKey(group, m.memberId));
            }
        }
        if (!group.maybeElectNewJoinedLeader() && !group.members.isEmpty()) {
            log.warn("Group {} could not complete rebalance because no members rejoined", group.groupId);
            deadlines.schedule(joinKey(group), now() + group.rebalanceTimeoutMs(), () -> completeJoin(group));
            return;
        }
        group.generationId++;
        if (group.members.isEmpty()) {
            group.protocolName = null;
            group.transitionTo(EMPTY, now());
            group.leaderId = null;
            try {
                write(group.groupId, List.of(groupMetadataRecord(group, null)));
            } catch (BrookException e) {
                log.warn("Could not persist empty group {}: {}", group.groupId, e.getMessage());
            }
            log.info("Group {} with generation {} is now empty", group.groupId, group.generationId);
            return;
        }
        group.protocolName = group.selectProtocol();
        group.transitionTo(COMPLETING_REBALANCE, now());
        log.info("Stabilized group {} generation {} with {} members", group.groupId, group.generationId,
                group.members.size());
        for (ClassicMember m : group.members.values()) {
            if (!m.isAwaitingJoin()) {
                continue;
            }
            boolean leader = group.isLeader(m.memberId);
            m.completeJoin(new JoinResult(ErrorCode.NONE, group.generationId, group.protocolType, group.protocolName,
                    group.leaderId, false, m.memberId, leader ? group.currentMemberMetadata() : List.of()));
            m.isNew = false;
            scheduleHeartbeat(group, m);
            group.pendingSyncMembers.add(m.memberId);
        }
        int generation = group.generationId;
        deadlines.schedule(syncKey(group), now() + group.rebalanceTimeoutMs(), () -> onSyncExpired(group, generation));
    }

    private void onSyncExpired(ClassicGroup group, int generation) {
        if (groups.get(group.groupId) != group || group.generationId != generation) {
            return;
        }
        if ((group.is(COMPLETING_REBALANCE) || group.is(STABLE)) && !group.pendingSyncMembers.isEmpty()) {
            log.info("Group {} removes members {} that did not sync in time", group.groupId, group.pendingSyncMembers);
            for (String memberId : new ArrayList<>(group.pendingSyncMembers)) {
                ClassicMember m = group.remove(memberId);
                if (m != null) {
                    deadlines.cancel(heartbeatKey(group, memberId));
                    m.completeSync(SyncResult.error(ErrorCode.UNKNOWN_MEMBER_ID));
                }
            }
            group.pendingSyncMembers.clear();
            maybePrepareRebalance(group, "members failed to sync within the rebalance timeout");
            maybeCompleteJoin(group);
        }
    }

    void removeMemberAndUpdateGroup(ClassicGroup group, ClassicMember member, String reason) {
        group.remove(member.memberId);
        deadlines.cancel(heartbeatKey(group, member.memberId));
        member.completeJoin(JoinResult.error(ErrorCode.UNKNOWN_MEMBER_ID, member.memberId));
        member.completeSync(SyncResult.error(ErrorCode.UNKNOWN_MEMBER_ID));
        switch (group.state) {
            case STABLE, COMPLETING_REBALANCE -> prepareRebalance(group, reason);
            case PREPARING_REBALANCE -> maybeCompleteJoin(group);
            default -> {
            }
        }
    }

    GroupMetadata groupMetadataRecord(ClassicGroup group, Map<String, byte[]> assignment) {
        List<MemberMetadata> members = new ArrayList<>();
        for (ClassicMember m : group.members.values()) {
            byte[] a = assignment != null ? assignment.getOrDefault(m.memberId, new byte[0]) : m.assignment;
            members.add(new MemberMetadata(m.memberId, m.groupInstanceId, m.clientId, m.clientHost,
                    m.rebalanceTimeoutMs, m.sessionTimeoutMs,
                    group.protocolName == null ? new byte[0] : m.metadata(group.protocolName), a));
        }
        return new GroupMetadata(group.groupId, new GroupMetadataValue(
                group.protocolType == null ? "" : group.protocolType, group.generationId, group.protocolName,
                group.leaderId, group.currentStateTimestamp, members));
    }
}
