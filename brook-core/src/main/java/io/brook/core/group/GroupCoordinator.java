package io.brook.core.group;

import static io.brook.core.group.ClassicGroupState.COMPLETING_REBALANCE;
import static io.brook.core.group.ClassicGroupState.DEAD;
import static io.brook.core.group.ClassicGroupState.EMPTY;
import static io.brook.core.group.ClassicGroupState.PREPARING_REBALANCE;
import static io.brook.core.group.ClassicGroupState.STABLE;

import io.brook.core.error.BrookException;
import io.brook.core.error.ErrorCode;
import io.brook.core.group.CoordinatorRecord.GroupMetadata;
import io.brook.core.group.CoordinatorRecord.GroupMetadataValue;
import io.brook.core.group.CoordinatorRecord.MemberMetadata;
import io.brook.core.group.CoordinatorRecord.OffsetCommit;
import io.brook.core.group.Groups.CommitEntry;
import io.brook.core.group.Groups.CommitRequest;
import io.brook.core.group.Groups.CommitResult;
import io.brook.core.group.Groups.FetchRequest;
import io.brook.core.group.Groups.FetchResult;
import io.brook.core.group.Groups.GroupDescription;
import io.brook.core.group.Groups.GroupListing;
import io.brook.core.group.Groups.JoinRequest;
import io.brook.core.group.Groups.JoinResult;
import io.brook.core.group.Groups.LeaveMemberResult;
import io.brook.core.group.Groups.LeaveResult;
import io.brook.core.group.Groups.MemberDescription;
import io.brook.core.group.Groups.MemberIdentity;
import io.brook.core.group.Groups.OffsetDeleteResult;
import io.brook.core.group.Groups.Protocol;
import io.brook.core.group.Groups.SyncRequest;
import io.brook.core.group.Groups.SyncResult;
import io.brook.core.partition.TopicPartition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group coordinator's state machine: classic-protocol groups (JoinGroup/SyncGroup/Heartbeat/
 * LeaveGroup), committed offsets, and (through {@link ConsumerGroups}) KIP-848 consumer groups.
 *
 * <p>Single-threaded core: every operation runs under one lock; the coordinator owns no thread.
 * Time comes from the injected {@link Clock}; deadlines (session expiry, rebalance and sync
 * timeouts, the initial rebalance delay, offset retention) fire when the owner calls
 * {@link #tick()} — a broker scheduler does so periodically, a test after moving its fake clock.
 *
 * <p>State that must survive a restart is written to {@code __consumer_offsets} through the
 * {@link CoordinatorLog} before a response is sent, and rebuilt by {@link #load} replaying them.
 */
public final class GroupCoordinator {

    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);
    public static final String CONSUMER_PROTOCOL_TYPE = "consumer";

    final Object lock = new Object();
    final Clock clock;
    final GroupConfig config;
    final CoordinatorLog recordLog;
    final SubscriptionParser subscriptions;
    final DeadlineQueue deadlines = new DeadlineQueue();
    final Map<String, ClassicGroup> groups = new HashMap<>();
    /** Committed offsets: group -> partition -> offset, with the log offset of the record that committed it. */
    final Map<String, Map<TopicPartition, Committed>> offsets = new HashMap<>();
    /**
     * Transactional offsets written (TxnOffsetCommit) but not yet decided by a marker:
     * (offsets partition, producer id) -> group -> partition -> offset.
     */
    final Map<PendingKey, Map<String, Map<TopicPartition, Committed>>> pendingTxnOffsets = new HashMap<>();
    final Set<Integer> loadedPartitions = new HashSet<>();
    final ConsumerGroups consumerGroups;
    private long nextRetentionCheck;

    /** An offset and the log offset of its record: a commit marker applies a pending one only over older ones. */
    record Committed(OffsetAndMetadata value, long recordOffset) {
    }

    /** The transaction of a producer on one partition of __consumer_offsets (a marker ends it there). */
    record PendingKey(int partition, long producerId) {
    }

    public GroupCoordinator(GroupConfig config, CoordinatorLog recordLog, SubscriptionParser subscriptions,
                            Clock clock) {
        this(config, recordLog, subscriptions, TopicCatalog.EMPTY, clock);
    }

    /** @param topics the cluster's topics, which KIP-848 consumer groups subscribe to and are assigned from */
    public GroupCoordinator(GroupConfig config, CoordinatorLog recordLog, SubscriptionParser subscriptions,
                            TopicCatalog topics, Clock clock) {
        this.config = config;
        this.recordLog = recordLog;
        this.subscriptions = subscriptions;
        this.clock = clock;
        this.nextRetentionCheck = clock.millis() + config.offsetsRetentionCheckIntervalMs();
        this.consumerGroups = new ConsumerGroups(this, topics);
    }

    public GroupConfig config() {
        return config;
    }

    public ConsumerGroups consumerGroups() {
        return consumerGroups;
    }

    /** Kafka's partitionFor: which partition of __consumer_offsets holds a group. */
    public int partitionFor(String groupId) {
        return (groupId.hashCode() & 0x7fffffff) % config.offsetsTopicPartitions();
    }

    long now() {
        return clock.millis();
    }

    // ------------------------------------------------------------------ loading

    /**
     * Replays one partition's records and transaction markers in log order (becoming its leader); groups found
     * there are served from now on. Transactional offsets stay pending until their producer's marker.
     */
    public void load(int partition, Iterable<CoordinatorLogEntry> entries) {
        synchronized (lock) {
            for (CoordinatorLogEntry entry : entries) {
                replay(partition, entry);
            }
            loadedPartitions.add(partition);
            for (ClassicGroup group : groups.values()) {
                if (partitionFor(group.groupId) == partition) {
                    for (ClassicMember m : group.members.values()) {
                        scheduleHeartbeat(group, m);
                    }
                }
            }
            consumerGroups.onLoaded(partition);
        }
    }

    /** Drops the groups of a partition this broker no longer leads. */
    public void unload(int partition) {
        synchronized (lock) {
            loadedPartitions.remove(partition);
            groups.values().removeIf(g -> partitionFor(g.groupId) == partition);
            offsets.keySet().removeIf(g -> partitionFor(g) == partition);
            pendingTxnOffsets.keySet().removeIf(k -> k.partition() == partition);
            consumerGroups.unload(partition);
        }
    }

    public boolean isLoaded(int partition) {
        synchronized (lock) {
            return loadedPartitions.contains(partition);
        }
    }

    void replay(int partition, CoordinatorLogEntry entry) {
        if (entry instanceof CoordinatorLogEntry.Marker marker) {
            replayMarker(partition, marker.producerId(), marker.commit());
        } else if (entry instanceof CoordinatorLogEntry.Data data) {
            if (data.transactional() && data.record() instanceof OffsetCommit oc && oc.value() != null) {
                replayPendingOffset(partition, data.producerId(), oc, data.offset());
            } else {
                replay(data.record(), data.offset());
            }
        }
    }

    /** Replays a record that is not an offset commit (KIP-848 consumer groups replay theirs before writing). */
    void replay(CoordinatorRecord record) {
        replay(record, -1);
    }

    /** Replays a record written at {@code offset} in its partition (outside any transaction). */
    void replay(CoordinatorRecord record, long offset) {
        if (record instanceof OffsetCommit oc) {
            TopicPartition tp = new TopicPartition(oc.topic(), oc.partition());
            if (oc.value() != null) {
                createSimpleGroupIfAbsent(oc.groupId());
                offsets.computeIfAbsent(oc.groupId(), g -> new HashMap<>()).put(tp, new Committed(oc.value(), offset));
            } else {
                Map<TopicPartition, Committed> groupOffsets = offsets.get(oc.groupId());
                if (groupOffsets != null) {
                    groupOffsets.remove(tp);
                    if (groupOffsets.isEmpty()) {
                        offsets.remove(oc.groupId());
                    }
                }
                // A tombstone also drops the partition's pending transactional offsets (as Kafka).
                removePending(oc.groupId(), tp);
            }
        } else if (record instanceof GroupMetadata gm) {
            if (gm.value() == null) {
                groups.remove(gm.groupId());
                return;
            }
            GroupMetadataValue v = gm.value();
            ClassicGroup group = new ClassicGroup(gm.groupId(), v.currentStateTimestamp());
            group.generationId = v.generation();
            group.protocolType = v.protocolType() == null || v.protocolType().isEmpty() ? null : v.protocolType();
            group.protocolName = v.protocol();
            for (MemberMetadata mm : v.members()) {
                ClassicMember m = new ClassicMember(mm.memberId(), mm.groupInstanceId(), mm.clientId(),
                        mm.clientHost(), mm.rebalanceTimeoutMs(), mm.sessionTimeoutMs(), group.protocolType,
                        List.of(new Protocol(v.protocol() == null ? "" : v.protocol(), mm.subscription())));
                m.assignment = mm.assignment();
                group.members.put(m.memberId, m);
                if (m.isStatic()) {
                    group.staticMembers.put(m.groupInstanceId, m.memberId);
                }
            }
            group.leaderId = v.leader();
            group.state = group.members.isEmpty() ? EMPTY : STABLE;
            groups.put(gm.groupId(), group);
        } else {
            consumerGroups.replay(record);
        }
    }

    /** A group that only commits offsets (no membership): an empty classic group without protocol. */
    private void createSimpleGroupIfAbsent(String groupId) {
        if (!groups.containsKey(groupId) && !consumerGroups.exists(groupId)) {
            groups.put(groupId, new ClassicGroup(groupId, now()));
        }
    }

    private void replayPendingOffset(int partition, long producerId, OffsetCommit oc, long offset) {
        createSimpleGroupIfAbsent(oc.groupId());
        pendingTxnOffsets.computeIfAbsent(new PendingKey(partition, producerId), k -> new HashMap<>())
                .computeIfAbsent(oc.groupId(), g -> new HashMap<>())
                .put(new TopicPartition(oc.topic(), oc.partition()), new Committed(oc.value(), offset));
    }

    /**
     * A marker ends the producer's transaction on this partition: on COMMIT its pending offsets become the
     * committed ones, unless a plain commit written after them in the log already replaced them; on ABORT
     * they are dropped.
     */
    private void replayMarker(int partition, long producerId, boolean commit) {
        Map<String, Map<TopicPartition, Committed>> byGroup = pendingTxnOffsets.remove(new PendingKey(partition,
                producerId));
        if (byGroup == null || !commit) {
            return;
        }
        byGroup.forEach((groupId, staged) -> {
            Map<TopicPartition, Committed> committed = offsets.computeIfAbsent(groupId, g -> new HashMap<>());
            staged.forEach((tp, pending) -> {
                Committed existing = committed.get(tp);
                if (existing == null || existing.recordOffset() < pending.recordOffset()) {
                    committed.put(tp, pending);
                }
            });
            if (committed.isEmpty()) {
                offsets.remove(groupId);
            }
        });
    }

    private void removePending(String groupId, TopicPartition tp) {
        int partition = partitionFor(groupId);
        pendingTxnOffsets.entrySet().removeIf(e -> {
            if (e.getKey().partition() != partition) {
                return false;
            }
            Map<TopicPartition, Committed> staged = e.getValue().get(groupId);
            if (staged != null && staged.remove(tp) != null && staged.isEmpty()) {
                e.getValue().remove(groupId);
            }
            return e.getValue().isEmpty();
        });
    }

    /** The partitions of the group with transactional offsets waiting for a marker. */
    Set<TopicPartition> pendingPartitions(String groupId) {
        int partition = partitionFor(groupId);
        Set<TopicPartition> out = new HashSet<>();
        pendingTxnOffsets.forEach((key, byGroup) -> {
            if (key.partition() == partition && byGroup.containsKey(groupId)) {
                out.addAll(byGroup.get(groupId).keySet());
            }
        });
        return out;
    }

    /** Writes records and replays them, each at its log offset. */
    void writeAndReplay(String groupId, List<CoordinatorRecord> records) {
        long base = write(groupId, records);
        for (int i = 0; i < records.size(); i++) {
            replay(records.get(i), base + i);
        }
    }

    /** Writes records to the group's partition; returns the offset of the first (-1 when there is none). */
    long write(String groupId, List<CoordinatorRecord> records) {
        if (records.isEmpty()) {
            return -1;
        }
        return mapWriteErrors(groupId, () -> recordLog.append(partitionFor(groupId), records));
    }

    private long mapWriteErrors(String groupId, java.util.function.LongSupplier append) {
        try {
            return append.getAsLong();
        } catch (BrookException e) {
            throw new BrookException(mapWriteError(e.error()), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Could not write group records of {}: {}", groupId, e.toString());
            throw new BrookException(ErrorCode.COORDINATOR_NOT_AVAILABLE, "Could not write to __consumer_offsets: " + e);
        }
    }

    private static ErrorCode mapWriteError(ErrorCode error) {
        return switch (error) {
            case UNKNOWN_TOPIC_OR_PARTITION, NOT_ENOUGH_REPLICAS, REQUEST_TIMED_OUT, KAFKA_STORAGE_ERROR ->
                    ErrorCode.COORDINATOR_NOT_AVAILABLE;
            case NOT_LEADER_OR_FOLLOWER -> ErrorCode.NOT_COORDINATOR;
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, INVALID_FETCH_SIZE -> ErrorCode.INVALID_COMMIT_OFFSET_SIZE;
            default -> error;
        };
    }

    /** NOT_COORDINATOR when the group's partition is not loaded here; null when it is. */
    ErrorCode coordinatorError(String groupId) {
        return loadedPartitions.contains(partitionFor(groupId)) ? null : ErrorCode.NOT_COORDINATOR;
    }

    <T> T locked(Supplier<T> body) {
        synchronized (lock) {
            return body.get();
        }
    }

    // ------------------------------------------------------------------ timers

    /** Fires every deadline that is due; the broker calls this periodically, tests after advancing the clock. */
    public void tick() {
        synchronized (lock) {
            long now = now();
            for (int round = 0; round < 100; round++) {
                List<Runnable> due = deadlines.expired(now);
                if (due.isEmpty()) {
                    break;
                }
                for (Runnable r : due) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        log.warn("Group coordinator timer failed: {}", e.toString());
                    }
                }
            }
            consumerGroups.tick(now);
            if (now >= nextRetentionCheck) {
                nextRetentionCheck = now + config.offsetsRetentionCheckIntervalMs();
                expireOffsets(now);
            }
        }
    }

    /** Milliseconds until the next deadline (capped), for a scheduler that wants to sleep exactly. */
    public long nextDeadlineMs() {
        synchronized (lock) {
            return Math.min(deadlines.next(), nextRetentionCheck);
        }
    }

    private static String heartbeatKey(ClassicGroup g, String memberId) {
        return "hb|" + g.groupId + "|" + memberId;
    }

    private static String joinKey(ClassicGroup g) {
        return "join|" + g.groupId;
    }

    private static String syncKey(ClassicGroup g) {
        return "sync|" + g.groupId;
    }

    private static String pendingKey(ClassicGroup g, String memberId) {
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
            String key = pendingKey(group, newMemberId);
            deadlines.schedule(key, now() + request.sessionTimeoutMs(), () -> {
                if (group.pendingMembers.remove(newMemberId)) {
                    log.info("Pending member {} in group {} has been removed after session timeout expiration",
                            newMemberId, group.groupId);
                    maybeCompleteJoin(group);
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
            deadlines.cancel(pendingKey(group, memberId));
            addMemberAndRebalance(group, memberId, request, future);
            return;
        }
        ErrorCode memberError = validateExistingMember(group, memberId, request.groupInstanceId());
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

    /** UNKNOWN_MEMBER_ID / FENCED_INSTANCE_ID, or null when the member is who it says. */
    static ErrorCode validateExistingMember(ClassicGroup group, String memberId, String groupInstanceId) {
        if (groupInstanceId == null) {
            return group.has(memberId) ? null : ErrorCode.UNKNOWN_MEMBER_ID;
        }
        String existing = group.staticMembers.get(groupInstanceId);
        if (existing == null) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        if (!existing.equals(memberId)) {
            return ErrorCode.FENCED_INSTANCE_ID;
        }
        return null;
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
        scheduleHeartbeat(group, member);
        log.info("Member {} (instance {}) joins group {} in state {}", memberId, request.groupInstanceId(),
                group.groupId, group.state.wireName());
        maybePrepareRebalance(group, "adding new member " + memberId);
        maybeCompleteJoin(group);
    }

    private void updateMemberAndRebalance(ClassicGroup group, ClassicMember member, JoinRequest request,
                                          CompletableFuture<JoinResult> future, String reason) {
        updateMember(member, request, future);
        maybePrepareRebalance(group, reason);
        maybeCompleteJoin(group);
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
        deadlines.cancel(heartbeatKey(group, oldMemberId));
        List<Protocol> oldProtocols = old.protocols;
        int oldRebalanceTimeout = old.rebalanceTimeoutMs;
        int oldSessionTimeout = old.sessionTimeoutMs;
        ClassicMember member = group.replaceStaticMember(request.groupInstanceId(), oldMemberId, newMemberId);
        scheduleHeartbeat(group, member);
        switch (group.state) {
            case STABLE -> {
                member.protocols = List.copyOf(request.protocols());
                member.rebalanceTimeoutMs = request.rebalanceTimeoutMs();
                member.sessionTimeoutMs = request.sessionTimeoutMs();
                String selected = group.selectProtocol();
                if (selected != null && selected.equals(group.protocolName)) {
                    try {
                        write(group.groupId, List.of(groupMetadataRecord(group, null)));
                    } catch (BrookException e) {
                        // Revert: the old incarnation keeps its id.
                        member.protocols = oldProtocols;
                        member.rebalanceTimeoutMs = oldRebalanceTimeout;
                        member.sessionTimeoutMs = oldSessionTimeout;
                        group.replaceStaticMember(request.groupInstanceId(), newMemberId, oldMemberId);
                        if (wasLeader) {
                            group.leaderId = oldMemberId;
                        }
                        deadlines.cancel(heartbeatKey(group, newMemberId));
                        scheduleHeartbeat(group, member);
                        future.complete(JoinResult.error(e.error(), Groups.UNKNOWN_MEMBER_ID));
                        return;
                    }
                    boolean skip = request.supportsSkipAssignment() && wasLeader;
                    future.complete(new JoinResult(ErrorCode.NONE, group.generationId, group.protocolType,
                            group.protocolName, skip ? newMemberId : currentLeader, skip, newMemberId,
                            skip ? group.currentMemberMetadata() : List.of()));
                } else {
                    member.joinFuture = future;
                    prepareRebalance(group, "static member " + request.groupInstanceId()
                            + " rejoined with a protocol change");
                }
            }
            case COMPLETING_REBALANCE -> {
                updateMember(member, request, future);
                prepareRebalance(group, "static member " + request.groupInstanceId()
                        + " rejoined while the group was completing a rebalance");
            }
            case PREPARING_REBALANCE -> {
                updateMember(member, request, future);
                maybeCompleteJoin(group);
            }
            default -> future.complete(JoinResult.error(ErrorCode.UNKNOWN_MEMBER_ID, newMemberId));
        }
    }

    void maybePrepareRebalance(ClassicGroup group, String reason) {
        if (group.is(STABLE) || group.is(COMPLETING_REBALANCE) || group.is(EMPTY)) {
            prepareRebalance(group, reason);
        }
    }

    private void prepareRebalance(ClassicGroup group, String reason) {
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

    private void resetAndPropagateAssignmentWithError(ClassicGroup group, ErrorCode error) {
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
        ErrorCode memberError = validateExistingMember(group, memberId, request.groupInstanceId());
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
                scheduleHeartbeat(group, member);
                if (group.isLeader(memberId)) {
                    Map<String, byte[]> assignment = new HashMap<>();
                    for (String id : group.members.keySet()) {
                        byte[] a = request.assignments().get(id);
                        assignment.put(id, a == null ? new byte[0] : a);
                    }
                    try {
                        write(groupId, List.of(groupMetadataRecord(group, assignment)));
                    } catch (BrookException e) {
                        resetAndPropagateAssignmentWithError(group, e.error());
                        maybePrepareRebalance(group, "error " + e.error() + " storing the group assignment");
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
                scheduleHeartbeat(group, member);
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
            ErrorCode memberError = validateExistingMember(group, memberId, groupInstanceId);
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
                    scheduleHeartbeat(group, member);
                    yield ErrorCode.REBALANCE_IN_PROGRESS;
                }
                case COMPLETING_REBALANCE, STABLE -> {
                    scheduleHeartbeat(group, member);
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
                        removeMemberAndUpdateGroup(group, group.member(existing),
                                "static member " + instanceId + " left the group");
                        results.add(new LeaveMemberResult(memberId, instanceId, ErrorCode.NONE));
                    }
                } else if (group.pendingMembers.remove(memberId)) {
                    deadlines.cancel(pendingKey(group, memberId));
                    maybeCompleteJoin(group);
                    results.add(new LeaveMemberResult(memberId, null, ErrorCode.NONE));
                } else if (!group.has(memberId)) {
                    results.add(new LeaveMemberResult(memberId, null, ErrorCode.UNKNOWN_MEMBER_ID));
                } else {
                    log.info("Member {} leaves group {}", memberId, groupId);
                    removeMemberAndUpdateGroup(group, group.member(memberId), "member " + memberId + " left the group");
                    results.add(new LeaveMemberResult(memberId, null, ErrorCode.NONE));
                }
            }
            return new LeaveResult(ErrorCode.NONE, results);
        }
    }

    // ------------------------------------------------------------------ offsets

    public CommitResult commitOffsets(CommitRequest request) {
        synchronized (lock) {
            String groupId = request.groupId();
            if (groupId == null || groupId.isEmpty()) {
                return new CommitResult(ErrorCode.INVALID_GROUP_ID, Map.of());
            }
            ErrorCode notCoordinator = coordinatorError(groupId);
            if (notCoordinator != null) {
                return new CommitResult(notCoordinator, Map.of());
            }
            if (consumerGroups.exists(groupId)) {
                ErrorCode error = consumerGroups.validateOffsetCommit(groupId, request.memberId(),
                        request.groupInstanceId(), request.generationIdOrMemberEpoch(), false, request.apiVersion());
                if (error != null) {
                    return new CommitResult(error, Map.of());
                }
            } else {
                ClassicGroup group = groups.get(groupId);
                boolean created = false;
                if (group == null) {
                    if (request.generationIdOrMemberEpoch() >= 0) {
                        return new CommitResult(request.apiVersion() >= 9 ? ErrorCode.GROUP_ID_NOT_FOUND
                                : ErrorCode.ILLEGAL_GENERATION, Map.of());
                    }
                    group = new ClassicGroup(groupId, now());
                    created = true;
                }
                ErrorCode error = validateClassicOffsetCommit(group, request.memberId(), request.groupInstanceId(),
                        request.generationIdOrMemberEpoch(), false);
                if (error != null) {
                    return new CommitResult(error, Map.of());
                }
                if (created) {
                    groups.put(groupId, group);
                }
                if ((group.is(STABLE) || group.is(PREPARING_REBALANCE)) && group.has(request.memberId())) {
                    scheduleHeartbeat(group, group.member(request.memberId()));
                }
            }
            long now = now();
            long expire = request.retentionTimeMs() >= 0 ? now + request.retentionTimeMs() : -1;
            Map<TopicPartition, ErrorCode> results = new LinkedHashMap<>();
            List<CoordinatorRecord> records = new ArrayList<>();
            for (CommitEntry e : request.offsets()) {
                if (e.metadata() != null && e.metadata().length() > config.offsetMetadataMaxSize()) {
                    results.put(e.partition(), ErrorCode.OFFSET_METADATA_TOO_LARGE);
                } else {
                    results.put(e.partition(), ErrorCode.NONE);
                    records.add(new OffsetCommit(groupId, e.partition().topic(), e.partition().partition(),
                            new OffsetAndMetadata(e.offset(), e.leaderEpoch(), e.metadata(), now, expire)));
                }
            }
            try {
                writeAndReplay(groupId, records);
            } catch (BrookException ex) {
                records.forEach(r -> {
                    OffsetCommit oc = (OffsetCommit) r;
                    results.put(new TopicPartition(oc.topic(), oc.partition()), ex.error());
                });
            }
            return new CommitResult(ErrorCode.NONE, results);
        }
    }

    /**
     * TxnOffsetCommit: validates the member as Kafka does for transactional commits (v3+ carries generation,
     * member id and instance id; without them nothing is checked), then writes the offsets to the group's
     * partition as a transactional batch of the producer. They stay pending (OffsetFetch does not see them)
     * until {@link #completeTransaction} writes the producer's marker.
     */
    public ErrorCode commitTransactionalOffsets(String groupId, long producerId, short producerEpoch, String memberId,
                                               int generationId, String groupInstanceId,
                                               Map<TopicPartition, OffsetAndMetadata> pending) {
        synchronized (lock) {
            if (groupId == null || groupId.isEmpty()) {
                return ErrorCode.INVALID_GROUP_ID;
            }
            ErrorCode notCoordinator = coordinatorError(groupId);
            if (notCoordinator != null) {
                return notCoordinator;
            }
            String member = memberId == null ? "" : memberId;
            if (consumerGroups.exists(groupId)) {
                ErrorCode error = consumerGroups.validateOffsetCommit(groupId, member, groupInstanceId, generationId,
                        true, -1);
                if (error != null) {
                    return error == ErrorCode.STALE_MEMBER_EPOCH ? ErrorCode.ILLEGAL_GENERATION : error;
                }
            } else {
                ClassicGroup group = groups.get(groupId);
                if (group == null) {
                    if (generationId >= 0) {
                        return ErrorCode.ILLEGAL_GENERATION;
                    }
                } else {
                    ErrorCode error = validateClassicOffsetCommit(group, member, groupInstanceId, generationId, true);
                    if (error != null) {
                        return error;
                    }
                }
            }
            List<CoordinatorRecord> records = new ArrayList<>();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : pending.entrySet()) {
                if (e.getValue().metadata().length() > config.offsetMetadataMaxSize()) {
                    return ErrorCode.OFFSET_METADATA_TOO_LARGE;
                }
                records.add(new OffsetCommit(groupId, e.getKey().topic(), e.getKey().partition(), e.getValue()));
            }
            if (records.isEmpty()) {
                return ErrorCode.NONE;
            }
            int partition = partitionFor(groupId);
            try {
                long base = mapWriteErrors(groupId, () -> recordLog.appendTransactional(partition, producerId,
                        producerEpoch, records));
                for (int i = 0; i < records.size(); i++) {
                    replay(partition, new CoordinatorLogEntry.Data(base + i, producerId, records.get(i)));
                }
            } catch (BrookException e) {
                return e.error();
            }
            return ErrorCode.NONE;
        }
    }

    /**
     * The transaction coordinator's marker for a {@code __consumer_offsets} partition: writes it there, then
     * replays it, so the producer's pending offsets become committed (COMMIT) or are dropped (ABORT) exactly as
     * a replay after a restart would decide.
     */
    public void completeTransaction(int partition, long producerId, short producerEpoch, int coordinatorEpoch,
                                    boolean commit) {
        synchronized (lock) {
            long offset;
            try {
                offset = recordLog.appendMarker(partition, producerId, producerEpoch, coordinatorEpoch, commit);
            } catch (BrookException e) {
                throw new BrookException(mapWriteError(e.error()), e.getMessage());
            }
            if (offset >= 0 && loadedPartitions.contains(partition)) {
                replay(partition, new CoordinatorLogEntry.Marker(offset, producerId, commit));
            }
        }
    }

    /** Kafka's ClassicGroup.validateOffsetCommit; transactional commits skip the member-less and rebalance checks. */
    private static ErrorCode validateClassicOffsetCommit(ClassicGroup group, String memberIdOrNull,
                                                        String groupInstanceId, int generation, boolean transactional) {
        if (group.is(DEAD)) {
            return ErrorCode.COORDINATOR_NOT_AVAILABLE;
        }
        if (generation < 0 && group.is(EMPTY)) {
            return null;
        }
        String memberId = memberIdOrNull == null ? "" : memberIdOrNull;
        if (generation >= 0 || !memberId.isEmpty() || groupInstanceId != null) {
            ErrorCode memberError = validateExistingMember(group, memberId, groupInstanceId);
            if (memberError != null) {
                return memberError;
            }
            if (generation != group.generationId) {
                return ErrorCode.ILLEGAL_GENERATION;
            }
        } else if (!transactional && !group.is(EMPTY)) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        if (!transactional && group.is(COMPLETING_REBALANCE)) {
            return ErrorCode.REBALANCE_IN_PROGRESS;
        }
        return null;
    }

    /**
     * OffsetFetch. With {@code requireStable} (v7+), a partition with transactional offsets waiting for their
     * marker is answered UNSTABLE_OFFSET_COMMIT (the client retries) instead of its committed offset.
     */
    public FetchResult fetchOffsets(FetchRequest request) {
        synchronized (lock) {
            String groupId = request.groupId();
            ErrorCode notCoordinator = groupId == null ? null : coordinatorError(groupId);
            if (notCoordinator != null) {
                return new FetchResult(notCoordinator, Map.of());
            }
            if (consumerGroups.exists(groupId)) {
                ErrorCode error = consumerGroups.validateOffsetFetch(groupId, request.memberId(),
                        request.memberEpoch());
                if (error != null) {
                    return new FetchResult(error, Map.of());
                }
            }
            Map<TopicPartition, Committed> committed = offsets.getOrDefault(groupId, Map.of());
            Set<TopicPartition> pending = request.requireStable() ? pendingPartitions(groupId) : Set.of();
            Map<TopicPartition, OffsetAndMetadata> result = new LinkedHashMap<>();
            Set<TopicPartition> unstable = new HashSet<>();
            List<TopicPartition> wanted = request.partitions();
            if (wanted == null) {
                wanted = committed.keySet().stream().sorted(java.util.Comparator.comparing(TopicPartition::topic)
                        .thenComparingInt(TopicPartition::partition)).toList();
            }
            for (TopicPartition tp : wanted) {
                if (pending.contains(tp)) {
                    unstable.add(tp);
                    result.put(tp, null);
                } else {
                    Committed c = committed.get(tp);
                    result.put(tp, c == null ? null : c.value());
                }
            }
            return new FetchResult(ErrorCode.NONE, result, unstable);
        }
    }

    public OffsetDeleteResult deleteOffsets(String groupId, List<TopicPartition> partitions) {
        synchronized (lock) {
            if (groupId == null || groupId.isEmpty()) {
                return new OffsetDeleteResult(ErrorCode.INVALID_GROUP_ID, Map.of());
            }
            ErrorCode notCoordinator = coordinatorError(groupId);
            if (notCoordinator != null) {
                return new OffsetDeleteResult(notCoordinator, Map.of());
            }
            Set<String> subscribed;
            if (consumerGroups.exists(groupId)) {
                subscribed = consumerGroups.subscribedTopics(groupId);
            } else {
                ClassicGroup group = groups.get(groupId);
                if (group == null || group.is(DEAD)) {
                    return new OffsetDeleteResult(ErrorCode.GROUP_ID_NOT_FOUND, Map.of());
                }
                if (!group.is(EMPTY) && !CONSUMER_PROTOCOL_TYPE.equals(group.protocolType)) {
                    return new OffsetDeleteResult(ErrorCode.NON_EMPTY_GROUP, Map.of());
                }
                subscribed = subscribedTopics(group);
            }
            Set<TopicPartition> stored = storedPartitions(groupId);
            Map<TopicPartition, ErrorCode> results = new LinkedHashMap<>();
            List<CoordinatorRecord> records = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                if (subscribed.contains(tp.topic())) {
                    results.put(tp, ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC);
                } else {
                    results.put(tp, ErrorCode.NONE);
                    if (stored.contains(tp)) {
                        records.add(new OffsetCommit(groupId, tp.topic(), tp.partition(), null));
                    }
                }
            }
            try {
                writeAndReplay(groupId, records);
            } catch (BrookException e) {
                return new OffsetDeleteResult(e.error(), Map.of());
            }
            return new OffsetDeleteResult(ErrorCode.NONE, results);
        }
    }

    /** Partitions with a committed or a pending transactional offset: what a deletion tombstones. */
    private Set<TopicPartition> storedPartitions(String groupId) {
        Set<TopicPartition> out = new java.util.TreeSet<>(java.util.Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
        out.addAll(offsets.getOrDefault(groupId, Map.of()).keySet());
        out.addAll(pendingPartitions(groupId));
        return out;
    }

    private Set<String> subscribedTopics(ClassicGroup group) {
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

    /** Offsets of empty groups older than offsets.retention.minutes are deleted (tombstones written). */
    void expireOffsets(long now) {
        expireCommittedOffsets(now);
        // An empty consumer group without committed offsets is deleted, as Kafka's periodic cleanup does.
        Set<String> withOffsets = new HashSet<>(offsets.keySet());
        pendingTxnOffsets.values().forEach(byGroup -> withOffsets.addAll(byGroup.keySet()));
        consumerGroups.deleteEmptyGroupsWithoutOffsets(withOffsets);
    }

    private void expireCommittedOffsets(long now) {
        for (String groupId : new ArrayList<>(offsets.keySet())) {
            if (!loadedPartitions.contains(partitionFor(groupId))) {
                continue;
            }
            ClassicGroup group = groups.get(groupId);
            boolean consumer = consumerGroups.exists(groupId);
            if (consumer ? !consumerGroups.isEmpty(groupId) : group != null && !group.is(EMPTY)) {
                continue;
            }
            Set<TopicPartition> pending = pendingPartitions(groupId);
            List<CoordinatorRecord> records = new ArrayList<>();
            offsets.get(groupId).forEach((tp, c) -> {
                OffsetAndMetadata o = c.value();
                long expireAt;
                if (o.expireTimestamp() >= 0) {
                    expireAt = o.expireTimestamp();
                } else if (group != null && group.protocolType != null) {
                    expireAt = group.currentStateTimestamp + config.offsetsRetentionMs();
                } else {
                    expireAt = o.commitTimestamp() + config.offsetsRetentionMs();
                }
                // An offset a transaction is about to replace does not expire (as Kafka).
                if (now >= expireAt && !pending.contains(tp)) {
                    records.add(new OffsetCommit(groupId, tp.topic(), tp.partition(), null));
                }
            });
            if (records.isEmpty()) {
                continue;
            }
            boolean all = records.size() == offsets.get(groupId).size() && pending.isEmpty();
            if (all && group != null && group.members.isEmpty() && !consumer) {
                records.add(new GroupMetadata(groupId, null));
            } else if (all && consumer) {
                records.addAll(consumerGroups.deletionRecords(groupId));
            }
            try {
                writeAndReplay(groupId, records);
            } catch (BrookException e) {
                log.warn("Could not expire offsets of group {}: {}", groupId, e.getMessage());
                continue;
            }
            log.info("Expired {} offset(s) of group {}", records.size(), groupId);
            if (all && group != null && group.members.isEmpty() && !consumer) {
                group.transitionTo(DEAD, now);
                groups.remove(groupId);
            }
        }
    }

    // ------------------------------------------------------------------ admin

    public List<GroupListing> listGroups(Set<String> statesFilter, Set<String> typesFilter) {
        synchronized (lock) {
            Set<String> states = lower(statesFilter);
            Set<String> types = lower(typesFilter);
            List<GroupListing> out = new ArrayList<>();
            for (ClassicGroup g : groups.values()) {
                if (!loadedPartitions.contains(partitionFor(g.groupId))) {
                    continue;
                }
                GroupListing listing = new GroupListing(g.groupId, g.protocolType == null ? "" : g.protocolType,
                        g.state.wireName(), "classic");
                if (matches(listing, states, types)) {
                    out.add(listing);
                }
            }
            for (GroupListing listing : consumerGroups.list()) {
                if (matches(listing, states, types)) {
                    out.add(listing);
                }
            }
            out.sort(java.util.Comparator.comparing(GroupListing::groupId));
            return out;
        }
    }

    private static Set<String> lower(Set<String> in) {
        Set<String> out = new HashSet<>();
        if (in != null) {
            in.forEach(s -> out.add(s.toLowerCase(Locale.ROOT)));
        }
        return out;
    }

    private static boolean matches(GroupListing listing, Set<String> states, Set<String> types) {
        return (states.isEmpty() || states.contains(listing.state().toLowerCase(Locale.ROOT)))
                && (types.isEmpty() || types.contains(listing.type().toLowerCase(Locale.ROOT)));
    }

    /** Classic-group descriptions (DescribeGroups); a consumer group is described via {@link ConsumerGroups}. */
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

    public ErrorCode checkCoordinator(String groupId) {
        synchronized (lock) {
            return coordinatorError(groupId);
        }
    }

    public Map<String, ErrorCode> deleteGroups(Collection<String> groupIds) {
        synchronized (lock) {
            Map<String, ErrorCode> results = new LinkedHashMap<>();
            for (String groupId : groupIds) {
                if (groupId == null || groupId.isEmpty()) {
                    results.put(groupId, ErrorCode.INVALID_GROUP_ID);
                    continue;
                }
                ErrorCode notCoordinator = coordinatorError(groupId);
                if (notCoordinator != null) {
                    results.put(groupId, notCoordinator);
                    continue;
                }
                ClassicGroup group = groups.get(groupId);
                boolean consumer = consumerGroups.exists(groupId);
                if (consumer) {
                    if (!consumerGroups.isEmpty(groupId)) {
                        results.put(groupId, ErrorCode.NON_EMPTY_GROUP);
                        continue;
                    }
                } else if (group == null || group.is(DEAD)) {
                    results.put(groupId, ErrorCode.GROUP_ID_NOT_FOUND);
                    continue;
                } else if (!group.is(EMPTY)) {
                    results.put(groupId, ErrorCode.NON_EMPTY_GROUP);
                    continue;
                }
                List<CoordinatorRecord> records = new ArrayList<>();
                storedPartitions(groupId).forEach(tp ->
                        records.add(new OffsetCommit(groupId, tp.topic(), tp.partition(), null)));
                if (consumer) {
                    records.addAll(consumerGroups.deletionRecords(groupId));
                } else {
                    records.add(new GroupMetadata(groupId, null));
                }
                try {
                    writeAndReplay(groupId, records);
                } catch (BrookException e) {
                    results.put(groupId, e.error());
                    continue;
                }
                if (group != null) {
                    group.transitionTo(DEAD, now());
                    groups.remove(groupId);
                }
                results.put(groupId, ErrorCode.NONE);
                log.info("Deleted group {}", groupId);
            }
            return results;
        }
    }
}
