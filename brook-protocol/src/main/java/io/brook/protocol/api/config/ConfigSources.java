package io.brook.protocol.api.config;

import io.brook.core.config.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse;

/** Maps Brook's config sources to the ids the protocol uses. */
public final class ConfigSources {

    private ConfigSources() {
    }

    public static byte toKafka(ConfigSource source) {
        return (switch (source) {
            case DYNAMIC_TOPIC_CONFIG -> DescribeConfigsResponse.ConfigSource.TOPIC_CONFIG;
            case DYNAMIC_BROKER_CONFIG -> DescribeConfigsResponse.ConfigSource.DYNAMIC_BROKER_CONFIG;
            case DYNAMIC_DEFAULT_BROKER_CONFIG -> DescribeConfigsResponse.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG;
            case STATIC_BROKER_CONFIG -> DescribeConfigsResponse.ConfigSource.STATIC_BROKER_CONFIG;
            case DEFAULT_CONFIG -> DescribeConfigsResponse.ConfigSource.DEFAULT_CONFIG;
        }).id();
    }
}
