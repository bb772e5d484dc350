package io.brook.core.config;

/** An unknown configuration key or a value that does not parse or validate. Names the key. */
public class ConfigException extends RuntimeException {

    private final String key;

    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
