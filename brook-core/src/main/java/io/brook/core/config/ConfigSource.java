package io.brook.core.config;

/** Where an effective configuration value came from, as DescribeConfigs reports it. */
public enum ConfigSource {
    DYNAMIC_TOPIC_CONFIG, DYNAMIC_BROKER_CONFIG, DYNAMIC_DEFAULT_BROKER_CONFIG, STATIC_BROKER_CONFIG, DEFAULT_CONFIG
}
