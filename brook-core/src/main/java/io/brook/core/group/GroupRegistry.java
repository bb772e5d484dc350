package io.brook.core.group;

import static io.brook.core.group.ClassicGroupState.EMPTY;
import static io.brook.core.group.ClassicGroupState.STABLE;

import io.brook.core.error.BrookException;
import io.brook.core.error.ErrorCode;
import io.brook.core.group.CoordinatorRecord.GroupMetadata;
import io.brook.core.group.CoordinatorRecord.GroupMetadataValue;
import io.brook.core.group.CoordinatorRecord.MemberMetadata;
import io.brook.core.group.CoordinatorRecord.OffsetCommit;
import io.brook.core.group.Groups.Protocol;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group coordinator's shared state and its log: the one lock, the clock, the deadline queue, the classic
 * groups by id, which {@code __consumer_offsets} partitions are loaded here, writing records to them and
 * replaying records (at load, and after each write) into the component that owns them: offsets to the
 * {@link OffsetStore}, classic group metadata here, KIP-848 records to {@link ConsumerGroups}.
 *
 * <p>Nothing here takes the lock except the entry points of the components; every method assumes it is held.
 */
final class GroupRegistry {

    private static final Logger log = LoggerFactory.getLogger(GroupRegistry.class);

    final Object lock = new Object();
    final Clock clock;
    final GroupConfig config;
    final CoordinatorLog recordLog;
    final DeadlineQueue deadlines = new DeadlineQueue();
    /** Classic-protocol groups (including "simple" groups that only commit offsets). */
    final Map<String, ClassicGroup> groups = new HashMap<>();
    final Set<Integer> loadedPartitions = new HashSet<>();
    private OffsetStore offsets;
    private ConsumerGroups consumerGroups;

    GroupRegistry(GroupConfig config, CoordinatorLog recordLog, Clock clock) {
        this.config = config;
        this.recordLog = recordLog;
        this.clock = clock;
    }

    /** Connects the components that own the other record types (they are built on this registry). */
    void attach(OffsetStore offsets, ConsumerGroups consumerGroups) {
        this.offsets = offsets;
        this.consumerGroups = consumerGroups;
    }

    /** Kafka's partitionFor: which partition of __consumer_offsets holds a group. */
    int partitionFor(String groupId) {
        return (groupId.hashCode() & 0x7fffffff) % config.offsetsTopicPartitions();
    }

    long now() {
        return clock.millis();
    }

    /** NOT_COORDINATOR when the group's partition is not loaded here; null when it is. */
    ErrorCode coordinatorError(String groupId) {
        return loadedPartitions.contains(partitionFor(groupId)) ? null : ErrorCode.NOT_COORDINATOR;
    }

    // ------------------------------------------------------------------ loading

    /** Replays a partition's entries in log order and marks it loaded. */
    void load(int partition, Iterable<CoordinatorLogEntry> entries) {
        for (CoordinatorLogEntry entry : entries) {
            replay(partition, entry);
        }
        loadedPartitions.add(partition);
    }

    /** Forgets the groups and offsets of a partition this broker no longer leads. */
    void unload(int partition) {
        loadedPartitions.remove(partition);
        groups.values().removeIf(g -> partitionFor(g.groupId) == partition);
        offsets.unload(partition);
        consumerGroups.unload(partition);
    }

    /** Replays one entry of a partition: a record (transactional offsets stay pending) or a marker. */
    void replay(int partition, CoordinatorLogEntry entry) {
        if (entry instanceof CoordinatorLogEntry.Marker marker) {
            offsets.replayMarker(partition, marker.producerId(), marker.commit());
        } else if (entry instanceof CoordinatorLogEntry.Data data) {
            if (data.transactional() && data.record() instanceof OffsetCommit oc && oc.value() != null) {
                offsets.replayPendingOffset(partition, data.producerId(), oc, data.offset());
            } else {
                replay(data.record(), data.offset());
            }
        }
    }

    /** Replays a record written at {@code offset} in its partition (outside any transaction). */
    void replay(CoordinatorRecord record, long offset) {
        if (record instanceof OffsetCommit oc) {
            offsets.replay(oc, offset);
        } else if (record instanceof GroupMetadata gm) {
            replayGroupMetadata(gm);
        } else {
            consumerGroups.replay(record);
        }
    }

    private void replayGroupMetadata(GroupMetadata gm) {
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
    }

    /** A group that only commits offsets (no membership): an empty classic group without protocol. */
    void createSimpleGroupIfAbsent(String groupId) {
        if (!groups.containsKey(groupId) && !consumerGroups.exists(groupId)) {
            groups.put(groupId, new ClassicGroup(groupId, now()));
        }
    }

    // ------------------------------------------------------------------ writing

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

    long mapWriteErrors(String groupId, LongSupplier append) {
        try {
            return append.getAsLong();
        } catch (BrookException e) {
            throw new BrookException(mapWriteError(e.error()), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Could not write group records of {}: {}", groupId, e.toString());
            throw new BrookException(ErrorCode.COORDINATOR_NOT_AVAILABLE, "Could not write to __consumer_offsets: " + e);
        }
    }

    static ErrorCode mapWriteError(ErrorCode error) {
        return switch (error) {
            case UNKNOWN_TOPIC_OR_PARTITION, NOT_ENOUGH_REPLICAS, REQUEST_TIMED_OUT, KAFKA_STORAGE_ERROR ->
                    ErrorCode.COORDINATOR_NOT_AVAILABLE;
            case NOT_LEADER_OR_FOLLOWER -> ErrorCode.NOT_COORDINATOR;
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, INVALID_FETCH_SIZE -> ErrorCode.INVALID_COMMIT_OFFSET_SIZE;
            default -> error;
        };
    }
}
