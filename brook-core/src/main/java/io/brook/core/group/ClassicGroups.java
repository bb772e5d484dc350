package io.brook.core.group;

import static io.brook.core.group.ClassicGroupState.COMPLETING_REBALANCE;
import static io.brook.core.group.ClassicGroupState.DEAD;
import static io.brook.core.group.ClassicGroupState.EMPTY;
import static io.brook.core.group.ClassicGroupState.PREPARING_REBALANCE;
import static io.brook.core.group.ClassicGroupState.STABLE;

import io.brook.core.error.BrookException;
import io.brook.core.error.ErrorCode;
import io.brook.core.group.Groups.GroupDescription;
import io.brook.core.group.Groups.JoinRequest;
import io.brook.core.group.Groups.JoinResult;
import io.brook.core.group.Groups.LeaveMemberResult;
import io.brook.core.group.Groups.LeaveResult;
import io.brook.core.group.Groups.MemberDescription;
import io.brook.core.group.Groups.MemberIdentity;
import io.brook.core.group.Groups.Protocol;
import io.brook.core.group.Groups.SyncRequest;
import io.brook.core.group.Groups.SyncResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic rebalance protocol's requests (JoinGroup / SyncGroup / Heartbeat / LeaveGroup / DescribeGroups) on
 * {@link ClassicGroup}s, after Kafka's GroupMetadataManager: member ids and MEMBER_ID_REQUIRED, static
 * membership, group.max.size, protocol checks, storing the leader's assignment. The rebalance state machine
 * and its timers are {@link ClassicRebalance}.
 */
final class ClassicGroups {

    private static final Logger log = LoggerFactory.getLogger(ClassicGroups.class);
    static final String CONSUMER_PROTOCOL_TYPE = "consumer";

    private final GroupRegistry registry;
    private final Object lock;
    private final GroupConfig config;
    private final DeadlineQueue deadlines;
    private final Map<String, ClassicGroup> groups;
    private final SubscriptionParser subscriptions;
    private final ConsumerGroups consumerGroups;
    private final ClassicRebalance rebalance;

    ClassicGroups(GroupRegistry registry, SubscriptionParser subscriptions, ConsumerGroups consumerGroups) {
        this.registry = registry;
        this.lock = registry.lock;
        this.config = registry.config;
        this.deadlines = registry.deadlines;
        this.groups = registry.groups;
        this.subscriptions = subscriptions;
        this.consumerGroups = consumerGroups;
        this.rebalance = new ClassicRebalance(registry);
    }

    /** A request from a live member restarts its session timeout. */
    void scheduleHeartbeat(ClassicGroup group, ClassicMember member) {
        rebalance.scheduleHeartbeat(group, member);
    }

    private long now() {
        return registry.now();
    }

    private ErrorCode coordinatorError(String groupId) {
        return registry.coordinatorError(groupId);
    }

    private void write(String groupId, List<CoordinatorRecord> records) {
        registry.write(groupId, records);
    }

    /** Loaded members get a fresh session timeout, as in Kafka. */
    void onLoaded(int partition) {
        for (ClassicGroup group : groups.values()) {
            if (registry.partitionFor(group.groupId) == partition) {
                for (ClassicMember m : group.members.values()) {
                    rebalance.scheduleHeartbeat(group, m);
                }
            }
        }
    }







    // ------------------------------------------------------------------ JoinGroup

    public CompletableFuture<JoinResult> joinGroup(JoinRequest request) {
        CompletableFuture<JoinResult> future = new CompletableFuture<>();
        synchronized (lock) {
            try {
                doJoin(request, future);
            } catch (BrookException e) {
                future.complete(JoinResult.error(e.error(), request.memberId()));
            }
        }
        return future;
    }

    private void doJoin(JoinRequest request, CompletableFuture<JoinResult> future) {
        String groupId = request.groupId();
        if (groupId == null || groupId.isEmpty()) {
            future.complete(JoinResult.error(ErrorCode.INVALID_GROUP_ID, request.memberId()));
            return;
        }
        ErrorCode notCoordinator = coordinatorError(groupId);
        if (notCoordinator != null) {
            future.complete(JoinResult.error(notCoordinator, request.memberId()));
            return;
        }
        if (request.sessionTimeoutMs() < config.minSessionTimeoutMs()
                || request.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
            future.complete(JoinResult.error(ErrorCode.INVALID_SESSION_TIMEOUT, request.memberId()));
            return;
        }
        if (consumerGroups.exists(groupId)) {
            // A consumer-protocol group: only an empty one may turn into a classic group (Kafka 4's downgrade).
            ErrorCode error = consumerGroups.isEmpty(groupId) ? consumerGroups.deleteEmptyForClassicJoin(groupId)
                    : ErrorCode.INCONSISTENT_GROUP_PROTOCOL;
            if (error != null) {
                future.complete(JoinResult.error(error, request.memberId()));
                return;
            }
        }
        boolean unknownMember = request.memberId().isEmpty();
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            if (!unknownMember) {
                future.complete(JoinResult.error(ErrorCode.UNKNOWN_MEMBER_ID, request.memberId()));
                return;
            }
            group = new ClassicGroup(groupId, now());
            groups.put(groupId, group);
        }
        if (!acceptJoiningMember(group, request.memberId())) {
            future.complete(JoinResult.error(ErrorCode.GROUP_MAX_SIZE_REACHED, request.memberId()));
            return;
        }
        if (unknownMember) {
            joinNewMember(group, request, future);
        } else {
            joinExistingMember(group, request, future);
        }
    }

    private boolean acceptJoiningMember(ClassicGroup group, String memberId) {
        return switch (group.state) {
            case EMPTY, DEAD -> true;
            case PREPARING_REBALANCE -> (group.has(memberId) && group.member(memberId).isAwaitingJoin())
                    || group.numAwaitingJoin() < config.maxSize();
            case COMPLETING_REBALANCE, STABLE -> group.has(memberId) || group.members.size() < config.maxSize();
        };
    }

    private void joinNewMember(ClassicGroup group, JoinRequest request, CompletableFuture<JoinResult> future) {
        if (group.is(DEAD)) {
            future.complete(JoinResult.error(ErrorCode.COORDINATOR_NOT_AVAILABLE, request.memberId()));
            return;
        }
        if (!group.supportsProtocols(request.protocolType(), request.protocols())) {
            future.complete(JoinResult.error(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, request.memberId()));
            return;
        }
        String newMemberId = (request.clientId() == null ? "" : request.clientId()) + "-" + UUID.randomUUID();
        if (request.groupInstanceId() != null) {
            String oldMemberId = group.staticMembers.get(request.groupInstanceId());
            if (oldMemberId != null) {
                log.info("Static member {} of group {} with unknown member id rejoins, assigning {} as its new id",
                        request.groupInstanceId(), group.groupId, newMemberId);
                updateStaticMemberAndRebalance(group, oldMemberId, newMemberId, request, future);
            } else {
                addMemberAndRebalance(group, newMemberId, request, future);
            }
        } else if (request.requireKnownMemberId()) {
            group.pendingMembers.add(newMemberId);
            String key = ClassicRebalance.pendingKey(group, newMemberId);
            deadlines.schedule(key, now() + request.sessionTimeoutMs(), () -> {
                if (group.pendingMembers.remove(newMemberId)) {
                    log.info("Pending member {} in group {} has been removed after session timeout expiration",
                            newMemberId, group.groupId);
                    rebalance.maybeCompleteJoin(group);
                }
            });
            future.complete(new JoinResult(ErrorCode.MEMBER_ID_REQUIRED, -1, null, null, "", false, newMemberId,
                    List.of()));
        } else {
            addMemberAndRebalance(group, newMemberId, request, future);
        }
    }

    private void joinExistingMember(ClassicGroup group, JoinRequest request, CompletableFuture<JoinResult> future) {
        String memberId = request.memberId();
        if (group.is(DEAD)) {
            future.complete(JoinResult.error(ErrorCode.COORDINATOR_NOT_AVAILABLE, memberId));
            return;
        }
        if (!group.supportsProtocols(request.protocolType(), request.protocols())) {
            future.complete(JoinResult.error(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, memberId));
            return;
        }
        if (group.pendingMembers.contains(memberId)) {
            deadlines.cancel(ClassicRebalance.pendingKey(group, memberId));
            addMemberAndRebalance(group, memberId, request, future);
            return;
        }
        ErrorCode memberError = group.validateMember(memberId, request.groupInstanceId());
        if (memberError != null) {
            future.complete(JoinResult.error(memberError, memberId));
            return;
        }
        ClassicMember member = group.member(memberId);
        switch (group.state) {
            case PREPARING_REBALANCE -> updateMemberAndRebalance(group, member, request, future,
                    "member " + memberId + " joined");
            case COMPLETING_REBALANCE -> {
                if (member.matches(request.protocols())) {
                    // A retried join: answer with the generation it already belongs to.
                    future.complete(new JoinResult(ErrorCode.NONE, group.generationId, group.protocolType,
                            group.protocolName, group.leaderId, false, memberId,
                            group.isLeader(memberId) ? group.currentMemberMetadata() : List.of()));
                } else {
                    updateMemberAndRebalance(group, member, request, future,
                            "member " + memberId + " updated its protocols");
                }
            }
            case STABLE -> {
                if (group.isLeader(memberId) || !member.matches(request.protocols())) {
                    updateMemberAndRebalance(group, member, request, future,
                            "leader " + memberId + " re-joined or a member changed its protocols");
                } else {
                    future.complete(new JoinResult(ErrorCode.NONE, group.generationId, group.protocolType,
                            group.protocolName, group.leaderId, false, memberId, List.of()));
                }
            }
            default -> future.complete(JoinResult.error(ErrorCode.UNKNOWN_MEMBER_ID, memberId));
        }
    }


    private void addMemberAndRebalance(ClassicGroup group, String memberId, JoinRequest request,
                                       CompletableFuture<JoinResult> future) {
        ClassicMember member = new ClassicMember(memberId, request.groupInstanceId(), request.clientId(),
                request.clientHost(), request.rebalanceTimeoutMs(), request.sessionTimeoutMs(),
                request.protocolType(), request.protocols());
        member.isNew = true;
        member.joinFuture = future;
        if (group.is(PREPARING_REBALANCE) && group.initialDelayActive) {
            group.newMemberAdded = true;
        }
        group.add(member);
        rebalance.scheduleHeartbeat(group, member);
        log.info("Member {} (instance {}) joins group {} in state {}", memberId, request.groupInstanceId(),
                group.groupId, group.state.wireName());
        rebalance.maybePrepareRebalance(group, "adding new member " + memberId);
        rebalance.maybeCompleteJoin(group);
    }

    private void updateMemberAndRebalance(ClassicGroup group, ClassicMember member, JoinRequest request,
                                          CompletableFuture<JoinResult> future, String reason) {
        updateMember(member, request, future);
        rebalance.maybePrepareRebalance(group, reason);
        rebalance.maybeCompleteJoin(group);
    }

    private void updateMember(ClassicMember member, JoinRequest request, CompletableFuture<JoinResult> future) {
        member.protocols = List.copyOf(request.protocols());
        member.rebalanceTimeoutMs = request.rebalanceTimeoutMs();
        member.sessionTimeoutMs = request.sessionTimeoutMs();
        member.clientId = request.clientId();
        member.clientHost = request.clientHost();
        if (member.joinFuture != null && member.joinFuture != future) {
            member.completeJoin(JoinResult.error(ErrorCode.REBALANCE_IN_PROGRESS, member.memberId));
        }
        member.joinFuture = future;
    }

    private void updateStaticMemberAndRebalance(ClassicGroup group, String oldMemberId, String newMemberId,
                                                JoinRequest request, CompletableFuture<JoinResult> future) {
        String currentLeader = group.leaderId;
        boolean wasLeader = group.isLeader(oldMemberId);
        ClassicMember old = group.member(oldMemberId);
        // The old incarnation's parked requests are fenced.
        old.completeJoin(JoinResult.error(ErrorCode.FENCED_INSTANCE_ID, oldMemberId));
        old.completeSync(SyncResult.error(ErrorCode.FENCED_INSTANCE_ID));
        deadlines.cancel(ClassicRebalance.heartbeatKey(group, oldMemberId));
        List<Protocol> oldProtocols = old.protocols;
        int oldRebalanceTimeout = old.rebalanceTimeoutMs;
        int oldSessionTimeout = old.sessionTimeoutMs;
        ClassicMember member = group.replaceStaticMember(request.groupInstanceId(), oldMemberId, newMemberId);
        rebalance.scheduleHeartbeat(group, member);
        switch (group.state) {
            case STABLE -> {
                member.protocols = List.copyOf(request.protocols());
                member.rebalanceTimeoutMs = request.rebalanceTimeoutMs();
                member.sessionTimeoutMs = request.sessionTimeoutMs();
                String selected = group.selectProtocol();
                if (selected != null && selected.equals(group.protocolName)) {
                    try {
                        write(group.groupId, List.of(rebalance.groupMetadataRecord(group, null)));
                    } catch (BrookException e) {
                        // Revert: the old incarnation keeps its id.
                        member.protocols = oldProtocols;
                        member.rebalanceTimeoutMs = oldRebalanceTimeout;
                        member.sessionTimeoutMs = oldSessionTimeout;
                        group.replaceStaticMember(request.groupInstanceId(), newMemberId, oldMemberId);
                        if (wasLeader) {
                            group.leaderId = oldMemberId;
                        }
                        deadlines.cancel(ClassicRebalance.heartbeatKey(group, newMemberId));
                        rebalance.scheduleHeartbeat(group, member);
                        future.complete(JoinResult.error(e.error(), Groups.UNKNOWN_MEMBER_ID));
                        return;
                    }
                    boolean skip = request.supportsSkipAssignment() && wasLeader;
                    future.complete(new JoinResult(ErrorCode.NONE, group.generationId, group.protocolType,
                            group.protocolName, skip ? newMemberId : currentLeader, skip, newMemberId,
                            skip ? group.currentMemberMetadata() : List.of()));
                } else {
                    member.joinFuture = future;
                    rebalance.prepareRebalance(group, "static member " + request.groupInstanceId()
                            + " rejoined with a protocol change");
                }
            }
            case COMPLETING_REBALANCE -> {
                updateMember(member, request, future);
                rebalance.prepareRebalance(group, "static member " + request.groupInstanceId()
                        + " rejoined while the group was completing a rebalance");
            }
            case PREPARING_REBALANCE -> {
                updateMember(member, request, future);
                rebalance.maybeCompleteJoin(group);
            }
            default -> future.complete(JoinResult.error(ErrorCode.UNKNOWN_MEMBER_ID, newMemberId));
        }
    }










    // ------------------------------------------------------------------ SyncGroup

    public CompletableFuture<SyncResult> syncGroup(SyncRequest request) {
        CompletableFuture<SyncResult> future = new CompletableFuture<>();
        synchronized (lock) {
            doSync(request, future);
        }
        return future;
    }

    private void doSync(SyncRequest request, CompletableFuture<SyncResult> future) {
        String groupId = request.groupId();
        if (groupId == null || groupId.isEmpty()) {
            future.complete(SyncResult.error(ErrorCode.INVALID_GROUP_ID));
            return;
        }
        ErrorCode notCoordinator = coordinatorError(groupId);
        if (notCoordinator != null) {
            future.complete(SyncResult.error(notCoordinator));
            return;
        }
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            future.complete(SyncResult.error(ErrorCode.UNKNOWN_MEMBER_ID));
            return;
        }
        if (group.is(DEAD)) {
            future.complete(SyncResult.error(ErrorCode.COORDINATOR_NOT_AVAILABLE));
            return;
        }
        String memberId = request.memberId();
        ErrorCode memberError = group.validateMember(memberId, request.groupInstanceId());
        if (memberError != null) {
            future.complete(SyncResult.error(memberError));
            return;
        }
        if (request.generationId() != group.generationId) {
            future.complete(SyncResult.error(ErrorCode.ILLEGAL_GENERATION));
            return;
        }
        if ((request.protocolType() != null && !request.protocolType().equals(group.protocolType))
                || (request.protocolName() != null && !request.protocolName().equals(group.protocolName))) {
            future.complete(SyncResult.error(ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
            return;
        }
        switch (group.state) {
            case PREPARING_REBALANCE -> future.complete(SyncResult.error(ErrorCode.REBALANCE_IN_PROGRESS));
            case COMPLETING_REBALANCE -> {
                ClassicMember member = group.member(memberId);
                member.syncFuture = future;
                group.pendingSyncMembers.remove(memberId);
                rebalance.scheduleHeartbeat(group, member);
                if (group.isLeader(memberId)) {
                    Map<String, byte[]> assignment = new HashMap<>();
                    for (String id : group.members.keySet()) {
                        byte[] a = request.assignments().get(id);
                        assignment.put(id, a == null ? new byte[0] : a);
                    }
                    try {
                        write(groupId, List.of(rebalance.groupMetadataRecord(group, assignment)));
                    } catch (BrookException e) {
                        rebalance.resetAndPropagateAssignmentWithError(group, e.error());
                        rebalance.maybePrepareRebalance(group, "error " + e.error() + " storing the group assignment");
                        return;
                    }
                    group.transitionTo(STABLE, now());
                    for (ClassicMember m : group.members.values()) {
                        m.assignment = assignment.get(m.memberId);
                        m.completeSync(new SyncResult(ErrorCode.NONE, group.protocolType, group.protocolName,
                                m.assignment));
                    }
                    log.info("Group {} is stable at generation {} with {} members", groupId, group.generationId,
                            group.members.size());
                }
            }
            case STABLE -> {
                group.pendingSyncMembers.remove(memberId);
                ClassicMember member = group.member(memberId);
                rebalance.scheduleHeartbeat(group, member);
                future.complete(new SyncResult(ErrorCode.NONE, group.protocolType, group.protocolName,
                        member.assignment));
            }
            default -> future.complete(SyncResult.error(ErrorCode.UNKNOWN_MEMBER_ID));
        }
    }

    // ------------------------------------------------------------------ Heartbeat

    public ErrorCode heartbeat(String groupId, String memberId, String groupInstanceId, int generationId) {
        synchronized (lock) {
            if (groupId == null || groupId.isEmpty()) {
                return ErrorCode.INVALID_GROUP_ID;
            }
            ErrorCode notCoordinator = coordinatorError(groupId);
            if (notCoordinator != null) {
                return notCoordinator;
            }
            ClassicGroup group = groups.get(groupId);
            if (group == null) {
                return ErrorCode.UNKNOWN_MEMBER_ID;
            }
            if (group.is(DEAD)) {
                return ErrorCode.COORDINATOR_NOT_AVAILABLE;
            }
            ErrorCode memberError = group.validateMember(memberId, groupInstanceId);
            if (memberError != null) {
                return memberError;
            }
            if (generationId != group.generationId) {
                return ErrorCode.ILLEGAL_GENERATION;
            }
            ClassicMember member = group.member(memberId);
            return switch (group.state) {
                case EMPTY -> ErrorCode.UNKNOWN_MEMBER_ID;
                case PREPARING_REBALANCE -> {
                    rebalance.scheduleHeartbeat(group, member);
                    yield ErrorCode.REBALANCE_IN_PROGRESS;
                }
                case COMPLETING_REBALANCE, STABLE -> {
                    rebalance.scheduleHeartbeat(group, member);
                    yield ErrorCode.NONE;
                }
                default -> ErrorCode.COORDINATOR_NOT_AVAILABLE;
            };
        }
    }

    // ------------------------------------------------------------------ LeaveGroup

    public LeaveResult leaveGroup(String groupId, List<MemberIdentity> leaving) {
        synchronized (lock) {
            if (groupId == null || groupId.isEmpty()) {
                return new LeaveResult(ErrorCode.INVALID_GROUP_ID, List.of());
            }
            ErrorCode notCoordinator = coordinatorError(groupId);
            if (notCoordinator != null) {
                return new LeaveResult(notCoordinator, List.of());
            }
            ClassicGroup group = groups.get(groupId);
            if (group == null) {
                if (consumerGroups.exists(groupId)) {
                    return consumerGroups.leaveClassic(groupId, leaving);
                }
                List<LeaveMemberResult> results = new ArrayList<>();
                for (MemberIdentity m : leaving) {
                    results.add(new LeaveMemberResult(m.memberId(), m.groupInstanceId(), ErrorCode.UNKNOWN_MEMBER_ID));
                }
                return new LeaveResult(ErrorCode.NONE, results);
            }
            if (group.is(DEAD)) {
                return new LeaveResult(ErrorCode.COORDINATOR_NOT_AVAILABLE, List.of());
            }
            List<LeaveMemberResult> results = new ArrayList<>();
            for (MemberIdentity identity : leaving) {
                String memberId = identity.memberId();
                String instanceId = identity.groupInstanceId();
                if (instanceId != null) {
                    String existing = group.staticMembers.get(instanceId);
                    if (existing == null) {
                        results.add(new LeaveMemberResult(memberId, instanceId, ErrorCode.UNKNOWN_MEMBER_ID));
                    } else if (!memberId.isEmpty() && !existing.equals(memberId)) {
                        results.add(new LeaveMemberResult(memberId, instanceId, ErrorCode.FENCED_INSTANCE_ID));
                    } else {
                        log.info("Static member {} (instance {}) leaves group {}", existing, instanceId, groupId);
                        rebalance.removeMemberAndUpdateGroup(group, group.member(existing),
                                "static member " + instanceId + " left the group");
                        results.add(new LeaveMemberResult(memberId, instanceId, ErrorCode.NONE));
                    }
                } else if (group.pendingMembers.remove(memberId)) {
                    deadlines.cancel(ClassicRebalance.pendingKey(group, memberId));
                    rebalance.maybeCompleteJoin(group);
                    results.add(new LeaveMemberResult(memberId, null, ErrorCode.NONE));
                } else if (!group.has(memberId)) {
                    results.add(new LeaveMemberResult(memberId, null, ErrorCode.UNKNOWN_MEMBER_ID));
                } else {
                    log.info("Member {} leaves group {}", memberId, groupId);
                    rebalance.removeMemberAndUpdateGroup(group, group.member(memberId), "member " + memberId + " left the group");
                    results.add(new LeaveMemberResult(memberId, null, ErrorCode.NONE));
                }
            }
            return new LeaveResult(ErrorCode.NONE, results);
        }
    }


    /** DescribeGroups; a consumer group is described in the classic shape by {@link ConsumerGroups}. */
    public GroupDescription describeGroup(String groupId) {
        synchronized (lock) {
            ClassicGroup g = groups.get(groupId);
            if (g == null || g.is(DEAD)) {
                if (consumerGroups.exists(groupId)) {
                    return consumerGroups.describeAsClassic(groupId);
                }
                return new GroupDescription(groupId, false, DEAD.wireName(), "", "", List.of(), "classic");
            }
            List<MemberDescription> members = new ArrayList<>();
            boolean stable = g.is(STABLE);
            for (ClassicMember m : g.members.values()) {
                members.add(new MemberDescription(m.memberId, m.groupInstanceId, m.clientId, m.clientHost,
                        stable ? m.metadata(g.protocolName) : new byte[0], stable ? m.assignment : new byte[0]));
            }
            return new GroupDescription(groupId, true, g.state.wireName(), g.protocolType == null ? "" : g.protocolType,
                    stable ? g.protocolName : "", members, "classic");
        }
    }

    /** The topics the members of a consumer-protocol classic group subscribe to (OffsetDelete refuses those). */
    Set<String> subscribedTopics(ClassicGroup group) {
        if (group.is(EMPTY) || !CONSUMER_PROTOCOL_TYPE.equals(group.protocolType) || group.protocolName == null) {
            return Set.of();
        }
        Set<String> topics = new HashSet<>();
        for (ClassicMember m : group.members.values()) {
            Set<String> t = subscriptions.topics(m.metadata(group.protocolName));
            if (t != null) {
                topics.addAll(t);
            }
        }
        return topics;
    }
}
