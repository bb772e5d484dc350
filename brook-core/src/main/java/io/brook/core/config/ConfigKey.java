package io.brook.core.config;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One configuration key: name, type, default (as Kafka writes it, null for none) and the rule a
 * value must satisfy. Values travel as strings, exactly as in server.properties and AlterConfigs,
 * and are parsed on use.
 */
public record ConfigKey(String name, ConfigType type, String defaultValue, Predicate<Object> rule,
                        String ruleText, String doc) {

    public static ConfigKey of(String name, ConfigType type, String defaultValue, String doc) {
        return new ConfigKey(name, type, defaultValue, v -> true, null, doc);
    }

    public static ConfigKey atLeast(String name, ConfigType type, String defaultValue, long min, String doc) {
        return new ConfigKey(name, type, defaultValue, v -> ((Number) v).longValue() >= min,
                "a value of at least " + min, doc);
    }

    public static ConfigKey oneOf(String name, String defaultValue, String doc, String... allowed) {
        Set<String> set = Set.of(allowed);
        return new ConfigKey(name, ConfigType.STRING, defaultValue, v -> set.contains(v),
                "one of " + Arrays.toString(allowed), doc);
    }

    public static ConfigKey listOf(String name, String defaultValue, String doc, String... allowed) {
        Set<String> set = Set.of(allowed);
        return new ConfigKey(name, ConfigType.LIST, defaultValue,
                v -> set.containsAll((List<?>) v), "a list of " + Arrays.toString(allowed), doc);
    }

    /** Parses and validates {@code value}; throws a ConfigException naming this key otherwise. */
    public Object parse(String value) {
        if (value == null) {
            return null;
        }
        Object parsed;
        try {
            parsed = switch (type) {
                case BOOLEAN -> parseBoolean(value.trim());
                case INT -> Integer.parseInt(value.trim());
                case SHORT -> Short.parseShort(value.trim());
                case LONG -> Long.parseLong(value.trim());
                case DOUBLE -> Double.parseDouble(value.trim());
                case LIST -> value.isBlank() ? List.of()
                        : Arrays.stream(value.split(",")).map(String::trim).toList();
                case STRING, CLASS, PASSWORD -> value.trim();
            };
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "Invalid value '" + value + "' for configuration '" + name
                    + "': expected " + type.name().toLowerCase());
        }
        if (!rule.test(parsed)) {
            throw new ConfigException(name, "Invalid value '" + value + "' for configuration '" + name
                    + "': expected " + ruleText);
        }
        return parsed;
    }

    private Boolean parseBoolean(String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException(name, "Invalid value '" + value + "' for configuration '" + name
                + "': expected true or false");
    }
}
