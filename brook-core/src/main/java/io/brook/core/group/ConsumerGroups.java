package io.brook.core.group;

import static io.brook.core.group.ConsumerMember.LEAVE_GROUP_MEMBER_EPOCH;
import static io.brook.core.group.ConsumerMember.LEAVE_GROUP_STATIC_MEMBER_EPOCH;

import io.brook.core.error.BrookException;
import io.brook.core.error.ErrorCode;
import io.brook.core.group.ConsumerMember.State;
import io.brook.core.group.CoordinatorRecord.ConsumerCurrentAssignment;
import io.brook.core.group.CoordinatorRecord.ConsumerGroupEpoch;
import io.brook.core.group.CoordinatorRecord.ConsumerGroupEpochValue;
import io.brook.core.group.CoordinatorRecord.ConsumerMemberMetadata;
import io.brook.core.group.CoordinatorRecord.ConsumerTargetAssignmentEpoch;
import io.brook.core.group.CoordinatorRecord.ConsumerTargetAssignmentMember;
import io.brook.core.group.CoordinatorRecord.GroupMetadata;
import io.brook.core.group.Groups.GroupDescription;
import io.brook.core.group.Groups.GroupListing;
import io.brook.core.group.Groups.LeaveMemberResult;
import io.brook.core.group.Groups.LeaveResult;
import io.brook.core.group.Groups.MemberIdentity;
import io.brook.core.group.TopicCatalog.TopicInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KIP-848 consumer-protocol groups ({@code group.protocol=consumer}): ConsumerGroupHeartbeat and
 * ConsumerGroupDescribe, after Kafka's GroupMetadataManager.
 *
 * <p>Each heartbeat (1) creates or updates the member, bumping the group epoch when its subscription
 * or the metadata of the subscribed topics changed; (2) recomputes the target assignment with the
 * server-side assignor when the group epoch is ahead of the assignment epoch; (3) reconciles the
 * member towards its target ({@link Reconciler}: revoke first, assign a partition only once its
 * previous owner released it). A member that stops heartbeating for
 * {@code group.consumer.session.timeout.ms}, or does not revoke within its rebalance timeout, is
 * fenced.
 *
 * <p>Records are replayed into memory as they are produced (so later steps see earlier ones), then
 * written to {@code __consumer_offsets}; if the write fails the group is restored from a snapshot,
 * as Kafka does with its timeline snapshots. Runs under the group coordinator's lock ({@link GroupRegistry}).
 */
public final class ConsumerGroups {

    private static final Logger log = LoggerFactory.getLogger(ConsumerGroups.class);

    public static final String DEFAULT_ASSIGNOR = "uniform";
    /** Topics a regular expression never matches (internal topics). */
    private static final Set<String> INTERNAL_TOPICS = Set.of(OffsetsTopic.NAME, "__transaction_state");

    /** A ConsumerGroupHeartbeat, decoded. Null fields are "not sent / unchanged" as on the wire. */
    public record HeartbeatRequest(String groupId, String memberId, int memberEpoch, String instanceId, String rackId,
                                   int rebalanceTimeoutMs, List<String> subscribedTopicNames,
                                   String subscribedTopicRegex, String serverAssignor,
                                   Map<UUID, Set<Integer>> ownedPartitions, String clientId, String clientHost,
                                   int apiVersion) {
    }

    /** The answer; assignment null means "unchanged, not sent". */
    public record HeartbeatResult(ErrorCode error, String errorMessage, String memberId, int memberEpoch,
                                  int heartbeatIntervalMs, Map<UUID, Set<Integer>> assignment) {

        static HeartbeatResult error(ErrorCode error, String message) {
            return new HeartbeatResult(error, message, null, 0, 0, null);
        }
    }

    public record MemberDescription(String memberId, String instanceId, String rackId, int memberEpoch,
                                    String clientId, String clientHost, List<String> subscribedTopicNames,
                                    String subscribedTopicRegex, Map<UUID, Set<Integer>> assignment,
                                    Map<UUID, Set<Integer>> targetAssignment) {
    }

    public record Description(String groupId, ErrorCode error, String errorMessage, String state, int groupEpoch,
                              int assignmentEpoch, String assignorName, List<MemberDescription> members) {
    }

    private final GroupRegistry coordinator;
    private final TopicCatalog topics;
    private final Map<String, ConsumerGroup> groups = new HashMap<>();
    private final Map<String, Pattern> patterns = new HashMap<>();

    ConsumerGroups(GroupRegistry coordinator, TopicCatalog topics) {
        this.coordinator = coordinator;
        this.topics = topics;
    }

    // ------------------------------------------------------------------ heartbeat

    public HeartbeatResult heartbeat(HeartbeatRequest request) {
        synchronized (coordinator.lock) {
            try {
                validate(request);
                ErrorCode notCoordinator = coordinator.coordinatorError(request.groupId());
                if (notCoordinator != null) {
                    return HeartbeatResult.error(notCoordinator, null);
                }
                Txn txn = new Txn(request.groupId());
                try {
                    HeartbeatResult result = request.memberEpoch() < 0 ? leave(request, txn) : join(request, txn);
                    txn.commit();
                    return result;
                } catch (RuntimeException e) {
                    txn.rollback();
                    throw e;
                }
            } catch (BrookException e) {
                return HeartbeatResult.error(e.error(), e.getMessage());
            }
        }
    }

    private void validate(HeartbeatRequest r) {
        if (r.apiVersion() >= 1 || r.memberEpoch() > 0 || r.memberEpoch() == LEAVE_GROUP_MEMBER_EPOCH) {
            requireNonEmpty(r.memberId(), "MemberId can't be empty.");
        }
        requireNonEmpty(r.groupId(), "GroupId can't be empty.");
        if ("".equals(r.instanceId())) {
            throw invalid("InstanceId can't be empty.");
        }
        if ("".equals(r.rackId())) {
            throw invalid("RackId can't be empty.");
        }
        if (r.memberEpoch() == 0) {
            if (r.rebalanceTimeoutMs() == -1) {
                throw invalid("RebalanceTimeoutMs must be provided in first request.");
            }
            if (r.ownedPartitions() == null || !r.ownedPartitions().isEmpty()) {
                throw invalid("TopicPartitions must be empty when (re-)joining.");
            }
            if (r.subscribedTopicNames() == null && r.subscribedTopicRegex() == null) {
                throw invalid("Either SubscribedTopicNames or SubscribedTopicRegex must be non-null when "
                        + "(re-)joining.");
            }
        } else if (r.memberEpoch() == LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
            if (r.instanceId() == null) {
                throw invalid("InstanceId can't be null.");
            }
        } else if (r.memberEpoch() < LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
            throw invalid("MemberEpoch is invalid.");
        }
        if (r.serverAssignor() != null && ConsumerAssignor.named(r.serverAssignor()) == null) {
            throw new BrookException(ErrorCode.UNSUPPORTED_ASSIGNOR, "ServerAssignor " + r.serverAssignor()
                    + " is not supported. Supported assignors: uniform, range.");
        }
    }

    private static void requireNonEmpty(String s, String message) {
        if (s == null || s.isEmpty()) {
            throw invalid(message);
        }
    }

    private static BrookException invalid(String message) {
        return new BrookException(ErrorCode.INVALID_REQUEST, message);
    }

    private HeartbeatResult join(HeartbeatRequest r, Txn txn) {
        String groupId = r.groupId();
        boolean create = r.memberEpoch() == 0;
        ConsumerGroup group = groups.get(groupId);
        if (group == null) {
            ClassicGroup classic = coordinator.groups.get(groupId);
            if (classic != null && !classic.is(ClassicGroupState.DEAD)) {
                if (!create || !classic.is(ClassicGroupState.EMPTY) || !classic.members.isEmpty()) {
                    throw new BrookException(ErrorCode.GROUP_ID_NOT_FOUND,
                            "Group " + groupId + " is not a consumer group.");
                }
                // An empty classic group becomes a consumer group (Kafka 4's upgrade of empty groups);
                // its committed offsets stay.
                log.info("[GroupId {}] Converting the empty classic group to a consumer group", groupId);
                txn.removedClassic = classic;
                txn.append(new GroupMetadata(groupId, null));
            } else if (!create) {
                throw new BrookException(ErrorCode.GROUP_ID_NOT_FOUND, "Consumer group " + groupId + " not found.");
            }
            group = new ConsumerGroup(groupId);
            groups.put(groupId, group);
        }
        String memberId = r.memberId().isEmpty() ? UUID.randomUUID().toString() : r.memberId();
        ConsumerMember member = r.instanceId() == null ? dynamicMember(group, memberId, r, create)
                : staticMember(group, memberId, r, create, txn);
        boolean isNew = !group.members.containsKey(memberId);

        // 1. The member's subscription; a change bumps the group epoch.
        ConsumerMember updated = new ConsumerMember(memberId,
                r.instanceId() != null ? r.instanceId() : member.instanceId(),
                r.rackId() != null ? r.rackId() : member.rackId(),
                r.clientId() == null ? "" : r.clientId(), r.clientHost() == null ? "" : r.clientHost(),
                r.subscribedTopicNames() != null ? List.copyOf(new TreeSet<>(r.subscribedTopicNames()))
                        : member.subscribedTopicNames(),
                r.subscribedTopicRegex() != null ? r.subscribedTopicRegex() : member.subscribedTopicRegex(),
                r.rebalanceTimeoutMs() != -1 ? r.rebalanceTimeoutMs() : member.rebalanceTimeoutMs(),
                r.serverAssignor() != null ? r.serverAssignor() : member.serverAssignor(),
                member.memberEpoch(), member.previousMemberEpoch(), member.state(), member.assigned(),
                member.pendingRevocation());
        boolean subscriptionChanged = isNew && !updated.subscribedTopicNames().isEmpty();
        if (isNew || !updated.metadataValue().equals(member.metadataValue())) {
            if (!updated.subscribedTopicNames().equals(member.subscribedTopicNames())) {
                subscriptionChanged = true;
            }
            if (!Objects.equals(updated.subscribedTopicRegex(), member.subscribedTopicRegex())) {
                if (updated.subscribedTopicRegex() != null && !updated.subscribedTopicRegex().isEmpty()) {
                    pattern(updated.subscribedTopicRegex());
                }
                subscriptionChanged = true;
            }
            txn.append(new ConsumerMemberMetadata(groupId, memberId, updated.metadataValue()));
        }
        if (isNew) {
            log.info("[GroupId {}] Member {}{} joins the consumer group", groupId, memberId,
                    updated.instanceId() == null ? "" : " (instance " + updated.instanceId() + ")");
        }
        long hash = metadataHash(subscribedTopics(group));
        if (group.groupEpoch == 0 || subscriptionChanged || hash != group.metadataHash) {
            txn.append(new ConsumerGroupEpoch(groupId, new ConsumerGroupEpochValue(group.groupEpoch + 1, hash)));
        }

        // 2. The target assignment, when the group epoch moved ahead of it.
        if (group.groupEpoch > group.assignmentEpoch) {
            updateTargetAssignment(group, txn);
        }

        // 3. Reconcile the member towards its target.
        ConsumerMember current = group.members.get(memberId);
        if (!current.isReconciledTo(group.assignmentEpoch)) {
            ConsumerMember next = Reconciler.reconcile(current, group.assignmentEpoch, group.targetOf(memberId),
                    group::currentPartitionEpoch, r.ownedPartitions());
            if (!next.equals(current)) {
                txn.append(new ConsumerCurrentAssignment(groupId, memberId, next.assignmentValue()));
                log.debug("[GroupId {}] Member {} new assignment state: epoch={}, previousEpoch={}, state={}, "
                                + "assigned={}, revoking={}", groupId, memberId, next.memberEpoch(),
                        next.previousMemberEpoch(), next.state(), next.assigned(), next.pendingRevocation());
                if (next.state() == State.UNREVOKED_PARTITIONS) {
                    int epoch = next.memberEpoch();
                    int timeout = next.rebalanceTimeoutMs();
                    txn.afterCommit.add(() -> scheduleRebalanceTimeout(groupId, memberId, epoch, timeout));
                } else {
                    txn.afterCommit.add(() -> coordinator.deadlines.cancel(rebalanceKey(groupId, memberId)));
                }
            }
        }
        txn.afterCommit.add(() -> scheduleSessionTimeout(groupId, memberId));

        ConsumerMember result = group.members.get(memberId);
        boolean fullRequest = r.memberEpoch() == 0 || (r.rebalanceTimeoutMs() != -1
                && (r.subscribedTopicNames() != null || r.subscribedTopicRegex() != null)
                && r.ownedPartitions() != null);
        Map<UUID, Set<Integer>> assignment = fullRequest || !result.assigned().equals(member.assigned())
                ? result.assigned() : null;
        return new HeartbeatResult(ErrorCode.NONE, null, memberId, result.memberEpoch(),
                coordinator.config.consumerHeartbeatIntervalMs(), assignment);
    }

    private ConsumerMember dynamicMember(ConsumerGroup group, String memberId, HeartbeatRequest r, boolean create) {
        ConsumerMember member = group.members.get(memberId);
        if (member == null) {
            if (!create) {
                throw new BrookException(ErrorCode.UNKNOWN_MEMBER_ID,
                        "Member " + memberId + " is not a member of group " + group.groupId + ".");
            }
            return ConsumerMember.create(memberId);
        }
        validateEpoch(member, r.memberEpoch(), r.ownedPartitions());
        return member;
    }

    private ConsumerMember staticMember(ConsumerGroup group, String memberId, HeartbeatRequest r, boolean create,
                                        Txn txn) {
        ConsumerMember existing = group.staticMember(r.instanceId());
        if (create) {
            if (existing == null) {
                ConsumerMember member = group.members.get(memberId);
                return member != null ? member : ConsumerMember.create(memberId);
            }
            if (existing.memberEpoch() != LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
                throw new BrookException(ErrorCode.UNRELEASED_INSTANCE_ID, "Static member " + memberId
                        + " with instance id " + r.instanceId() + " cannot join the group because the instance id"
                        + " is owned by " + existing.memberId() + " member.");
            }
            // The static member is back under a new member id: it takes over the previous member's
            // assignment, so the group does not rebalance.
            ConsumerMember replacement = existing.withMemberId(memberId)
                    .withAssignment(0, 0, existing.state(), existing.assigned(), existing.pendingRevocation());
            Map<UUID, Set<Integer>> target = group.targetOf(existing.memberId());
            String groupId = group.groupId;
            String oldId = existing.memberId();
            appendMemberTombstones(txn, groupId, oldId);
            txn.append(new ConsumerMemberMetadata(groupId, memberId, replacement.metadataValue()));
            txn.append(new ConsumerTargetAssignmentMember(groupId, memberId, target));
            txn.append(new ConsumerCurrentAssignment(groupId, memberId, replacement.assignmentValue()));
            txn.afterCommit.add(() -> cancelTimers(groupId, oldId));
            log.info("[GroupId {}] Static member with instance id {} re-joins the consumer group. Created a new "
                    + "member {} to replace the existing member {}.", groupId, r.instanceId(), memberId, oldId);
            return group.members.get(memberId);
        }
        if (existing == null) {
            throw new BrookException(ErrorCode.UNKNOWN_MEMBER_ID, "Instance id " + r.instanceId() + " is unknown.");
        }
        if (!existing.memberId().equals(memberId)) {
            throw new BrookException(ErrorCode.FENCED_INSTANCE_ID, "Static member " + memberId + " with instance id "
                    + r.instanceId() + " is fenced by existing member " + existing.memberId() + ".");
        }
        validateEpoch(existing, r.memberEpoch(), r.ownedPartitions());
        return existing;
    }

    private static void validateEpoch(ConsumerMember member, int received, Map<UUID, Set<Integer>> owned) {
        if (received > member.memberEpoch()) {
            throw new BrookException(ErrorCode.FENCED_MEMBER_EPOCH, "The consumer group member has a greater member "
                    + "epoch (" + received + ") than the one known by the group coordinator ("
                    + member.memberEpoch() + "). The member must abandon all its partitions and rejoin.");
        } else if (received < member.memberEpoch()) {
            // The previous epoch is accepted with a subset of the current assignment: the response
            // with the bumped epoch may have been lost.
            if (received != member.previousMemberEpoch() || !Assignments.isSubset(owned, member.assigned())) {
                throw new BrookException(ErrorCode.FENCED_MEMBER_EPOCH, "The consumer group member has a smaller "
                        + "member epoch (" + received + ") than the one known by the group coordinator ("
                        + member.memberEpoch() + "). The member must abandon all its partitions and rejoin.");
            }
        }
    }

    private HeartbeatResult leave(HeartbeatRequest r, Txn txn) {
        ConsumerGroup group = groups.get(r.groupId());
        if (group == null) {
            throw new BrookException(ErrorCode.GROUP_ID_NOT_FOUND, "Consumer group " + r.groupId() + " not found.");
        }
        if (r.instanceId() == null) {
            ConsumerMember member = group.members.get(r.memberId());
            if (member == null) {
                throw new BrookException(ErrorCode.UNKNOWN_MEMBER_ID,
                        "Member " + r.memberId() + " is not a member of group " + r.groupId() + ".");
            }
            log.info("[GroupId {}] Member {} left the consumer group", r.groupId(), r.memberId());
            fence(group, member, txn);
            return new HeartbeatResult(ErrorCode.NONE, null, r.memberId(), r.memberEpoch(), 0, null);
        }
        ConsumerMember member = group.staticMember(r.instanceId());
        if (member == null) {
            throw new BrookException(ErrorCode.UNKNOWN_MEMBER_ID, "Instance id " + r.instanceId() + " is unknown.");
        }
        if (!member.memberId().equals(r.memberId())) {
            throw new BrookException(ErrorCode.FENCED_INSTANCE_ID, "Static member " + r.memberId()
                    + " with instance id " + r.instanceId() + " is fenced by existing member " + member.memberId() + ".");
        }
        if (r.memberEpoch() == LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
            // Temporarily away: keeps its assignment until it rejoins or its session expires.
            log.info("[GroupId {}] Static member {} with instance id {} temporarily left the consumer group",
                    r.groupId(), member.memberId(), r.instanceId());
            ConsumerMember away = member.withAssignment(LEAVE_GROUP_STATIC_MEMBER_EPOCH, member.previousMemberEpoch(),
                    member.state(), member.assigned(), Map.of());
            txn.append(new ConsumerCurrentAssignment(r.groupId(), member.memberId(), away.assignmentValue()));
            return new HeartbeatResult(ErrorCode.NONE, null, member.memberId(), LEAVE_GROUP_STATIC_MEMBER_EPOCH, 0,
                    null);
        }
        log.info("[GroupId {}] Static member {} with instance id {} left the consumer group", r.groupId(),
                member.memberId(), r.instanceId());
        fence(group, member, txn);
        return new HeartbeatResult(ErrorCode.NONE, null, r.memberId(), r.memberEpoch(), 0, null);
    }

    /** Removes a member and bumps the group epoch so that the others get its partitions. */
    private void fence(ConsumerGroup group, ConsumerMember member, Txn txn) {
        String groupId = group.groupId;
        String memberId = member.memberId();
        appendMemberTombstones(txn, groupId, memberId);
        txn.append(new ConsumerGroupEpoch(groupId, new ConsumerGroupEpochValue(group.groupEpoch + 1,
                metadataHash(subscribedTopics(group)))));
        txn.afterCommit.add(() -> cancelTimers(groupId, memberId));
    }

    private static void appendMemberTombstones(Txn txn, String groupId, String memberId) {
        txn.append(new ConsumerCurrentAssignment(groupId, memberId, null));
        txn.append(new ConsumerTargetAssignmentMember(groupId, memberId, null));
        txn.append(new ConsumerMemberMetadata(groupId, memberId, null));
    }

    // ------------------------------------------------------------------ target assignment

    private void updateTargetAssignment(ConsumerGroup group, Txn txn) {
        ConsumerAssignor assignor = preferredAssignor(group);
        SortedMap<String, Set<UUID>> subscriptions = new TreeMap<>();
        Map<UUID, Integer> partitionCounts = new HashMap<>();
        for (ConsumerMember m : group.members.values()) {
            Set<UUID> ids = new TreeSet<>();
            for (String name : subscribedTopics(m)) {
                topics.topic(name).ifPresent(t -> {
                    ids.add(t.id());
                    partitionCounts.put(t.id(), t.partitions());
                });
            }
            subscriptions.put(m.memberId(), ids);
        }
        Map<String, Map<UUID, Set<Integer>>> result = assignor.assign(
                new ConsumerAssignor.Spec(subscriptions, partitionCounts, group.targetAssignment));
        result.forEach((memberId, assignment) -> {
            if (!group.targetAssignment.containsKey(memberId) || !group.targetOf(memberId).equals(assignment)) {
                txn.append(new ConsumerTargetAssignmentMember(group.groupId, memberId, assignment));
            }
        });
        txn.append(new ConsumerTargetAssignmentEpoch(group.groupId, group.groupEpoch));
        log.info("[GroupId {}] Computed a new target assignment for epoch {} with '{}' assignor", group.groupId,
                group.groupEpoch, assignor.name());
    }

    /** The assignor most members ask for (ties by name); uniform when none asks. */
    private static ConsumerAssignor preferredAssignor(ConsumerGroup group) {
        Map<String, Integer> counts = new TreeMap<>();
        for (ConsumerMember m : group.members.values()) {
            if (m.serverAssignor() != null && ConsumerAssignor.named(m.serverAssignor()) != null) {
                counts.merge(m.serverAssignor(), 1, Integer::sum);
            }
        }
        String best = DEFAULT_ASSIGNOR;
        int max = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > max) {
                best = e.getKey();
                max = e.getValue();
            }
        }
        return ConsumerAssignor.named(best);
    }

    /** A member's topics: its names plus the existing topics its regular expression matches. */
    private Set<String> subscribedTopics(ConsumerMember m) {
        Set<String> out = new TreeSet<>(m.subscribedTopicNames());
        String regex = m.subscribedTopicRegex();
        if (regex != null && !regex.isEmpty()) {
            Pattern p;
            try {
                p = pattern(regex);
            } catch (BrookException e) {
                return out;
            }
            for (String name : topics.names()) {
                if (!INTERNAL_TOPICS.contains(name) && p.matcher(name).matches()) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    /** The existing topics the group subscribes to, by name. */
    private SortedMap<String, TopicInfo> subscribedTopics(ConsumerGroup group) {
        SortedMap<String, TopicInfo> out = new TreeMap<>();
        for (ConsumerMember m : group.members.values()) {
            for (String name : subscribedTopics(m)) {
                if (!out.containsKey(name)) {
                    topics.topic(name).ifPresent(t -> out.put(name, t));
                }
            }
        }
        return out;
    }

    /** A hash of the subscribed topics' names, ids and partition counts (KIP-1101's MetadataHash idea). */
    private static long metadataHash(SortedMap<String, TopicInfo> subscribed) {
        long h = 1125899906842597L;
        for (TopicInfo t : subscribed.values()) {
            h = 31 * h + t.name().hashCode();
            h = 31 * h + t.id().getMostSignificantBits();
            h = 31 * h + t.id().getLeastSignificantBits();
            h = 31 * h + t.partitions();
        }
        return subscribed.isEmpty() ? 0 : h;
    }

    private Pattern pattern(String regex) {
        Pattern p = patterns.get(regex);
        if (p == null) {
            try {
                p = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new BrookException(ErrorCode.INVALID_REGULAR_EXPRESSION,
                        "SubscribedTopicRegex `" + regex + "` is not a valid regular expression: " + e.getDescription()
                                + ".");
            }
            if (patterns.size() > 1000) {
                patterns.clear();
            }
            patterns.put(regex, p);
        }
        return p;
    }

    // ------------------------------------------------------------------ timers

    private static String sessionKey(String groupId, String memberId) {
        return "cg-session|" + groupId + "|" + memberId;
    }

    private static String rebalanceKey(String groupId, String memberId) {
        return "cg-rebalance|" + groupId + "|" + memberId;
    }

    private void cancelTimers(String groupId, String memberId) {
        coordinator.deadlines.cancel(sessionKey(groupId, memberId));
        coordinator.deadlines.cancel(rebalanceKey(groupId, memberId));
    }

    private void scheduleSessionTimeout(String groupId, String memberId) {
        coordinator.deadlines.schedule(sessionKey(groupId, memberId),
                coordinator.now() + coordinator.config.consumerSessionTimeoutMs(), () -> {
                    ConsumerGroup group = groups.get(groupId);
                    ConsumerMember member = group == null ? null : group.members.get(memberId);
                    if (member != null) {
                        log.info("[GroupId {}] Member {} fenced from the group because its session expired",
                                groupId, memberId);
                        runTimer(groupId, txn -> fence(group, member, txn));
                    }
                });
    }

    private void scheduleRebalanceTimeout(String groupId, String memberId, int memberEpoch, int timeoutMs) {
        coordinator.deadlines.schedule(rebalanceKey(groupId, memberId), coordinator.now() + Math.max(0, timeoutMs),
                () -> {
                    ConsumerGroup group = groups.get(groupId);
                    ConsumerMember member = group == null ? null : group.members.get(memberId);
                    if (member != null && member.memberEpoch() == memberEpoch) {
                        log.info("[GroupId {}] Member {} fenced from the group because it failed to transition "
                                + "from epoch {} within {}ms", groupId, memberId, memberEpoch, timeoutMs);
                        runTimer(groupId, txn -> fence(group, member, txn));
                    }
                });
    }

    private void runTimer(String groupId, java.util.function.Consumer<Txn> body) {
        Txn txn = new Txn(groupId);
        try {
            body.accept(txn);
            txn.commit();
        } catch (RuntimeException e) {
            txn.rollback();
            log.warn("[GroupId {}] Could not fence a member: {}", groupId, e.toString());
        }
    }

    // ------------------------------------------------------------------ records

    /** Records produced by one operation: replayed at once, written at commit, undone on failure. */
    private final class Txn {
        final String groupId;
        final ConsumerGroup snapshot;
        ClassicGroup removedClassic;
        final List<CoordinatorRecord> records = new ArrayList<>();
        final List<Runnable> afterCommit = new ArrayList<>();

        Txn(String groupId) {
            this.groupId = groupId;
            ConsumerGroup existing = groups.get(groupId);
            this.snapshot = existing == null ? null : existing.copy();
        }

        void append(CoordinatorRecord record) {
            records.add(record);
            replay(record);
        }

        void commit() {
            coordinator.write(groupId, records);
            afterCommit.forEach(Runnable::run);
        }

        void rollback() {
            if (snapshot == null) {
                groups.remove(groupId);
            } else {
                groups.put(groupId, snapshot);
            }
            if (removedClassic != null) {
                coordinator.groups.put(groupId, removedClassic);
            }
        }
    }

    void replay(CoordinatorRecord record) {
        String groupId = record.groupId();
        if (record instanceof ConsumerGroupEpoch r) {
            if (r.value() == null) {
                groups.remove(groupId);
                return;
            }
            ConsumerGroup g = getOrCreatePersisted(groupId);
            g.groupEpoch = r.value().epoch();
            g.metadataHash = r.value().metadataHash();
        } else if (record instanceof ConsumerMemberMetadata r) {
            if (r.value() == null) {
                ConsumerGroup g = groups.get(groupId);
                if (g != null) {
                    g.removeMember(r.memberId());
                }
                return;
            }
            ConsumerGroup g = getOrCreatePersisted(groupId);
            ConsumerMember m = g.members.getOrDefault(r.memberId(), ConsumerMember.create(r.memberId()));
            g.updateMember(m.withMetadata(r.value()));
        } else if (record instanceof ConsumerTargetAssignmentEpoch r) {
            ConsumerGroup g = r.assignmentEpoch() == null ? groups.get(groupId) : getOrCreatePersisted(groupId);
            if (g != null) {
                g.assignmentEpoch = r.assignmentEpoch() == null ? -1 : r.assignmentEpoch();
            }
        } else if (record instanceof ConsumerTargetAssignmentMember r) {
            if (r.partitions() == null) {
                ConsumerGroup g = groups.get(groupId);
                if (g != null) {
                    g.targetAssignment.remove(r.memberId());
                }
                return;
            }
            getOrCreatePersisted(groupId).targetAssignment.put(r.memberId(), Assignments.copy(r.partitions()));
        } else if (record instanceof ConsumerCurrentAssignment r) {
            ConsumerGroup g = r.value() == null ? groups.get(groupId) : getOrCreatePersisted(groupId);
            if (g == null) {
                return;
            }
            ConsumerMember m = g.members.get(r.memberId());
            if (r.value() == null) {
                if (m != null) {
                    g.updateMember(m.withAssignment(LEAVE_GROUP_MEMBER_EPOCH, LEAVE_GROUP_MEMBER_EPOCH, State.STABLE,
                            Map.of(), Map.of()));
                }
                return;
            }
            if (m == null) {
                m = ConsumerMember.create(r.memberId());
            }
            g.updateMember(m.withAssignmentValue(r.value()));
        }
    }

    /**
     * The group a record belongs to, created if needed. A "simple" classic group (created only to hold
     * offsets, no records of its own) with the same id is replaced, as Kafka does on replay.
     */
    private ConsumerGroup getOrCreatePersisted(String groupId) {
        ConsumerGroup g = groups.get(groupId);
        if (g == null) {
            ClassicGroup classic = coordinator.groups.get(groupId);
            if (classic != null && classic.members.isEmpty()) {
                coordinator.groups.remove(groupId);
            }
            g = new ConsumerGroup(groupId);
            groups.put(groupId, g);
        }
        return g;
    }

    // ------------------------------------------------------------------ loading

    void onLoaded(int partition) {
        for (ConsumerGroup g : groups.values()) {
            if (coordinator.partitionFor(g.groupId) != partition) {
                continue;
            }
            for (ConsumerMember m : g.members.values()) {
                scheduleSessionTimeout(g.groupId, m.memberId());
                if (m.state() == State.UNREVOKED_PARTITIONS) {
                    scheduleRebalanceTimeout(g.groupId, m.memberId(), m.memberEpoch(), m.rebalanceTimeoutMs());
                }
            }
        }
    }

    void unload(int partition) {
        groups.values().removeIf(g -> {
            if (coordinator.partitionFor(g.groupId) != partition) {
                return false;
            }
            g.members.keySet().forEach(m -> cancelTimers(g.groupId, m));
            return true;
        });
    }

    void tick(long now) {
        // Session and rebalance timeouts live in the coordinator's deadline queue.
    }

    // ------------------------------------------------------------------ queries used by the coordinator

    boolean exists(String groupId) {
        return groups.containsKey(groupId);
    }

    boolean isEmpty(String groupId) {
        ConsumerGroup g = groups.get(groupId);
        return g == null || g.isEmpty();
    }

    /** Classic LeaveGroup on a consumer group: its members use the consumer protocol, so none is known. */
    LeaveResult leaveClassic(String groupId, List<MemberIdentity> leaving) {
        List<LeaveMemberResult> results = new ArrayList<>();
        for (MemberIdentity m : leaving) {
            results.add(new LeaveMemberResult(m.memberId(), m.groupInstanceId(), ErrorCode.UNKNOWN_MEMBER_ID));
        }
        return new LeaveResult(ErrorCode.NONE, results);
    }

    /**
     * Kafka's ConsumerGroup.validateOffsetCommit (4.0): the member's current epoch is required. A transactional
     * commit (TxnOffsetCommit) without member id, epoch and instance id is not checked.
     */
    ErrorCode validateOffsetCommit(String groupId, String memberId, String groupInstanceId, int memberEpoch,
                                   boolean transactional, int apiVersion) {
        ConsumerGroup g = groups.get(groupId);
        if (memberEpoch < 0 && g.isEmpty()) {
            return null;
        }
        if (transactional && memberEpoch == -1 && (memberId == null || memberId.isEmpty())
                && groupInstanceId == null) {
            return null;
        }
        ConsumerMember m = memberId == null ? null : g.members.get(memberId);
        if (m == null) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        if (!transactional && apiVersion < 9) {
            return ErrorCode.UNSUPPORTED_VERSION;
        }
        return memberEpoch != m.memberEpoch() ? ErrorCode.STALE_MEMBER_EPOCH : null;
    }

    ErrorCode validateOffsetFetch(String groupId, String memberId, int memberEpoch) {
        if (memberEpoch < 0 && memberId == null) {
            return null;
        }
        ConsumerGroup g = groups.get(groupId);
        ConsumerMember m = memberId == null ? null : g.members.get(memberId);
        if (m == null) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        return memberEpoch != m.memberEpoch() ? ErrorCode.STALE_MEMBER_EPOCH : null;
    }

    Set<String> subscribedTopics(String groupId) {
        ConsumerGroup g = groups.get(groupId);
        Set<String> out = new TreeSet<>();
        if (g != null) {
            g.members.values().forEach(m -> out.addAll(subscribedTopics(m)));
        }
        return out;
    }

    List<GroupListing> list() {
        List<GroupListing> out = new ArrayList<>();
        for (ConsumerGroup g : groups.values()) {
            out.add(new GroupListing(g.groupId, GroupCoordinator.CONSUMER_PROTOCOL_TYPE, g.state(), "consumer"));
        }
        return out;
    }

    /** DescribeGroups (the classic API) does not describe consumer groups: GROUP_ID_NOT_FOUND, as in Kafka. */
    GroupDescription describeAsClassic(String groupId) {
        return new GroupDescription(groupId, false, "Dead", "", "", List.of(), "consumer");
    }

    /** Tombstones of every record of an (empty) group, the group epoch record last. */
    List<CoordinatorRecord> deletionRecords(String groupId) {
        ConsumerGroup g = groups.get(groupId);
        List<CoordinatorRecord> records = new ArrayList<>();
        if (g == null) {
            return records;
        }
        for (String memberId : g.members.keySet()) {
            records.add(new ConsumerCurrentAssignment(groupId, memberId, null));
            records.add(new ConsumerTargetAssignmentMember(groupId, memberId, null));
            records.add(new ConsumerMemberMetadata(groupId, memberId, null));
        }
        for (String memberId : g.targetAssignment.keySet()) {
            if (!g.members.containsKey(memberId)) {
                records.add(new ConsumerTargetAssignmentMember(groupId, memberId, null));
            }
        }
        records.add(new ConsumerTargetAssignmentEpoch(groupId, null));
        records.add(new ConsumerGroupEpoch(groupId, null));
        return records;
    }

    /**
     * JoinGroup on an empty consumer group: the group is deleted (offsets kept) so that a classic
     * group can take its place, Kafka 4's downgrade of empty groups. Returns an error when the write fails.
     */
    ErrorCode deleteEmptyForClassicJoin(String groupId) {
        List<CoordinatorRecord> records = deletionRecords(groupId);
        try {
            coordinator.write(groupId, records);
        } catch (BrookException e) {
            return e.error();
        }
        records.forEach(this::replay);
        log.info("[GroupId {}] Converted the empty consumer group to a classic group", groupId);
        return null;
    }

    /** Deletes the empty groups that hold no committed offsets (called by the retention check). */
    void deleteEmptyGroupsWithoutOffsets(Set<String> groupsWithOffsets) {
        for (ConsumerGroup g : new ArrayList<>(groups.values())) {
            if (g.isEmpty() && !groupsWithOffsets.contains(g.groupId)) {
                List<CoordinatorRecord> records = deletionRecords(g.groupId);
                try {
                    coordinator.write(g.groupId, records);
                } catch (BrookException e) {
                    log.warn("[GroupId {}] Could not delete the empty group: {}", g.groupId, e.getMessage());
                    continue;
                }
                records.forEach(this::replay);
                log.info("[GroupId {}] Deleted the empty consumer group (no committed offsets left)", g.groupId);
            }
        }
    }

    // ------------------------------------------------------------------ describe

    public List<Description> describe(List<String> groupIds) {
        synchronized (coordinator.lock) {
            List<Description> out = new ArrayList<>();
            for (String groupId : groupIds) {
                ErrorCode notCoordinator = groupId == null ? ErrorCode.INVALID_GROUP_ID
                        : coordinator.coordinatorError(groupId);
                ConsumerGroup g = groupId == null ? null : groups.get(groupId);
                if (notCoordinator != null) {
                    out.add(new Description(groupId, notCoordinator, null, "", 0, 0, "", List.of()));
                } else if (g == null) {
                    String message = coordinator.groups.containsKey(groupId)
                            ? "Group " + groupId + " is not a consumer group." : "Group " + groupId + " not found.";
                    out.add(new Description(groupId, ErrorCode.GROUP_ID_NOT_FOUND, message, "Dead", 0, 0, "",
                            List.of()));
                } else {
                    List<MemberDescription> members = new ArrayList<>();
                    for (ConsumerMember m : g.members.values()) {
                        members.add(new MemberDescription(m.memberId(), m.instanceId(), m.rackId(), m.memberEpoch(),
                                m.clientId(), m.clientHost(), m.subscribedTopicNames(), m.subscribedTopicRegex(),
                                m.assigned(), g.targetOf(m.memberId())));
                    }
                    out.add(new Description(groupId, ErrorCode.NONE, null, g.state(), g.groupEpoch,
                            g.assignmentEpoch, preferredAssignor(g).name(), members));
                }
            }
            return out;
        }
    }

    /** The current assignment of every member (tests and diagnostics). */
    Map<String, Map<UUID, Set<Integer>>> currentAssignments(String groupId) {
        Map<String, Map<UUID, Set<Integer>>> out = new LinkedHashMap<>();
        ConsumerGroup g = groups.get(groupId);
        if (g != null) {
            g.members.values().forEach(m -> out.put(m.memberId(), m.assigned()));
        }
        return out;
    }
}
