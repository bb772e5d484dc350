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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions this broker hosts, kept in step with the metadata image: a partition that
 * appears in the image gets a log (created or recovered), a removed topic's logs are deleted, and
 * config changes reach the logs.
 */
public final class PartitionManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PartitionManager.class);
    private static final Pattern PARTITION_DIR = Pattern.compile("^(.+)-(\\d+)$");

    private final int nodeId;
    private final List<DataDirectory> dataDirs;
    private final TopicConfigResolver configResolver;
    private final Clock clock;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private volatile boolean firstImage = true;

    public PartitionManager(int nodeId, List<DataDirectory> dataDirs, TopicConfigResolver configResolver, Clock clock) {
        this.nodeId = nodeId;
        this.dataDirs = dataDirs;
        this.configResolver = configResolver;
        this.clock = clock;
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
        for (TopicImage topic : image.topicsByName().values()) {
            LogConfig logConfig = LogConfigs.from(configResolver.values(
                    image.brokerConfigs().getOrDefault(String.valueOf(nodeId), Map.of()),
                    image.clusterBrokerDefaults(), topic.configs()));
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
                    partitions.put(tp, openPartition(tp, topic.id(), logConfig, p.leaderEpoch()));
                    if (progress != null) {
                        progress.opened();
                    }
                } else {
                    existing.leaderEpoch(p.leaderEpoch());
                    if (!existing.log().config().equals(logConfig)) {
                        existing.log().updateConfig(logConfig);
                    }
                }
            }
        }
        for (TopicPartition tp : new ArrayList<>(partitions.keySet())) {
            if (!wanted.contains(tp)) {
                deletePartition(tp);
            }
        }
        if (firstImage) {
            firstImage = false;
            deleteOrphanDirectories(wanted);
            progress.done();
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

    private Partition openPartition(TopicPartition tp, UUID topicId, LogConfig config, int leaderEpoch) {
        try {
            DataDirectory dir = directoryFor(tp);
            Path path = dir.path().resolve(tp.dirName());
            boolean existed = Files.isDirectory(path);
            PartitionLog partitionLog = PartitionLog.open(path, config, clock, dir.wasCleanShutdown() || !existed);
            UUID recorded = PartitionMetadataFile.read(path);
            if (recorded == null) {
                PartitionMetadataFile.write(path, topicId);
            }
            return new Partition(tp, topicId, partitionLog, leaderEpoch);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open the log of " + tp + ": " + e.getMessage(), e);
        }
    }

    private DataDirectory directoryFor(TopicPartition tp) {
        for (DataDirectory dir : dataDirs) {
            if (Files.isDirectory(dir.path().resolve(tp.dirName()))) {
                return dir;
            }
        }
        DataDirectory least = dataDirs.get(0);
        long leastCount = Long.MAX_VALUE;
        for (DataDirectory dir : dataDirs) {
            long count = partitions.values().stream()
                    .filter(p -> p.log() != null && pathOf(p).startsWith(dir.path())).count();
            if (count < leastCount) {
                least = dir;
                leastCount = count;
            }
        }
        return least;
    }

    private Path pathOf(Partition partition) {
        for (DataDirectory dir : dataDirs) {
            Path path = dir.path().resolve(partition.topicPartition().dirName());
            if (Files.isDirectory(path)) {
                return path;
            }
        }
        return Path.of("");
    }

    private void deletePartition(TopicPartition tp) {
        Partition partition = partitions.remove(tp);
        if (partition == null) {
            return;
        }
        try {
            partition.log().delete();
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
            try {
                int deleted = partition.log().enforceRetention();
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
        for (Partition partition : partitions.values()) {
            try {
                partition.log().close();
            } catch (IOException e) {
                log.warn("Could not close the log of {}: {}", partition.topicPartition(), e.getMessage());
            }
        }
        partitions.clear();
    }
}
