package io.brook.core.partition;

import io.brook.core.config.TopicConfigResolver;
import io.brook.core.log.DataDirectory;
import io.brook.core.log.LogConfigs;
import io.brook.metadata.image.MetadataImage;
import io.brook.metadata.image.PartitionImage;
import io.brook.metadata.image.TopicImage;
import io.brook.storage.LogConfig;
import io.brook.storage.PartitionLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions this broker hosts, kept in step with the metadata image: a partition that
 * appears in the image gets a log (created or recovered), a removed topic's logs are deleted, and
 * config changes reach the logs.
 *
 * <p>At start-up (the first image) every log is opened, and recovered if need be, before the broker
 * serves. A partition that appears later (CreateTopics, CreatePartitions) is registered at once but its
 * log is created off the metadata change's path: by a background thread, or by the first request that
 * uses it, whichever comes first. Creating the directory and files of a log costs about as much as the
 * whole metadata change (a few file creations each), and the metadata log, fsynced before the change is
 * published, already records the partition: a directory missing after a crash is created on restart.
 */
public final class PartitionManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PartitionManager.class);
    private static final Pattern PARTITION_DIR = Pattern.compile("^(.+)-(\\d+)$");

    private final int nodeId;
    private final List<DataDirectory> dataDirs;
    private final TopicConfigResolver configResolver;
    private final Clock clock;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private final ExecutorService logCreator;
    private volatile boolean firstImage = true;

    public PartitionManager(int nodeId, List<DataDirectory> dataDirs, TopicConfigResolver configResolver, Clock clock) {
        this.nodeId = nodeId;
        this.dataDirs = dataDirs;
        this.configResolver = configResolver;
        this.clock = clock;
        this.logCreator = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "brook-" + nodeId + "-log-creator");
            thread.setDaemon(true);
            return thread;
        });
    }

    public Optional<Partition> partition(TopicPartition tp) {
        return Optional.ofNullable(partitions.get(tp));
    }

    public Optional<Partition> partition(String topic, int index) {
        return partition(new TopicPartition(topic, index));
    }

    public Collection<Partition> all() {
        return partitions.values();
    }

    /** Brings local logs in line with a new metadata image. Called by the controller, one image at a time. */
    public synchronized void onImage(MetadataImage image) {
        Set<TopicPartition> wanted = new HashSet<>();
        StartupProgress progress = firstImage ? new StartupProgress(image) : null;
        Placement placement = new Placement();
        List<Partition> created = new ArrayList<>();
        // most topics have the same overrides (none): resolve each distinct set once per image
        Map<Map<String, String>, LogConfig> logConfigs = new HashMap<>();
        for (TopicImage topic : image.topicsByName().values()) {
            LogConfig logConfig = logConfigs.computeIfAbsent(topic.configs(), overrides -> LogConfigs.from(
                    configResolver.values(image.brokerConfigs().getOrDefault(String.valueOf(nodeId), Map.of()),
                            image.clusterBrokerDefaults(), overrides)));
            for (PartitionImage p : topic.partitions().values()) {
                if (!p.replicas().contains(nodeId)) {
                    continue;
                }
                TopicPartition tp = new TopicPartition(topic.name(), p.partition());
                wanted.add(tp);
                Partition existing = partitions.get(tp);
                if (existing != null && !existing.topicId().equals(topic.id())) {
                    deletePartition(tp);
                    existing = null;
                }
                if (existing == null) {
                    Partition partition = newPartition(tp, topic.id(), logConfig, p.leaderEpoch(), placement);
                    if (progress != null) {
                        partition.openLog();
                        progress.opened();
                    } else {
                        created.add(partition);
                    }
                    partitions.put(tp, partition);
                } else {
                    existing.leaderEpoch(p.leaderEpoch());
                    existing.updateConfig(logConfig);
                }
            }
        }
        for (TopicPartition tp : new ArrayList<>(partitions.keySet())) {
            if (!wanted.contains(tp)) {
                deletePartition(tp);
            }
        }
        if (!created.isEmpty()) {
            logCreator.execute(() -> createLogs(created));
        }
        if (firstImage) {
            firstImage = false;
            deleteOrphanDirectories(wanted);
            progress.done();
        }
    }

    /** Opens the logs of partitions created at run time, unless a request did first. */
    private static void createLogs(List<Partition> created) {
        for (Partition partition : created) {
            if (partition.closed()) {
                continue;
            }
            try {
                partition.openLog();
            } catch (RuntimeException e) {
                if (!partition.closed()) {
                    log.warn("Could not create the log of {} (the first request that needs it tries again): {}",
                            partition.topicPartition(), e.getMessage());
                }
            }
        }
    }

    /** Start-up can open thousands of logs (and recover them after a crash): say how far it got. */
    private final class StartupProgress {
        private final int total;
        private final long startNanos = System.nanoTime();
        private long lastReportNanos = startNanos;
        private int opened;

        StartupProgress(MetadataImage image) {
            total = image.topicsByName().values().stream().mapToInt(t -> t.partitions().size()).sum();
        }

        void opened() {
            opened++;
            long now = System.nanoTime();
            if (now - lastReportNanos > 2_000_000_000L) {
                lastReportNanos = now;
                log.info("Loading logs: {}/{} partitions opened", opened, total);
            }
        }

        void done() {
            if (opened > 0) {
                log.info("Loaded {} partition log(s) in {} ms", opened, (System.nanoTime() - startNanos) / 1_000_000);
            }
        }
    }

    private Partition newPartition(TopicPartition tp, UUID topicId, LogConfig config, int leaderEpoch,
                                   Placement placement) {
        DataDirectory dir = placement.directoryFor(tp);
        Path path = dir.path().resolve(tp.dirName());
        return new Partition(tp, topicId, path, config, c -> openLog(tp, topicId, dir, path, c), leaderEpoch);
    }

    private PartitionLog openLog(TopicPartition tp, UUID topicId, DataDirectory dir, Path path, LogConfig config)
            throws IOException {
        boolean existed = Files.isDirectory(path);
        PartitionLog partitionLog = PartitionLog.open(path, config, clock, dir.wasCleanShutdown() || !existed);
        try {
            if (!existed || PartitionMetadataFile.read(path) == null) {
                PartitionMetadataFile.write(path, topicId);
            }
        } catch (IOException | RuntimeException e) {
            try {
                partitionLog.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        if (!firstImage) {
            log.debug("Created the log of {} in {}", tp, path);
        }
        return partitionLog;
    }

    /** Picks the data directory of new partitions: where the directory exists, else the least loaded. */
    private final class Placement {
        private Map<Path, Integer> counts; // partitions per data directory, counted on first need

        DataDirectory directoryFor(TopicPartition tp) {
            if (dataDirs.size() == 1) {
                return dataDirs.get(0);
            }
            for (DataDirectory dir : dataDirs) {
                if (Files.isDirectory(dir.path().resolve(tp.dirName()))) {
                    return dir;
                }
            }
            if (counts == null) {
                counts = new HashMap<>();
                for (Partition p : partitions.values()) {
                    counts.merge(p.dir().getParent(), 1, Integer::sum);
                }
            }
            DataDirectory least = dataDirs.get(0);
            int leastCount = Integer.MAX_VALUE;
            for (DataDirectory dir : dataDirs) {
                int count = counts.getOrDefault(dir.path(), 0);
                if (count < leastCount) {
                    least = dir;
                    leastCount = count;
                }
            }
            counts.merge(least.path(), 1, Integer::sum);
            return least;
        }
    }

    private void deletePartition(TopicPartition tp) {
        Partition partition = partitions.remove(tp);
        if (partition == null) {
            return;
        }
        try {
            partition.delete();
            log.info("Deleted the log of {}", tp);
        } catch (IOException e) {
            log.warn("Could not delete the log of {}: {}", tp, e.getMessage());
        }
    }

    /** Partition directories of topics deleted while the broker was down. */
    private void deleteOrphanDirectories(Set<TopicPartition> wanted) {
        for (DataDirectory dir : dataDirs) {
            try (var entries = Files.list(dir.path())) {
                for (Path path : entries.toList()) {
                    var matcher = PARTITION_DIR.matcher(path.getFileName().toString());
                    if (!Files.isDirectory(path) || !matcher.matches() || path.getFileName().toString()
                            .startsWith("__cluster_metadata")) {
                        continue;
                    }
                    TopicPartition tp = new TopicPartition(matcher.group(1), Integer.parseInt(matcher.group(2)));
                    if (!wanted.contains(tp)) {
                        log.info("Deleting {}: its topic no longer exists", path);
                        deleteRecursively(path);
                    }
                }
            } catch (IOException e) {
                log.warn("Could not scan {} for deleted topics: {}", dir.path(), e.getMessage());
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Applies time and size retention to every log. */
    public void enforceRetention() {
        for (Partition partition : partitions.values()) {
            PartitionLog partitionLog = partition.logIfOpen();
            if (partitionLog == null) {
                continue; // not created yet: empty
            }
            try {
                int deleted = partitionLog.enforceRetention();
                if (deleted > 0) {
                    log.info("Retention deleted {} segment(s) of {}", deleted, partition.topicPartition());
                }
            } catch (IOException | RuntimeException e) {
                log.warn("Retention of {} failed: {}", partition.topicPartition(), e.getMessage());
            }
        }
    }

    @Override
    public synchronized void close() {
        logCreator.shutdown(); // no interrupt: that would close the channels of a log being created
        for (Partition partition : partitions.values()) {
            try {
                partition.close(); // waits for a creation in progress; a log not created yet never will be
            } catch (IOException e) {
                log.warn("Could not close the log of {}: {}", partition.topicPartition(), e.getMessage());
            }
        }
        partitions.clear();
        try {
            if (!logCreator.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("The log creator thread did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
