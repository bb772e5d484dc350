package io.brook.core.group;

import io.brook.core.error.ErrorCode;
import io.brook.core.group.Groups.CommitRequest;
import io.brook.core.group.Groups.CommitResult;
import io.brook.core.group.Groups.FetchRequest;
import io.brook.core.group.Groups.FetchResult;
import io.brook.core.group.Groups.GroupDescription;
import io.brook.core.group.Groups.GroupListing;
import io.brook.core.group.Groups.JoinRequest;
import io.brook.core.group.Groups.JoinResult;
import io.brook.core.group.Groups.LeaveResult;
import io.brook.core.group.Groups.MemberIdentity;
import io.brook.core.group.Groups.OffsetDeleteResult;
import io.brook.core.group.Groups.SyncRequest;
import io.brook.core.group.Groups.SyncResult;
import io.brook.core.partition.TopicPartition;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group coordinator, as the API handlers see it: a façade over its parts, which share one
 * {@link GroupRegistry} (lock, clock, deadlines, groups, the {@code __consumer_offsets} log and replay):
 * <ul>
 *   <li>{@link ClassicGroups} — the classic protocol: JoinGroup, SyncGroup, Heartbeat, LeaveGroup, DescribeGroups;
 *   <li>{@link ConsumerGroups} — KIP-848 consumer groups (ConsumerGroupHeartbeat / Describe);
 *   <li>{@link OffsetStore} — OffsetCommit / OffsetFetch / OffsetDelete, retention, transactional offsets;
 *   <li>{@link GroupAdmin} — ListGroups and DeleteGroups across both group types.
 * </ul>
 *
 * <p>Single-threaded core: every operation runs under the registry's one lock; nothing owns a thread. Time
 * comes from the injected {@link Clock}; deadlines (session expiry, rebalance and sync timeouts, the initial
 * rebalance delay, offset retention) fire when the owner calls {@link #tick()} — a broker scheduler does so
 * periodically, a test after moving its fake clock.
 *
 * <p>State that must survive a restart is written to {@code __consumer_offsets} through the
 * {@link CoordinatorLog} before a response is sent, and rebuilt by {@link #load} replaying it.
 */
public final class GroupCoordinator {

    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);
    public static final String CONSUMER_PROTOCOL_TYPE = ClassicGroups.CONSUMER_PROTOCOL_TYPE;

    private final GroupRegistry registry;
    private final ConsumerGroups consumerGroups;
    private final ClassicGroups classic;
    private final OffsetStore offsets;
    private final GroupAdmin admin;
    private long nextRetentionCheck;

    public GroupCoordinator(GroupConfig config, CoordinatorLog recordLog, SubscriptionParser subscriptions,
                            Clock clock) {
        this(config, recordLog, subscriptions, TopicCatalog.EMPTY, clock);
    }

    /** @param topics the cluster's topics, which KIP-848 consumer groups subscribe to and are assigned from */
    public GroupCoordinator(GroupConfig config, CoordinatorLog recordLog, SubscriptionParser subscriptions,
                            TopicCatalog topics, Clock clock) {
        this.registry = new GroupRegistry(config, recordLog, clock);
        this.consumerGroups = new ConsumerGroups(registry, topics);
        this.classic = new ClassicGroups(registry, subscriptions, consumerGroups);
        this.offsets = new OffsetStore(registry, classic, consumerGroups);
        this.admin = new GroupAdmin(registry, offsets, consumerGroups);
        registry.attach(offsets, consumerGroups);
        this.nextRetentionCheck = clock.millis() + config.offsetsRetentionCheckIntervalMs();
    }

    public GroupConfig config() {
        return registry.config;
    }

    public ConsumerGroups consumerGroups() {
        return consumerGroups;
    }

    /** Kafka's partitionFor: which partition of __consumer_offsets holds a group. */
    public int partitionFor(String groupId) {
        return registry.partitionFor(groupId);
    }

    // ------------------------------------------------------------------ loading

    /**
     * Replays one partition's records and transaction markers in log order (becoming its leader); groups found
     * there are served from now on. Transactional offsets stay pending until their producer's marker.
     */
    public void load(int partition, Iterable<CoordinatorLogEntry> entries) {
        synchronized (registry.lock) {
            registry.load(partition, entries);
            classic.onLoaded(partition);
            consumerGroups.onLoaded(partition);
        }
    }

    /** Drops the groups of a partition this broker no longer leads. */
    public void unload(int partition) {
        synchronized (registry.lock) {
            registry.unload(partition);
        }
    }

    public boolean isLoaded(int partition) {
        synchronized (registry.lock) {
            return registry.loadedPartitions.contains(partition);
        }
    }

    public ErrorCode checkCoordinator(String groupId) {
        synchronized (registry.lock) {
            return registry.coordinatorError(groupId);
        }
    }

    // ------------------------------------------------------------------ timers

    /** Fires every deadline that is due; the broker calls this periodically, tests after advancing the clock. */
    public void tick() {
        synchronized (registry.lock) {
            long now = registry.now();
            for (int round = 0; round < 100; round++) {
                List<Runnable> due = registry.deadlines.expired(now);
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
                nextRetentionCheck = now + registry.config.offsetsRetentionCheckIntervalMs();
                offsets.expireOffsets(now);
            }
        }
    }

    /** Milliseconds until the next deadline (capped), for a scheduler that wants to sleep exactly. */
    public long nextDeadlineMs() {
        synchronized (registry.lock) {
            return Math.min(registry.deadlines.next(), nextRetentionCheck);
        }
    }

    // ------------------------------------------------------------------ classic protocol

    public CompletableFuture<JoinResult> joinGroup(JoinRequest request) {
        return classic.joinGroup(request);
    }

    public CompletableFuture<SyncResult> syncGroup(SyncRequest request) {
        return classic.syncGroup(request);
    }

    public ErrorCode heartbeat(String groupId, String memberId, String groupInstanceId, int generationId) {
        return classic.heartbeat(groupId, memberId, groupInstanceId, generationId);
    }

    public LeaveResult leaveGroup(String groupId, List<MemberIdentity> leaving) {
        return classic.leaveGroup(groupId, leaving);
    }

    /** Classic-group descriptions (DescribeGroups); a consumer group is described via {@link ConsumerGroups}. */
    public GroupDescription describeGroup(String groupId) {
        return classic.describeGroup(groupId);
    }

    // ------------------------------------------------------------------ offsets

    public CommitResult commitOffsets(CommitRequest request) {
        return offsets.commitOffsets(request);
    }

    /** TxnOffsetCommit: see {@link OffsetStore#commitTransactionalOffsets}. */
    public ErrorCode commitTransactionalOffsets(String groupId, long producerId, short producerEpoch, String memberId,
                                               int generationId, String groupInstanceId,
                                               Map<TopicPartition, OffsetAndMetadata> pending) {
        return offsets.commitTransactionalOffsets(groupId, producerId, producerEpoch, memberId, generationId,
                groupInstanceId, pending);
    }

    /** A transaction marker for a {@code __consumer_offsets} partition: see {@link OffsetStore#completeTransaction}. */
    public void completeTransaction(int partition, long producerId, short producerEpoch, int coordinatorEpoch,
                                    boolean commit) {
        offsets.completeTransaction(partition, producerId, producerEpoch, coordinatorEpoch, commit);
    }

    public FetchResult fetchOffsets(FetchRequest request) {
        return offsets.fetchOffsets(request);
    }

    public OffsetDeleteResult deleteOffsets(String groupId, List<TopicPartition> partitions) {
        return offsets.deleteOffsets(groupId, partitions);
    }

    // ------------------------------------------------------------------ admin

    public List<GroupListing> listGroups(Set<String> statesFilter, Set<String> typesFilter) {
        return admin.listGroups(statesFilter, typesFilter);
    }

    public Map<String, ErrorCode> deleteGroups(Collection<String> groupIds) {
        return admin.deleteGroups(groupIds);
    }
}
