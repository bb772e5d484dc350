package io.brook.protocol.handler;

import io.brook.protocol.codec.KafkaRequests;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The handlers of this broker, by API key. Its ranges are what ApiVersions advertises. */
public final class HandlerRegistry {

    private final Map<ApiKey, ApiHandler<?>> handlers = new EnumMap<>(ApiKey.class);
    /** [min, max] per API, read once from the handlers' declarations (checked on every request). */
    private final Map<ApiKey, short[]> ranges = new EnumMap<>(ApiKey.class);

    public HandlerRegistry register(ApiHandler<?> handler) {
        ApiKey key = handler.apiKey();
        if (!KafkaRequests.SUPPORTED.contains(key)) {
            throw new IllegalArgumentException(handler.getClass().getSimpleName() + " serves " + key
                    + ", whose requests the codec cannot read");
        }
        // Never advertise a version Kafka itself still marks unstable.
        if (handler.minVersion() < key.oldestVersion() || handler.maxVersion() > key.latestVersion()) {
            throw new IllegalArgumentException(handler.getClass().getSimpleName() + " declares versions "
                    + handler.minVersion() + "-" + handler.maxVersion() + " outside what the codec knows ("
                    + key.oldestVersion() + "-" + key.latestVersion() + ")");
        }
        if (handlers.putIfAbsent(key, handler) != null) {
            throw new IllegalArgumentException("Two handlers for " + key);
        }
        ranges.put(key, new short[] {handler.minVersion(), handler.maxVersion()});
        return this;
    }

    public Optional<ApiHandler<?>> find(ApiKey key) {
        return Optional.ofNullable(handlers.get(key));
    }

    public boolean supports(ApiKey key, short version) {
        short[] range = ranges.get(key);
        return range != null && version >= range[0] && version <= range[1];
    }

    public Collection<ApiHandler<?>> all() {
        return handlers.values();
    }
}
