package io.brook.core.config;

import io.brook.core.config.DescribedConfig.Synonym;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Describes topic and broker configuration the way Kafka's DescribeConfigs does: the effective
 * value, its source, and the synonym chain (topic override, dynamic per-broker config, dynamic
 * cluster default, static server.properties value, default), with Kafka's broker key synonyms
 * (log.retention.ms / .minutes / .hours, log.roll.ms / .hours, log.flush.interval.ms /
 * log.flush.scheduler.interval.ms).
 */
public final class ConfigDescriber {

    private final BrookConfig broker;

    public ConfigDescriber(BrookConfig broker) {
        this.broker = broker;
    }

    /** Every topic key with its effective value for a topic with these overrides. */
    public List<DescribedConfig> describeTopic(Map<String, String> perBroker, Map<String, String> clusterDefaults,
                                               Map<String, String> topicOverrides) {
        TopicConfigResolver resolver = new TopicConfigResolver(broker);
        Map<String, ConfigValue> values = resolver.resolve(perBroker, clusterDefaults, topicOverrides);
        List<DescribedConfig> result = new ArrayList<>();
        for (TopicConfigs.TopicKey topicKey : TopicConfigs.all()) {
            ConfigKey key = topicKey.key();
            boolean sensitive = key.type() == ConfigType.PASSWORD;
            List<Synonym> synonyms = new ArrayList<>();
            if (topicOverrides.containsKey(key.name())) {
                synonyms.add(new Synonym(key.name(), sensitive ? null : topicOverrides.get(key.name()),
                        ConfigSource.DYNAMIC_TOPIC_CONFIG));
            }
            synonyms.addAll(brokerChain(topicKey.brokerSynonym(), perBroker, clusterDefaults, sensitive));
            ConfigSource source = synonyms.isEmpty() ? ConfigSource.DEFAULT_CONFIG : synonyms.get(0).source();
            String value = sensitive ? null : values.get(key.name()).value();
            result.add(new DescribedConfig(key.name(), value, source, key.type(), sensitive, false, key.doc(),
                    List.copyOf(synonyms)));
        }
        return result;
    }

    /** Every broker key of this broker, with its value from the most specific source that sets it. */
    public List<DescribedConfig> describeBroker(Map<String, String> perBroker, Map<String, String> clusterDefaults) {
        List<DescribedConfig> result = new ArrayList<>();
        for (ConfigKey key : BrokerConfigs.all()) {
            boolean sensitive = key.type() == ConfigType.PASSWORD;
            List<Synonym> synonyms = brokerChain(key.name(), perBroker, clusterDefaults, sensitive);
            ConfigSource source = synonyms.isEmpty() ? ConfigSource.DEFAULT_CONFIG : synonyms.get(0).source();
            String value = sensitive ? null : synonyms.isEmpty() ? key.defaultValue() : synonyms.get(0).value();
            result.add(new DescribedConfig(key.name(), value, source, key.type(), sensitive,
                    !BrokerConfigs.isDynamic(key.name()), key.doc(), synonyms));
        }
        return result;
    }

    /** The cluster-wide dynamic defaults (broker resource ""): only the keys set there, as Kafka lists them. */
    public List<DescribedConfig> describeClusterDefaults(Map<String, String> clusterDefaults) {
        List<DescribedConfig> result = new ArrayList<>();
        clusterDefaults.keySet().stream().sorted().forEach(name -> {
            ConfigKey key = BrokerConfigs.find(name).orElse(null);
            ConfigType type = key == null ? ConfigType.STRING : key.type();
            boolean sensitive = type == ConfigType.PASSWORD;
            List<Synonym> synonyms = brokerChain(name, Map.of(), clusterDefaults, sensitive).stream()
                    .filter(s -> s.source() == ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG).toList();
            result.add(new DescribedConfig(name, sensitive ? null : clusterDefaults.get(name),
                    ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, type, sensitive, !BrokerConfigs.isDynamic(name),
                    key == null ? null : key.doc(), synonyms));
        });
        return result;
    }

    /**
     * Kafka's synonym chain of a broker key: each synonym at each source, sources in precedence
     * order, then everything before the first entry for {@code name} itself dropped (so
     * log.retention.ms set nowhere yields an empty chain even though log.retention.hours has a
     * default, exactly as Kafka reports it).
     */
    public List<Synonym> brokerChain(String name, Map<String, String> perBroker, Map<String, String> clusterDefaults,
                                     boolean sensitive) {
        List<String> names = BrokerConfigs.synonyms(name);
        Map<String, String> explicit = broker.explicitValues();
        List<Synonym> all = new ArrayList<>();
        addFrom(all, names, perBroker, ConfigSource.DYNAMIC_BROKER_CONFIG, sensitive);
        addFrom(all, names, clusterDefaults, ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, sensitive);
        addFrom(all, names, explicit, ConfigSource.STATIC_BROKER_CONFIG, sensitive);
        for (String synonym : names) {
            BrokerConfigs.find(synonym).map(ConfigKey::defaultValue).ifPresent(v ->
                    all.add(new Synonym(synonym, sensitive ? null : v, ConfigSource.DEFAULT_CONFIG)));
        }
        int first = 0;
        while (first < all.size() && !all.get(first).name().equals(name)) {
            first++;
        }
        return List.copyOf(all.subList(first, all.size()));
    }

    private static void addFrom(List<Synonym> out, List<String> names, Map<String, String> source,
                                ConfigSource kind, boolean sensitive) {
        for (String synonym : names) {
            if (source.containsKey(synonym)) {
                out.add(new Synonym(synonym, sensitive ? null : source.get(synonym), kind));
            }
        }
    }
}
