package io.brook.storage;

/**
 * Immutable per-log settings with Kafka topic-config semantics; {@link #defaults()} are Kafka's defaults.
 *
 * @param segmentBytes          segment.bytes: roll when the active segment would exceed this
 * @param segmentMs             segment.ms: roll when the active segment is older than this
 * @param retentionMs           retention.ms, -1 = infinite
 * @param retentionBytes        retention.bytes, -1 = infinite
 * @param indexIntervalBytes    index.interval.bytes: log bytes between offset-index entries
 * @param maxMessageBytes       max.message.bytes: largest accepted batch (12 + batchLength)
 * @param flushIntervalMessages flush.messages: fsync after this many appended records
 * @param flushIntervalMs       flush.ms: fsync when the last flush is older than this (checked on append)
 * @param logAppendTime         message.timestamp.type=LogAppendTime
 * @param compact               cleanup.policy contains compact
 * @param fileDeleteDelayMs     file.delete.delay.ms: how long deleted segments stay readable
 * @param timestampBeforeMaxMs  message.timestamp.before.max.ms: how far behind the broker clock a CreateTime
 *                              batch may be
 * @param timestampAfterMaxMs   message.timestamp.after.max.ms: how far ahead of the broker clock a CreateTime
 *                              batch may be (Kafka 4 default: one hour)
 */
public record LogConfig(int segmentBytes, long segmentMs, long retentionMs, long retentionBytes, int indexIntervalBytes,
                        int maxMessageBytes, long flushIntervalMessages, long flushIntervalMs, boolean logAppendTime,
                        boolean compact, long fileDeleteDelayMs, long timestampBeforeMaxMs,
                        long timestampAfterMaxMs) {

    public LogConfig {
        if (segmentBytes < 14) {
            throw new IllegalArgumentException("segmentBytes must be >= 14: " + segmentBytes);
        }
        if (segmentMs < 1) {
            throw new IllegalArgumentException("segmentMs must be >= 1: " + segmentMs);
        }
        if (indexIntervalBytes < 0) {
            throw new IllegalArgumentException("indexIntervalBytes must be >= 0: " + indexIntervalBytes);
        }
        if (maxMessageBytes < 0) {
            throw new IllegalArgumentException("maxMessageBytes must be >= 0: " + maxMessageBytes);
        }
        if (fileDeleteDelayMs < 0) {
            throw new IllegalArgumentException("fileDeleteDelayMs must be >= 0: " + fileDeleteDelayMs);
        }
    }

    public static LogConfig defaults() {
        return new LogConfig(1024 * 1024 * 1024, 7L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, -1L, 4096, 1048588,
                Long.MAX_VALUE, Long.MAX_VALUE, false, false, 60_000L, Long.MAX_VALUE, 3_600_000L);
    }

    public LogConfig withSegmentBytes(int v) {
        return new LogConfig(v, segmentMs, retentionMs, retentionBytes, indexIntervalBytes, maxMessageBytes,
                flushIntervalMessages, flushIntervalMs, logAppendTime, compact, fileDeleteDelayMs, timestampBeforeMaxMs, timestampAfterMaxMs);
    }

    public LogConfig withSegmentMs(long v) {
        return new LogConfig(segmentBytes, v, retentionMs, retentionBytes, indexIntervalBytes, maxMessageBytes,
                flushIntervalMessages, flushIntervalMs, logAppendTime, compact, fileDeleteDelayMs, timestampBeforeMaxMs, timestampAfterMaxMs);
    }

    public LogConfig withRetentionMs(long v) {
        return new LogConfig(segmentBytes, segmentMs, v, retentionBytes, indexIntervalBytes, maxMessageBytes,
                flushIntervalMessages, flushIntervalMs, logAppendTime, compact, fileDeleteDelayMs, timestampBeforeMaxMs, timestampAfterMaxMs);
    }

    public LogConfig withRetentionBytes(long v) {
        return new LogConfig(segmentBytes, segmentMs, retentionMs, v, indexIntervalBytes, maxMessageBytes,
                flushIntervalMessages, flushIntervalMs, logAppendTime, compact, fileDeleteDelayMs, timestampBeforeMaxMs, timestampAfterMaxMs);
    }

    public LogConfig withIndexIntervalBytes(int v) {
        return new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes, v, maxMessageBytes,
                flushIntervalMessages, flushIntervalMs, logAppendTime, compact, fileDeleteDelayMs, timestampBeforeMaxMs, timestampAfterMaxMs);
    }

    public LogConfig withMaxMessageBytes(int v) {
        return new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes, indexIntervalBytes, v,
                flushIntervalMessages, flushIntervalMs, logAppendTime, compact, fileDeleteDelayMs, timestampBeforeMaxMs, timestampAfterMaxMs);
    }

    public LogConfig withFlushIntervalMessages(long v) {
        return new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes, indexIntervalBytes, maxMessageBytes,
                v, flushIntervalMs, logAppendTime, compact, fileDeleteDelayMs, timestampBeforeMaxMs, timestampAfterMaxMs);
    }

    public LogConfig withFlushIntervalMs(long v) {
        return new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes, indexIntervalBytes, maxMessageBytes,
                flushIntervalMessages, v, logAppendTime, compact, fileDeleteDelayMs, timestampBeforeMaxMs, timestampAfterMaxMs);
    }

    public LogConfig withLogAppendTime(boolean v) {
        return new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes, indexIntervalBytes, maxMessageBytes,
                flushIntervalMessages, flushIntervalMs, v, compact, fileDeleteDelayMs, timestampBeforeMaxMs, timestampAfterMaxMs);
    }

    public LogConfig withCompact(boolean v) {
        return new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes, indexIntervalBytes, maxMessageBytes,
                flushIntervalMessages, flushIntervalMs, logAppendTime, v, fileDeleteDelayMs, timestampBeforeMaxMs, timestampAfterMaxMs);
    }

    public LogConfig withFileDeleteDelayMs(long v) {
        return new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes, indexIntervalBytes, maxMessageBytes,
                flushIntervalMessages, flushIntervalMs, logAppendTime, compact, v, timestampBeforeMaxMs, timestampAfterMaxMs);
    }

    public LogConfig withTimestampLimits(long beforeMaxMs, long afterMaxMs) {
        return new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes, indexIntervalBytes, maxMessageBytes,
                flushIntervalMessages, flushIntervalMs, logAppendTime, compact, fileDeleteDelayMs, beforeMaxMs,
                afterMaxMs);
    }
}
