package io.brook.embedded;

import io.brook.core.error.BrookException;
import io.brook.core.error.ErrorCode;
import io.brook.server.BrookServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Brook broker running inside the current JVM, for tests.
 *
 * <pre>{@code
 * try (EmbeddedBrook brook = EmbeddedBrook.builder()
 *         .config("num.partitions", "3")
 *         .topic("orders", 6)
 *         .build()
 *         .start()) {
 *     Properties props = new Properties();
 *     props.put("bootstrap.servers", brook.bootstrapServers());
 *     // ... use any Kafka client ...
 * }
 * }</pre>
 *
 * <p>By default the broker listens on an ephemeral port of {@code 127.0.0.1} and keeps its data in a
 * fresh temporary directory that {@link #close()} deletes. A directory given with
 * {@link Builder#dataDir(Path)} is kept. Instances share no state, so several brokers can run in
 * one JVM (and in parallel tests).
 *
 * <p>Not thread-safe: start, restart and close one instance from one thread at a time.
 */
public final class EmbeddedBrook implements AutoCloseable {

    static final String LISTENERS = "listeners";
    static final String LOG_DIRS = "log.dirs";
    private static final String DEFAULT_LISTENERS = "PLAINTEXT://127.0.0.1:0";

    private final Map<String, String> config;
    private final List<TopicSpec> topics;
    private final Path configuredDataDir;

    private Path dataDir;
    private boolean ownsDataDir;
    private BrookServer server;
    private boolean topicsCreated;
    private int lastPort = -1;

    private EmbeddedBrook(Builder b) {
        this.config = Collections.unmodifiableMap(new LinkedHashMap<>(b.config));
        this.topics = List.copyOf(b.topics);
        this.configuredDataDir = b.dataDir;
    }

    /** A new builder; nothing runs until {@link EmbeddedBrook#start()}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the broker and creates the builder's topics (those that do not exist yet).
     *
     * @return this, to chain with {@code build()}
     * @throws IllegalStateException if already running
     * @throws UncheckedIOException if the data directory or listener cannot be opened
     */
    public EmbeddedBrook start() {
        if (server != null) {
            throw new IllegalStateException("already running on " + bootstrapServers());
        }
        if (dataDir == null) {
            try {
                if (configuredDataDir != null) {
                    dataDir = Files.createDirectories(configuredDataDir);
                    ownsDataDir = false;
                } else {
                    dataDir = Files.createTempDirectory("brook-embedded-");
                    ownsDataDir = true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create data directory", e);
            }
        }
        startServer(config.getOrDefault(LISTENERS, DEFAULT_LISTENERS));
        if (!topicsCreated) {
            for (TopicSpec t : topics) {
                createTopic(t.name(), t.partitions(), t.configs());
            }
            topicsCreated = true;
        }
        return this;
    }

    /**
     * Closes the broker cleanly and starts it again on the same data directory. When the listener
     * used an ephemeral port, the new broker tries to bind the same port again so that connected
     * clients reconnect on their own; if that port is taken it falls back to a new ephemeral port,
     * so read {@link #bootstrapServers()} again after a restart.
     *
     * @return this
     */
    public EmbeddedBrook restart() {
        requireRunning();
        int port = lastPort;
        stopServer();
        String listeners = config.getOrDefault(LISTENERS, DEFAULT_LISTENERS);
        if (listeners.equals(DEFAULT_LISTENERS) && port > 0) {
            try {
                startServer("PLAINTEXT://127.0.0.1:" + port);
                return this;
            } catch (RuntimeException e) {
                if (!isBindFailure(e)) {
                    throw e;
                }
                stopServer();
            }
        }
        startServer(listeners);
        return this;
    }

    /**
     * Creates a topic on the running broker.
     *
     * @param configs topic-level configuration (Kafka keys such as {@code retention.ms})
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        requireRunning();
        TopicCreation.create(server, name, partitions, configs);
    }

    /** {@code host:port} of the running broker, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        requireRunning();
        return server.bootstrapServers();
    }

    /** The address the listener is bound to. */
    public InetSocketAddress boundAddress() {
        requireRunning();
        return server.boundAddress();
    }

    /** The broker's data directory ({@code log.dirs}); known once started. */
    public Path dataDir() {
        if (dataDir == null) {
            throw new IllegalStateException("not started yet");
        }
        return dataDir;
    }

    /** Whether the broker is running. */
    public boolean isRunning() {
        return server != null;
    }

    /** The configuration the broker is started with (without {@code log.dirs}). */
    public Map<String, String> config() {
        return config;
    }

    /**
     * Stops the broker and waits until its threads and files are released. Deletes the data
     * directory if it is a temporary one this instance created. Idempotent.
     */
    @Override
    public void close() {
        try {
            stopServer();
        } finally {
            if (ownsDataDir && dataDir != null) {
                deleteRecursively(dataDir);
                dataDir = null;
                ownsDataDir = false;
            }
        }
    }

    @Override
    public String toString() {
        return "EmbeddedBrook[" + (server == null ? "stopped" : server.bootstrapServers())
                + ", dataDir=" + dataDir + "]";
    }

    private void startServer(String listeners) {
        Map<String, String> props = new LinkedHashMap<>(config);
        props.put(LISTENERS, listeners);
        props.put(LOG_DIRS, dataDir.toString());
        BrookServer s = new BrookServer(props);
        try {
            s.start();
        } catch (IOException e) {
            closeQuietly(s);
            throw new UncheckedIOException("Brook failed to start on " + dataDir, e);
        } catch (RuntimeException | Error e) {
            closeQuietly(s);
            throw e;
        }
        server = s;
        lastPort = s.boundAddress().getPort();
    }

    private void stopServer() {
        BrookServer s = server;
        server = null;
        if (s != null) {
            s.close();
        }
    }

    private void requireRunning() {
        if (server == null) {
            throw new IllegalStateException("Brook is not running; call start()");
        }
    }

    private static void closeQuietly(BrookServer s) {
        try {
            s.close();
        } catch (RuntimeException ignored) {
            // best effort after a failed start
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
            if (t instanceof UncheckedIOException u && u.getCause() instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    static void deleteRecursively(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException ignored) {
            // already gone
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /** A topic the builder creates at start. */
    record TopicSpec(String name, int partitions, Map<String, String> configs) {
        TopicSpec {
            Objects.requireNonNull(name, "name");
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
            }
            configs = Map.copyOf(configs);
        }
    }

    /** Configures an {@link EmbeddedBrook}. */
    public static final class Builder {
        private final Map<String, String> config = new LinkedHashMap<>();
        private final List<TopicSpec> topics = new ArrayList<>();
        private Path dataDir;

        private Builder() {
        }

        /**
         * Sets a broker configuration key (Kafka's names: {@code num.partitions},
         * {@code auto.create.topics.enable}, {@code message.max.bytes}, ...). {@code listeners}
         * defaults to {@code PLAINTEXT://127.0.0.1:0}; {@code log.dirs} is set from
         * {@link #dataDir(Path)}.
         */
        public Builder config(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (key.equals(LOG_DIRS)) {
                return dataDir(Path.of(value.split(",")[0].trim()));
            }
            config.put(key, value);
            return this;
        }

        /** Sets several broker configuration keys. */
        public Builder config(Map<String, String> values) {
            values.forEach(this::config);
            return this;
        }

        /**
         * Keeps the broker's data in this directory (created if missing, never deleted). Without
         * it, a temporary directory is used and deleted on {@link EmbeddedBrook#close()}.
         */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** A topic to create when the broker starts. */
        public Builder topic(String name, int partitions) {
            return topic(name, partitions, Map.of());
        }

        /** A topic with topic-level configuration to create when the broker starts. */
        public Builder topic(String name, int partitions, Map<String, String> configs) {
            topics.add(new TopicSpec(name, partitions, configs));
            return this;
        }

        /** The broker, not yet started. */
        public EmbeddedBrook build() {
            return new EmbeddedBrook(this);
        }
    }

    /** Topic creation through {@link BrookServer#createTopic}; an existing topic is kept as it is. */
    static final class TopicCreation {
        private TopicCreation() {
        }

        static void create(BrookServer server, String name, int partitions, Map<String, String> configs) {
            try {
                server.createTopic(name, partitions, Map.copyOf(configs));
            } catch (BrookException e) {
                if (e.error() != ErrorCode.TOPIC_ALREADY_EXISTS) {
                    throw e;
                }
                // reopened on a directory that already has it
            }
        }
    }
}
