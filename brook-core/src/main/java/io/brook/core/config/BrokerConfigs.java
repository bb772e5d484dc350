package io.brook.core.config;

import static io.brook.core.config.ConfigType.BOOLEAN;
import static io.brook.core.config.ConfigType.INT;
import static io.brook.core.config.ConfigType.LIST;
import static io.brook.core.config.ConfigType.LONG;
import static io.brook.core.config.ConfigType.SHORT;
import static io.brook.core.config.ConfigType.STRING;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The broker configuration keys Brook understands, by Kafka's names and defaults, and the Kafka
 * keys it accepts without acting on (so a Kafka server.properties starts Brook unchanged).
 */
public final class BrokerConfigs {

    private static final Map<String, ConfigKey> KEYS = new LinkedHashMap<>();

    static {
        add(ConfigKey.atLeast("node.id", INT, "1", 0, "This broker's id."));
        add(ConfigKey.of("listeners", LIST, "PLAINTEXT://:9092", "Addresses the broker listens on."));
        add(ConfigKey.of("advertised.listeners", LIST, null, "Addresses given to clients; defaults to listeners."));
        add(ConfigKey.of("log.dirs", LIST, null, "Data directories; defaults to log.dir."));
        add(ConfigKey.of("log.dir", STRING, "./data", "Data directory used when log.dirs is not set."));
        add(ConfigKey.atLeast("num.partitions", INT, "1", 1, "Default partition count of auto-created topics."));
        add(ConfigKey.atLeast("default.replication.factor", SHORT, "1", 1, "Default replication factor."));
        add(ConfigKey.of("auto.create.topics.enable", BOOLEAN, "true", "Create topics on first Metadata request."));
        add(ConfigKey.of("delete.topic.enable", BOOLEAN, "true", "Allow topic deletion."));
        add(ConfigKey.atLeast("message.max.bytes", INT, "1048588", 0, "Largest record batch size allowed."));
        add(ConfigKey.atLeast("socket.request.max.bytes", INT, "104857600", 1, "Largest request frame accepted."));
        add(ConfigKey.atLeast("log.segment.bytes", INT, "1073741824", 14, "Segment file size."));
        add(ConfigKey.atLeast("log.roll.ms", LONG, null, 1, "Time after which a segment is rolled."));
        add(ConfigKey.atLeast("log.roll.hours", INT, "168", 1, "log.roll.ms in hours."));
        add(ConfigKey.atLeast("log.roll.jitter.ms", LONG, "0", 0, "Jitter subtracted from log.roll.ms."));
        add(ConfigKey.atLeast("log.retention.ms", LONG, null, -1, "Age after which segments are deleted."));
        add(ConfigKey.atLeast("log.retention.minutes", INT, null, -1, "log.retention.ms in minutes."));
        add(ConfigKey.atLeast("log.retention.hours", INT, "168", -1, "log.retention.ms in hours."));
        add(ConfigKey.atLeast("log.retention.bytes", LONG, "-1", -1, "Partition size above which segments are deleted."));
        add(ConfigKey.atLeast("log.retention.check.interval.ms", LONG, "300000", 1, "How often retention runs."));
        add(ConfigKey.atLeast("log.flush.interval.messages", LONG, String.valueOf(Long.MAX_VALUE), 1,
                "Force an fsync after this many messages."));
        add(ConfigKey.atLeast("log.flush.interval.ms", LONG, null, 0, "Force an fsync after this much time."));
        add(ConfigKey.atLeast("log.flush.scheduler.interval.ms", LONG, String.valueOf(Long.MAX_VALUE), 0,
                "How often the flusher checks flush.ms."));
        add(ConfigKey.atLeast("log.index.interval.bytes", INT, "4096", 0, "Bytes between offset index entries."));
        add(ConfigKey.atLeast("log.index.size.max.bytes", INT, "10485760", 4, "Offset index size limit."));
        add(ConfigKey.atLeast("log.segment.delete.delay.ms", LONG, "60000", 0, "Delay before deleting a file."));
        add(ConfigKey.listOf("log.cleanup.policy", "delete", "Default cleanup policy.", "delete", "compact"));
        add(ConfigKey.oneOf("log.message.timestamp.type", "CreateTime", "Default timestamp type.",
                "CreateTime", "LogAppendTime"));
        add(ConfigKey.atLeast("log.message.timestamp.after.max.ms", LONG, "3600000", 0, "Future timestamp limit."));
        add(ConfigKey.atLeast("log.message.timestamp.before.max.ms", LONG, String.valueOf(Long.MAX_VALUE), 0,
                "Past timestamp limit."));
        add(ConfigKey.atLeast("log.cleaner.delete.retention.ms", LONG, "86400000", 0, "Tombstone retention."));
        add(ConfigKey.atLeast("log.cleaner.min.compaction.lag.ms", LONG, "0", 0, "Minimum compaction lag."));
        add(ConfigKey.atLeast("log.cleaner.max.compaction.lag.ms", LONG, String.valueOf(Long.MAX_VALUE), 1,
                "Maximum compaction lag."));
        add(ConfigKey.of("log.cleaner.min.cleanable.ratio", ConfigType.DOUBLE, "0.5", "Compaction dirty ratio."));
        add(ConfigKey.of("log.preallocate", BOOLEAN, "false", "Preallocate segment files."));
        add(ConfigKey.oneOf("compression.type", "producer", "Final compression type for topics.",
                "producer", "uncompressed", "none", "gzip", "snappy", "lz4", "zstd"));
        add(ConfigKey.atLeast("min.insync.replicas", INT, "1", 1, "Replicas that must acknowledge acks=all."));
        add(ConfigKey.of("unclean.leader.election.enable", BOOLEAN, "false", "Allow unclean leader election."));
        add(ConfigKey.atLeast("connections.max.idle.ms", LONG, "600000", -1, "Idle connections are closed after this."));
        add(ConfigKey.atLeast("num.network.threads", INT, "3", 1, "Network threads."));
        add(ConfigKey.atLeast("num.io.threads", INT, "8", 1, "Request handler threads."));
        add(ConfigKey.atLeast("offsets.topic.num.partitions", INT, "50", 1, "Partitions of __consumer_offsets."));
        add(ConfigKey.atLeast("offsets.topic.replication.factor", SHORT, "1", 1, "Replication of __consumer_offsets."));
        add(ConfigKey.atLeast("offsets.retention.minutes", INT, "10080", 1, "Committed offsets retention."));
        add(ConfigKey.atLeast("offsets.retention.check.interval.ms", LONG, "600000", 1, "Offset expiry check interval."));
        add(ConfigKey.atLeast("group.initial.rebalance.delay.ms", INT, "3000", 0, "Delay of a new group's first rebalance."));
        add(ConfigKey.atLeast("group.min.session.timeout.ms", INT, "6000", 0, "Smallest allowed session timeout."));
        add(ConfigKey.atLeast("group.max.session.timeout.ms", INT, "1800000", 0, "Largest allowed session timeout."));
        add(ConfigKey.atLeast("group.max.size", INT, String.valueOf(Integer.MAX_VALUE), 1, "Largest group size."));
        add(ConfigKey.atLeast("group.consumer.heartbeat.interval.ms", INT, "5000", 1,
                "Heartbeat interval given to members of consumer-protocol groups (KIP-848)."));
        add(ConfigKey.atLeast("group.consumer.session.timeout.ms", INT, "45000", 1,
                "Session timeout of members of consumer-protocol groups (KIP-848)."));
        add(ConfigKey.atLeast("transaction.state.log.num.partitions", INT, "50", 1, "Partitions of __transaction_state."));
        add(ConfigKey.atLeast("transaction.state.log.replication.factor", SHORT, "1", 1, "Replication of __transaction_state."));
        add(ConfigKey.atLeast("transaction.state.log.min.isr", INT, "1", 1, "min.insync.replicas of __transaction_state."));
        add(ConfigKey.atLeast("transaction.max.timeout.ms", INT, "900000", 1, "Largest transaction timeout."));
        add(ConfigKey.atLeast("transaction.abort.timed.out.transaction.cleanup.interval.ms", INT, "10000", 1,
                "How often the transaction coordinator aborts transactions older than their timeout."));
        add(ConfigKey.of("cluster.id", STRING, null, "Cluster id written to meta.properties on first start."));
    }

    /** Kafka keys Brook accepts and ignores: they configure parts Brook does differently or not yet. */
    private static final Set<String> ACCEPTED_UNUSED = Set.of(
            "broker.id", "process.roles", "controller.quorum.voters", "controller.quorum.bootstrap.servers",
            "controller.listener.names", "listener.security.protocol.map", "inter.broker.listener.name",
            "socket.send.buffer.bytes", "socket.receive.buffer.bytes", "num.recovery.threads.per.data.dir",
            "num.replica.fetchers", "share.coordinator.state.topic.replication.factor",
            "share.coordinator.state.topic.min.isr", "log.cleaner.enable", "log.cleaner.threads",
            "queued.max.requests", "background.threads", "metadata.log.dir", "auto.leader.rebalance.enable",
            "replica.lag.time.max.ms", "group.coordinator.rebalance.protocols", "log.message.format.version",
            "inter.broker.protocol.version", "compression.gzip.level", "compression.lz4.level",
            "compression.zstd.level", "metric.reporters", "authorizer.class.name");

    private BrokerConfigs() {
    }

    private static void add(ConfigKey key) {
        KEYS.put(key.name(), key);
    }

    public static Optional<ConfigKey> find(String name) {
        return Optional.ofNullable(KEYS.get(name));
    }

    public static List<ConfigKey> all() {
        return List.copyOf(KEYS.values());
    }

    /**
     * Kafka's synonyms of a broker key, most specific first: the keys whose values stand in for
     * it when it is not set itself.
     */
    public static List<String> synonyms(String name) {
        return switch (name) {
            case "log.roll.ms", "log.roll.hours" -> List.of("log.roll.ms", "log.roll.hours");
            case "log.flush.interval.ms" -> List.of("log.flush.interval.ms", "log.flush.scheduler.interval.ms");
            case "log.retention.ms", "log.retention.minutes", "log.retention.hours" ->
                    List.of("log.retention.ms", "log.retention.minutes", "log.retention.hours");
            default -> List.of(name);
        };
    }

    /**
     * Whether the key may be changed at runtime (Incremental)AlterConfigs on a BROKER resource.
     * These are the broker defaults of topic configs (and their hour/minute forms), which take
     * effect on every log when changed; the rest need a restart.
     */
    /**
     * Keys AlterConfigs may change at runtime: the broker defaults of topic configs, by their
     * primary name only (Kafka keeps log.retention.hours, .minutes and log.roll.hours static).
     */
    public static boolean isDynamic(String name) {
        for (TopicConfigs.TopicKey key : TopicConfigs.all()) {
            if (key.brokerSynonym().equals(name)) {
                return true;
            }
        }
        return false;
    }

    public static boolean isAcceptedButUnused(String name) {
        return ACCEPTED_UNUSED.contains(name) || name.startsWith("listener.name.")
                || name.startsWith("ssl.") || name.startsWith("sasl.");
    }
}
