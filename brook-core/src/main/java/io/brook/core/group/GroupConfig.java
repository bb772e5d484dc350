package io.brook.core.group;

import io.brook.core.config.BrookConfig;

/** The group coordinator's settings, by Kafka's broker keys. */
public record GroupConfig(int offsetsTopicPartitions, int initialRebalanceDelayMs, int minSessionTimeoutMs,
                          int maxSessionTimeoutMs, int maxSize, long offsetsRetentionMs,
                          long offsetsRetentionCheckIntervalMs, int offsetMetadataMaxSize,
                          int consumerHeartbeatIntervalMs, int consumerSessionTimeoutMs) {

    public static GroupConfig from(BrookConfig config) {
        return new GroupConfig(config.intValue("offsets.topic.num.partitions"),
                config.intValue("group.initial.rebalance.delay.ms"),
                config.intValue("group.min.session.timeout.ms"),
                config.intValue("group.max.session.timeout.ms"),
                config.intValue("group.max.size"),
                config.longValue("offsets.retention.minutes") * 60_000L,
                config.longValue("offsets.retention.check.interval.ms"),
                4096,
                config.intValue("group.consumer.heartbeat.interval.ms"),
                config.intValue("group.consumer.session.timeout.ms"));
    }

    /** Kafka's defaults, for tests. */
    public static GroupConfig defaults() {
        return new GroupConfig(50, 3000, 6000, 1_800_000, Integer.MAX_VALUE, 7L * 24 * 3600 * 1000, 600_000, 4096,
                5000, 45000);
    }

    public GroupConfig withInitialRebalanceDelayMs(int delay) {
        return new GroupConfig(offsetsTopicPartitions, delay, minSessionTimeoutMs, maxSessionTimeoutMs, maxSize,
                offsetsRetentionMs, offsetsRetentionCheckIntervalMs, offsetMetadataMaxSize,
                consumerHeartbeatIntervalMs, consumerSessionTimeoutMs);
    }

    public GroupConfig withMaxSize(int max) {
        return new GroupConfig(offsetsTopicPartitions, initialRebalanceDelayMs, minSessionTimeoutMs,
                maxSessionTimeoutMs, max, offsetsRetentionMs, offsetsRetentionCheckIntervalMs,
                offsetMetadataMaxSize, consumerHeartbeatIntervalMs, consumerSessionTimeoutMs);
    }

    public GroupConfig withMinSessionTimeoutMs(int min) {
        return new GroupConfig(offsetsTopicPartitions, initialRebalanceDelayMs, min, maxSessionTimeoutMs, maxSize,
                offsetsRetentionMs, offsetsRetentionCheckIntervalMs, offsetMetadataMaxSize,
                consumerHeartbeatIntervalMs, consumerSessionTimeoutMs);
    }

    public GroupConfig withOffsetsRetentionMs(long retention) {
        return new GroupConfig(offsetsTopicPartitions, initialRebalanceDelayMs, minSessionTimeoutMs,
                maxSessionTimeoutMs, maxSize, retention, offsetsRetentionCheckIntervalMs, offsetMetadataMaxSize,
                consumerHeartbeatIntervalMs, consumerSessionTimeoutMs);
    }
}
