package io.brook.core.config;

import java.util.List;

/**
 * One configuration entry as DescribeConfigs reports it: the effective value, where it came from,
 * and (most specific first) every place a value for it is set.
 *
 * @param value null when the key has no value (or is sensitive)
 * @param synonyms the sources in Kafka's order: topic override, dynamic per-broker, dynamic
 *                 cluster default, static broker, default
 */
public record DescribedConfig(String name, String value, ConfigSource source, ConfigType type, boolean sensitive,
                              boolean readOnly, String doc, List<Synonym> synonyms) {

    /** A value of this entry, or of a broker key it falls back to, at one source. */
    public record Synonym(String name, String value, ConfigSource source) {
    }
}
