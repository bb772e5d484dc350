package io.brook.core.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's static configuration: Kafka's keys, validated once at start-up. An unknown key or
 * a bad value fails with a {@link ConfigException} naming the key, so a typo never silently falls
 * back to a default.
 */
public final class BrookConfig {

    private static final Logger log = LoggerFactory.getLogger(BrookConfig.class);

    private final Map<String, String> explicit;

    private BrookConfig(Map<String, String> explicit) {
        this.explicit = explicit;
    }

    public static BrookConfig parse(Map<String, String> properties) {
        Map<String, String> explicit = new TreeMap<>();
        properties.forEach((key, value) -> {
            var def = BrokerConfigs.find(key);
            if (def.isPresent()) {
                def.get().parse(value);
                explicit.put(key, value);
            } else if (BrokerConfigs.isAcceptedButUnused(key)) {
                log.info("Configuration '{}' is a Kafka setting Brook does not use; ignoring it", key);
            } else {
                throw new ConfigException(key, "Unknown configuration '" + key
                        + "'. Brook takes Kafka's broker configuration keys; check the spelling.");
            }
        });
        BrookConfig config = new BrookConfig(explicit);
        config.listeners();
        config.advertisedListeners();
        return config;
    }

    /** The configured value of a broker key, or its default; derived keys (hours, minutes) resolved. */
    public String value(String key) {
        String explicitValue = explicit.get(key);
        if (explicitValue != null) {
            return explicitValue;
        }
        return switch (key) {
            case "log.retention.ms" -> derived("log.retention.minutes", 60_000L, "log.retention.hours", 3_600_000L);
            case "log.roll.ms" -> derived(null, 0, "log.roll.hours", 3_600_000L);
            case "log.flush.interval.ms" -> value("log.flush.scheduler.interval.ms");
            case "log.dirs" -> value("log.dir");
            default -> BrokerConfigs.find(key).map(ConfigKey::defaultValue).orElse(null);
        };
    }

    private String derived(String minutesKey, long minuteFactor, String hoursKey, long hourFactor) {
        if (minutesKey != null && explicit.containsKey(minutesKey)) {
            long minutes = Long.parseLong(explicit.get(minutesKey).trim());
            return String.valueOf(minutes < 0 ? -1 : minutes * minuteFactor);
        }
        long hours = Long.parseLong(value(hoursKey).trim());
        return String.valueOf(hours < 0 ? -1 : hours * hourFactor);
    }

    public Map<String, String> explicitValues() {
        return Map.copyOf(explicit);
    }

    /** A copy with more keys set (validated the same way). */
    public BrookConfig with(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(explicit);
        merged.putAll(overrides);
        return parse(merged);
    }

    private Object typed(String key) {
        return BrokerConfigs.find(key).orElseThrow().parse(value(key));
    }

    public int intValue(String key) {
        return ((Number) typed(key)).intValue();
    }

    public long longValue(String key) {
        return ((Number) typed(key)).longValue();
    }

    public boolean booleanValue(String key) {
        return (Boolean) typed(key);
    }

    public int nodeId() {
        return intValue("node.id");
    }

    public List<Listener> listeners() {
        return value("listeners") == null ? List.of() : parseListeners("listeners", value("listeners"));
    }

    /** advertised.listeners, or listeners with an unspecified host advertised as localhost. */
    public List<Listener> advertisedListeners() {
        String advertised = value("advertised.listeners");
        if (advertised != null) {
            return parseListeners("advertised.listeners", advertised);
        }
        return listeners().stream()
                .map(l -> l.bindsAllInterfaces() ? new Listener(l.name(), "localhost", l.port()) : l)
                .toList();
    }

    private static List<Listener> parseListeners(String key, String value) {
        List<Listener> parsed = java.util.Arrays.stream(value.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(s -> Listener.parse(key, s)).toList();
        if (parsed.isEmpty()) {
            throw new ConfigException(key, "'" + key + "' names no listener");
        }
        return parsed;
    }

    public List<Path> logDirs() {
        return java.util.Arrays.stream(value("log.dirs").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList();
    }

    public int numPartitions() {
        return intValue("num.partitions");
    }

    public short defaultReplicationFactor() {
        return (short) intValue("default.replication.factor");
    }

    public boolean autoCreateTopics() {
        return booleanValue("auto.create.topics.enable");
    }

    public int socketRequestMaxBytes() {
        return intValue("socket.request.max.bytes");
    }

    public long connectionsMaxIdleMs() {
        return longValue("connections.max.idle.ms");
    }

    public long retentionCheckIntervalMs() {
        return longValue("log.retention.check.interval.ms");
    }
}
