package io.brook.core.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Computes a topic's effective configuration: its own override, else the cluster-wide dynamic
 * broker default, else the static broker value of the synonym key, else Kafka's default.
 */
public final class TopicConfigResolver {

    private final BrookConfig broker;

    public TopicConfigResolver(BrookConfig broker) {
        this.broker = broker;
    }

    public Map<String, ConfigValue> resolve(Map<String, String> dynamicBrokerDefaults,
                                            Map<String, String> topicOverrides) {
        Map<String, ConfigValue> result = new LinkedHashMap<>();
        for (TopicConfigs.TopicKey topicKey : TopicConfigs.all()) {
            ConfigKey key = topicKey.key();
            String synonym = topicKey.brokerSynonym();
            String value;
            ConfigSource source;
            if (topicOverrides.containsKey(key.name())) {
                value = topicOverrides.get(key.name());
                source = ConfigSource.DYNAMIC_TOPIC_CONFIG;
            } else if (dynamicBrokerDefaults.containsKey(synonym)) {
                value = dynamicBrokerDefaults.get(synonym);
                source = ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG;
            } else if (broker.explicitValues().containsKey(synonym) || isDerivedExplicit(synonym)) {
                value = broker.value(synonym);
                source = ConfigSource.STATIC_BROKER_CONFIG;
            } else {
                String brokerDefault = BrokerConfigs.find(synonym).isPresent() ? broker.value(synonym) : null;
                value = brokerDefault != null ? brokerDefault : key.defaultValue();
                source = ConfigSource.DEFAULT_CONFIG;
            }
            result.put(key.name(), new ConfigValue(key.name(), value, source, key.type(), synonym, key.doc()));
        }
        return result;
    }

    private boolean isDerivedExplicit(String synonym) {
        Map<String, String> explicit = broker.explicitValues();
        return switch (synonym) {
            case "log.retention.ms" -> explicit.containsKey("log.retention.minutes")
                    || explicit.containsKey("log.retention.hours");
            case "log.roll.ms" -> explicit.containsKey("log.roll.hours");
            default -> false;
        };
    }

    /** Effective values only, as plain strings. */
    public Map<String, String> values(Map<String, String> dynamicBrokerDefaults, Map<String, String> topicOverrides) {
        Map<String, String> values = new LinkedHashMap<>();
        resolve(dynamicBrokerDefaults, topicOverrides).forEach((k, v) -> values.put(k, v.value()));
        return values;
    }
}
