package io.brook.core.group;

import static io.brook.core.group.ClassicGroupState.DEAD;
import static io.brook.core.group.ClassicGroupState.EMPTY;
import static io.brook.core.group.ClassicGroupState.PREPARING_REBALANCE;
import static io.brook.core.group.ClassicGroupState.STABLE;

import io.brook.core.error.BrookException;
import io.brook.core.error.ErrorCode;
import io.brook.core.group.CoordinatorRecord.GroupMetadata;
import io.brook.core.group.CoordinatorRecord.OffsetCommit;
import io.brook.core.group.Groups.CommitEntry;
import io.brook.core.group.Groups.CommitRequest;
import io.brook.core.group.Groups.CommitResult;
import io.brook.core.group.Groups.FetchRequest;
import io.brook.core.group.Groups.FetchResult;
import io.brook.core.group.Groups.OffsetDeleteResult;
import io.brook.core.partition.TopicPartition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Committed offsets and the transactions' pending offsets of every loaded group: OffsetCommit, TxnOffsetCommit
 * and its markers, OffsetFetch (require_stable), OffsetDelete, and retention. State changes only by replaying
 * {@code OffsetCommit} records and markers ({@link #replay}, {@link #replayPendingOffset}, {@link #replayMarker}),
 * at load and after each write, so memory always equals a replay of the log.
 */
final class OffsetStore {

    private static final Logger log = LoggerFactory.getLogger(OffsetStore.class);
    private static final Comparator<TopicPartition> BY_TOPIC_AND_PARTITION =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    /** Committed offsets: group -> partition -> offset, with the log offset of the record that committed it. */
    final Map<String, Map<TopicPartition, Committed>> offsets = new HashMap<>();
    /**
     * Transactional offsets written (TxnOffsetCommit) but not yet decided by a marker:
     * (offsets partition, producer id) -> group -> partition -> offset.
     */
    final Map<PendingKey, Map<String, Map<TopicPartition, Committed>>> pendingTxnOffsets = new HashMap<>();

    /** An offset and the log offset of its record: a commit marker applies a pending one only over older ones. */
    record Committed(OffsetAndMetadata value, long recordOffset) {
    }

    /** The transaction of a producer on one partition of __consumer_offsets (a marker ends it there). */
    record PendingKey(int partition, long producerId) {
    }


    private final GroupRegistry registry;
    private final Object lock;
    private final GroupConfig config;
    private final Map<String, ClassicGroup> groups;
    private final ClassicGroups classic;
    private final ConsumerGroups consumerGroups;

    OffsetStore(GroupRegistry registry, ClassicGroups classic, ConsumerGroups consumerGroups) {
        this.registry = registry;
        this.lock = registry.lock;
        this.config = registry.config;
        this.groups = registry.groups;
        this.classic = classic;
        this.consumerGroups = consumerGroups;
    }

    private long now() {
        return registry.now();
    }

    private ErrorCode coordinatorError(String groupId) {
        return registry.coordinatorError(groupId);
    }

    private int partitionFor(String groupId) {
        return registry.partitionFor(groupId);
    }

    // ------------------------------------------------------------------ replay

    /** Replays a plain offset commit (or its tombstone) written at {@code offset}. */
    void replay(OffsetCommit oc, long offset) {
        TopicPartition tp = new TopicPartition(oc.topic(), oc.partition());
        if (oc.value() != null) {
            registry.createSimpleGroupIfAbsent(oc.groupId());
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
    }

    void replayPendingOffset(int partition, long producerId, OffsetCommit oc, long offset) {
        registry.createSimpleGroupIfAbsent(oc.groupId());
        pendingTxnOffsets.computeIfAbsent(new PendingKey(partition, producerId), k -> new HashMap<>())
                .computeIfAbsent(oc.groupId(), g -> new HashMap<>())
                .put(new TopicPartition(oc.topic(), oc.partition()), new Committed(oc.value(), offset));
    }

    /**
     * A marker ends the producer's transaction on this partition: on COMMIT its pending offsets become the
     * committed ones, unless a plain commit written after them in the log already replaced them; on ABORT
     * they are dropped.
     */
    void replayMarker(int partition, long producerId, boolean commit) {
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

    /** Forgets the offsets of the groups of a partition no longer led here. */
    void unload(int partition) {
        offsets.keySet().removeIf(g -> partitionFor(g) == partition);
        pendingTxnOffsets.keySet().removeIf(k -> k.partition() == partition);
    }

    // ------------------------------------------------------------------ queries

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

    /** Partitions with a committed or a pending transactional offset: what a deletion tombstones. */
    Set<TopicPartition> storedPartitions(String groupId) {
        Set<TopicPartition> out = new TreeSet<>(BY_TOPIC_AND_PARTITION);
        out.addAll(offsets.getOrDefault(groupId, Map.of()).keySet());
        out.addAll(pendingPartitions(groupId));
        return out;
    }

    /** Groups holding a committed or a pending offset. */
    Set<String> groupsWithOffsets() {
        Set<String> out = new HashSet<>(offsets.keySet());
        pendingTxnOffsets.values().forEach(byGroup -> out.addAll(byGroup.keySet()));
        return out;
    }

    // ------------------------------------------------------------------ requests

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
                ErrorCode error = group.validateOffsetCommit(request.memberId(), request.groupInstanceId(),
                        request.generationIdOrMemberEpoch(), false);
                if (error != null) {
                    return new CommitResult(error, Map.of());
                }
                if (created) {
                    groups.put(groupId, group);
                }
                if ((group.is(STABLE) || group.is(PREPARING_REBALANCE)) && group.has(request.memberId())) {
                    classic.scheduleHeartbeat(group, group.member(request.memberId()));
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
                registry.writeAndReplay(groupId, records);
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
                    ErrorCode error = group.validateOffsetCommit(member, groupInstanceId, generationId, true);
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
                long base = registry.mapWriteErrors(groupId, () -> registry.recordLog.appendTransactional(partition, producerId,
                        producerEpoch, records));
                for (int i = 0; i < records.size(); i++) {
                    registry.replay(partition, new CoordinatorLogEntry.Data(base + i, producerId, records.get(i)));
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
                offset = registry.recordLog.appendMarker(partition, producerId, producerEpoch, coordinatorEpoch, commit);
            } catch (BrookException e) {
                throw new BrookException(GroupRegistry.mapWriteError(e.error()), e.getMessage());
            }
            if (offset >= 0 && registry.loadedPartitions.contains(partition)) {
                registry.replay(partition, new CoordinatorLogEntry.Marker(offset, producerId, commit));
            }
        }
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
                wanted = committed.keySet().stream().sorted(BY_TOPIC_AND_PARTITION).toList();
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
                if (!group.is(EMPTY) && !ClassicGroups.CONSUMER_PROTOCOL_TYPE.equals(group.protocolType)) {
                    return new OffsetDeleteResult(ErrorCode.NON_EMPTY_GROUP, Map.of());
                }
                subscribed = classic.subscribedTopics(group);
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
                registry.writeAndReplay(groupId, records);
            } catch (BrookException e) {
                return new OffsetDeleteResult(e.error(), Map.of());
            }
            return new OffsetDeleteResult(ErrorCode.NONE, results);
        }
    }

    /** Partitions with a committed or a pending transactional offset: what a deletion tombstones. */

    /** Offsets of empty groups older than offsets.retention.minutes are deleted (tombstones written). */
    void expireOffsets(long now) {
        expireCommittedOffsets(now);
        // An empty consumer group without committed offsets is deleted, as Kafka's periodic cleanup does.
        consumerGroups.deleteEmptyGroupsWithoutOffsets(groupsWithOffsets());
    }

    private void expireCommittedOffsets(long now) {
        for (String groupId : new ArrayList<>(offsets.keySet())) {
            if (!registry.loadedPartitions.contains(partitionFor(groupId))) {
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
                registry.writeAndReplay(groupId, records);
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
}
