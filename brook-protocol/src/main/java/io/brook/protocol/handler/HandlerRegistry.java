package io.brook.protocol.handler;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.protocol.ApiKeys;

/** The handlers of this broker, by API key. Its ranges are what ApiVersions advertises. */
public final class HandlerRegistry {

    private final Map<ApiKeys, ApiHandler<?>> handlers = new EnumMap<>(ApiKeys.class);
    /** [min, max] per API, read once from the handlers' declarations (checked on every request). */
    private final Map<ApiKeys, short[]> ranges = new EnumMap<>(ApiKeys.class);

    public HandlerRegistry register(ApiHandler<?> handler) {
        ApiKeys key = handler.apiKey();
        // Never advertise a version Kafka itself still marks unstable.
        if (handler.minVersion() < key.oldestVersion() || handler.maxVersion() > key.latestVersion(false)) {
            throw new IllegalArgumentException(handler.getClass().getSimpleName() + " declares versions "
                    + handler.minVersion() + "-" + handler.maxVersion() + " outside what the codec knows ("
                    + key.oldestVersion() + "-" + key.latestVersion(false) + ")");
        }
        if (handlers.putIfAbsent(key, handler) != null) {
            throw new IllegalArgumentException("Two handlers for " + key);
        }
        ranges.put(key, new short[] {handler.minVersion(), handler.maxVersion()});
        return this;
    }

    public Optional<ApiHandler<?>> find(ApiKeys key) {
        return Optional.ofNullable(handlers.get(key));
    }

    public boolean supports(ApiKeys key, short version) {
        short[] range = ranges.get(key);
        return range != null && version >= range[0] && version <= range[1];
    }

    public Collection<ApiHandler<?>> all() {
        return handlers.values();
    }
}
