package io.brook.core.log;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.UUID;

/**
 * One log directory's bookkeeping, in Kafka's layout: the {@code .lock} that keeps a second
 * broker out, {@code meta.properties} with the cluster and node ids, and the
 * {@code .kafka_cleanshutdown} marker that tells the next start whether logs need recovery.
 */
public final class DataDirectory implements AutoCloseable {

    static final String LOCK_FILE = ".lock";
    static final String CLEAN_SHUTDOWN_FILE = ".kafka_cleanshutdown";
    static final String META_PROPERTIES = "meta.properties";

    private final Path path;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final boolean cleanShutdown;
    private final String clusterId;

    private DataDirectory(Path path, FileChannel lockChannel, FileLock lock, boolean cleanShutdown, String clusterId) {
        this.path = path;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.cleanShutdown = cleanShutdown;
        this.clusterId = clusterId;
    }

    /**
     * Locks the directory (creating it if needed), reads or writes meta.properties, and consumes
     * the clean-shutdown marker.
     */
    public static DataDirectory open(Path path, int nodeId, String configuredClusterId) throws IOException {
        Files.createDirectories(path);
        FileChannel channel = FileChannel.open(path.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("Data directory " + path.toAbsolutePath() + " is in use by another broker "
                    + "(could not lock " + path.resolve(LOCK_FILE) + "). Stop that broker or choose another log.dirs.");
        }
        try {
            String clusterId = readOrWriteMeta(path, nodeId, configuredClusterId);
            Path marker = path.resolve(CLEAN_SHUTDOWN_FILE);
            boolean clean = Files.exists(marker) || isFresh(path);
            Files.deleteIfExists(marker);
            return new DataDirectory(path, channel, lock, clean, clusterId);
        } catch (IOException | RuntimeException e) {
            lock.release();
            channel.close();
            throw e;
        }
    }

    private static boolean isFresh(Path path) throws IOException {
        try (var entries = Files.list(path)) {
            return entries.allMatch(p -> p.getFileName().toString().startsWith(".")
                    || p.getFileName().toString().equals(META_PROPERTIES));
        }
    }

    private static String readOrWriteMeta(Path dir, int nodeId, String configuredClusterId) throws IOException {
        Path file = dir.resolve(META_PROPERTIES);
        Properties meta = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                meta.load(reader);
            }
            String storedNode = meta.getProperty("node.id");
            if (storedNode != null && Integer.parseInt(storedNode.trim()) != nodeId) {
                throw new IOException(file.toAbsolutePath() + " belongs to node.id " + storedNode.trim()
                        + " but this broker is configured with node.id " + nodeId);
            }
            String storedCluster = meta.getProperty("cluster.id");
            if (configuredClusterId != null && storedCluster != null && !storedCluster.equals(configuredClusterId)) {
                throw new IOException(file.toAbsolutePath() + " belongs to cluster " + storedCluster
                        + " but cluster.id is configured as " + configuredClusterId);
            }
            if (storedCluster != null) {
                return storedCluster;
            }
        }
        String clusterId = configuredClusterId != null ? configuredClusterId : randomClusterId();
        meta.setProperty("version", "1");
        meta.setProperty("node.id", String.valueOf(nodeId));
        meta.setProperty("cluster.id", clusterId);
        Path tmp = dir.resolve(META_PROPERTIES + ".tmp");
        try (Writer writer = Files.newBufferedWriter(tmp)) {
            meta.store(writer, "Written by Brook");
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return clusterId;
    }

    /** Kafka cluster ids are 16 random bytes in URL-safe base64 without padding. */
    private static String randomClusterId() {
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    public Path path() {
        return path;
    }

    public boolean wasCleanShutdown() {
        return cleanShutdown;
    }

    public String clusterId() {
        return clusterId;
    }

    /** Called last on a clean stop, after every log is flushed and closed. */
    public void markCleanShutdown() throws IOException {
        Files.writeString(path.resolve(CLEAN_SHUTDOWN_FILE), "");
    }

    @Override
    public void close() throws IOException {
        lock.release();
        lockChannel.close();
    }
}
