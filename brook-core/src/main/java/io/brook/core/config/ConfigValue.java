package io.brook.core.config;

/** An effective configuration value with its origin, and the broker key it was inherited from. */
public record ConfigValue(String name, String value, ConfigSource source, ConfigType type,
                          String synonym, String doc) {
}
