package io.brook.core.config;

import static io.brook.core.config.ConfigType.BOOLEAN;
import static io.brook.core.config.ConfigType.DOUBLE;
import static io.brook.core.config.ConfigType.INT;
import static io.brook.core.config.ConfigType.LONG;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kafka's topic-level configuration keys, each with the broker key that supplies its default
 * (retention.ms falls back to log.retention.ms, and so on).
 */
public final class TopicConfigs {

    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String MESSAGE_TIMESTAMP_TYPE = "message.timestamp.type";
    public static final String FLUSH_MESSAGES = "flush.messages";
    public static final String FLUSH_MS = "flush.ms";
    public static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";
    public static final String FILE_DELETE_DELAY_MS = "file.delete.delay.ms";

    /** A topic key and the broker key whose value is its default. */
    public record TopicKey(ConfigKey key, String brokerSynonym) {
    }

    private static final Map<String, TopicKey> KEYS = new LinkedHashMap<>();

    static {
        add(ConfigKey.listOf(CLEANUP_POLICY, "delete", "Retention policy: delete and/or compact.", "delete", "compact"),
                "log.cleanup.policy");
        add(ConfigKey.oneOf("compression.type", "producer", "Final compression type for a topic.",
                "producer", "uncompressed", "none", "gzip", "snappy", "lz4", "zstd"), "compression.type");
        add(ConfigKey.atLeast("delete.retention.ms", LONG, "86400000", 0, "How long delete tombstones are kept."),
                "log.cleaner.delete.retention.ms");
        add(ConfigKey.atLeast(FILE_DELETE_DELAY_MS, LONG, "60000", 0, "Delay before deleting a file from disk."),
                "log.segment.delete.delay.ms");
        add(ConfigKey.atLeast(FLUSH_MESSAGES, LONG, String.valueOf(Long.MAX_VALUE), 1,
                "Force an fsync after this many messages."), "log.flush.interval.messages");
        add(ConfigKey.atLeast(FLUSH_MS, LONG, String.valueOf(Long.MAX_VALUE), 0,
                "Force an fsync after this much time."), "log.flush.interval.ms");
        add(ConfigKey.atLeast(INDEX_INTERVAL_BYTES, INT, "4096", 0, "Bytes between offset index entries."),
                "log.index.interval.bytes");
        add(ConfigKey.atLeast("max.compaction.lag.ms", LONG, String.valueOf(Long.MAX_VALUE), 1,
                "Maximum time a message stays uncompacted."), "log.cleaner.max.compaction.lag.ms");
        add(ConfigKey.atLeast(MAX_MESSAGE_BYTES, INT, "1048588", 0, "Largest record batch size allowed."),
                "message.max.bytes");
        add(ConfigKey.atLeast("message.timestamp.after.max.ms", LONG, "3600000", 0,
                "Allowed distance of a record timestamp ahead of the broker clock."),
                "log.message.timestamp.after.max.ms");
        add(ConfigKey.atLeast("message.timestamp.before.max.ms", LONG, String.valueOf(Long.MAX_VALUE), 0,
                "Allowed distance of a record timestamp behind the broker clock."),
                "log.message.timestamp.before.max.ms");
        add(ConfigKey.oneOf(MESSAGE_TIMESTAMP_TYPE, "CreateTime", "Timestamp type of stored records.",
                "CreateTime", "LogAppendTime"), "log.message.timestamp.type");
        add(new ConfigKey("min.cleanable.dirty.ratio", DOUBLE, "0.5",
                v -> (Double) v >= 0 && (Double) v <= 1, "a value in [0,1]", "Dirty ratio that triggers compaction."),
                "log.cleaner.min.cleanable.ratio");
        add(ConfigKey.atLeast("min.compaction.lag.ms", LONG, "0", 0, "Minimum time a message stays uncompacted."),
                "log.cleaner.min.compaction.lag.ms");
        add(ConfigKey.atLeast("min.insync.replicas", INT, "1", 1, "Replicas that must acknowledge acks=all."),
                "min.insync.replicas");
        add(ConfigKey.of("preallocate", BOOLEAN, "false", "Preallocate segment files."), "log.preallocate");
        add(ConfigKey.atLeast(RETENTION_BYTES, LONG, "-1", -1, "Partition size above which old segments are deleted."),
                "log.retention.bytes");
        add(ConfigKey.atLeast(RETENTION_MS, LONG, "604800000", -1, "Age after which segments are deleted."),
                "log.retention.ms");
        add(ConfigKey.atLeast(SEGMENT_BYTES, INT, "1073741824", 14, "Segment file size."), "log.segment.bytes");
        add(ConfigKey.atLeast("segment.index.bytes", INT, "10485760", 4, "Offset index size limit."),
                "log.index.size.max.bytes");
        add(ConfigKey.atLeast("segment.jitter.ms", LONG, "0", 0, "Random jitter subtracted from segment.ms."),
                "log.roll.jitter.ms");
        add(ConfigKey.atLeast(SEGMENT_MS, LONG, "604800000", 1, "Time after which a segment is rolled."), "log.roll.ms");
        add(ConfigKey.of("unclean.leader.election.enable", BOOLEAN, "false",
                "Allow out-of-sync replicas to become leader."), "unclean.leader.election.enable");
    }

    private TopicConfigs() {
    }

    private static void add(ConfigKey key, String brokerSynonym) {
        KEYS.put(key.name(), new TopicKey(key, brokerSynonym));
    }

    public static Optional<TopicKey> find(String name) {
        return Optional.ofNullable(KEYS.get(name));
    }

    public static List<TopicKey> all() {
        return List.copyOf(KEYS.values());
    }

    /** Validates topic overrides, throwing a ConfigException naming the first bad key. */
    public static void validate(Map<String, String> overrides) {
        overrides.forEach((name, value) -> find(name)
                .orElseThrow(() -> new ConfigException(name, "Unknown topic config name: " + name))
                .key().parse(value));
    }
}
