package io.brook.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;

/**
 * One running Brook broker: storage, metadata, the request handlers and the network listener,
 * built from Kafka-style configuration properties. Holds no static state, so several brokers can
 * run in one JVM.
 */
public final class BrookServer implements AutoCloseable {

    private final Map<String, String> properties;

    /** @param properties Kafka configuration keys (listeners, log.dirs, num.partitions, ...). */
    public BrookServer(Map<String, String> properties) {
        this.properties = Map.copyOf(properties);
    }

    /** Opens the data directory, replays metadata, recovers logs and binds the listener. */
    public void start() throws IOException {
        throw new UnsupportedOperationException("not built yet");
    }

    /** The address the listener is bound to (port resolved when the configured port was 0). */
    public InetSocketAddress boundAddress() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** host:port a client should use to reach this broker. */
    public String bootstrapServers() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** The first configured log directory. */
    public Path dataDir() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Stops accepting connections, flushes and closes every log, writes the clean-shutdown marker. */
    @Override
    public void close() {
    }
}
