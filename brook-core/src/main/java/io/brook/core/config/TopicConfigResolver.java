package io.brook.core.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Computes a topic's effective configuration: its own override, else the broker value of the
 * synonym key, where the broker value is the dynamic per-broker config, else the dynamic
 * cluster-wide default, else server.properties, else Kafka's default (derived keys such as
 * log.retention.hours resolved as Kafka does).
 */
public final class TopicConfigResolver {

    private final BrookConfig broker;

    public TopicConfigResolver(BrookConfig broker) {
        this.broker = broker;
    }

    public Map<String, ConfigValue> resolve(Map<String, String> dynamicBrokerDefaults,
                                            Map<String, String> topicOverrides) {
        return resolve(Map.of(), dynamicBrokerDefaults, topicOverrides);
    }

    /**
     * @param perBroker dynamic configs of this broker (resource "node id")
     * @param dynamicBrokerDefaults dynamic cluster-wide defaults (resource "")
     */
    public Map<String, ConfigValue> resolve(Map<String, String> perBroker, Map<String, String> dynamicBrokerDefaults,
                                            Map<String, String> topicOverrides) {
        BrookConfig effective = broker;
        if (!perBroker.isEmpty() || !dynamicBrokerDefaults.isEmpty()) {
            Map<String, String> dynamic = new HashMap<>(dynamicBrokerDefaults);
            dynamic.putAll(perBroker);
            try {
                effective = broker.with(dynamic);
            } catch (ConfigException e) {
                effective = broker; // validated when set; never fail a log over it
            }
        }
        Map<String, ConfigValue> result = new LinkedHashMap<>();
        for (TopicConfigs.TopicKey topicKey : TopicConfigs.all()) {
            ConfigKey key = topicKey.key();
            String synonym = topicKey.brokerSynonym();
            String value;
            ConfigSource source;
            if (topicOverrides.containsKey(key.name())) {
                value = topicOverrides.get(key.name());
                source = ConfigSource.DYNAMIC_TOPIC_CONFIG;
            } else {
                source = sourceOf(synonym, perBroker, dynamicBrokerDefaults);
                String brokerValue = BrokerConfigs.find(synonym).isPresent() ? effective.value(synonym) : null;
                value = brokerValue != null ? brokerValue : key.defaultValue();
            }
            result.put(key.name(), new ConfigValue(key.name(), value, source, key.type(), synonym, key.doc()));
        }
        return result;
    }

    private ConfigSource sourceOf(String synonym, Map<String, String> perBroker, Map<String, String> defaults) {
        var chain = new ConfigDescriber(broker).brokerChain(synonym, perBroker, defaults, false);
        return chain.isEmpty() ? ConfigSource.DEFAULT_CONFIG : chain.get(0).source();
    }

    /** Effective values only, as plain strings. */
    public Map<String, String> values(Map<String, String> dynamicBrokerDefaults, Map<String, String> topicOverrides) {
        return values(Map.of(), dynamicBrokerDefaults, topicOverrides);
    }

    public Map<String, String> values(Map<String, String> perBroker, Map<String, String> dynamicBrokerDefaults,
                                      Map<String, String> topicOverrides) {
        Map<String, String> values = new LinkedHashMap<>();
        resolve(perBroker, dynamicBrokerDefaults, topicOverrides).forEach((k, v) -> values.put(k, v.value()));
        return values;
    }
}
