package io.brook.core.log;

import io.brook.core.config.TopicConfigs;
import io.brook.storage.LogConfig;
import java.util.Map;

/** Turns a topic's effective configuration (Kafka keys) into the storage layer's LogConfig. */
public final class LogConfigs {

    private LogConfigs() {
    }

    public static LogConfig from(Map<String, String> effective) {
        return new LogConfig(
                Integer.parseInt(effective.get(TopicConfigs.SEGMENT_BYTES)),
                Long.parseLong(effective.get(TopicConfigs.SEGMENT_MS)),
                Long.parseLong(effective.get(TopicConfigs.RETENTION_MS)),
                Long.parseLong(effective.get(TopicConfigs.RETENTION_BYTES)),
                Integer.parseInt(effective.get(TopicConfigs.INDEX_INTERVAL_BYTES)),
                Integer.parseInt(effective.get(TopicConfigs.MAX_MESSAGE_BYTES)),
                Long.parseLong(effective.get(TopicConfigs.FLUSH_MESSAGES)),
                Long.parseLong(effective.get(TopicConfigs.FLUSH_MS)),
                "LogAppendTime".equals(effective.get(TopicConfigs.MESSAGE_TIMESTAMP_TYPE)),
                effective.get(TopicConfigs.CLEANUP_POLICY).contains("compact"),
                Long.parseLong(effective.get(TopicConfigs.FILE_DELETE_DELAY_MS)),
                Long.parseLong(effective.get("message.timestamp.before.max.ms")),
                Long.parseLong(effective.get("message.timestamp.after.max.ms")));
    }
}
