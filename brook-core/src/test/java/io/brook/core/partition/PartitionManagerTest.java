package io.brook.core.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.brook.core.config.BrookConfig;
import io.brook.core.config.TopicConfigResolver;
import io.brook.core.controller.ClusterController;
import io.brook.core.controller.NewTopic;
import io.brook.core.log.DataDirectory;
import io.brook.metadata.image.TopicImage;
import io.brook.metadata.log.FileMetadataLog;
import io.brook.storage.LogConfig;
import io.brook.storage.PartitionLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionManagerTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private PartitionManager partitions;
    private ClusterController controller;

    private Path data() {
        return dir.resolve("data");
    }

    private void start() throws Exception {
        BrookConfig config = BrookConfig.parse(Map.of("log.dirs", data().toString()));
        DataDirectory dataDir = DataDirectory.open(data(), 1, null);
        open.add(dataDir);
        FileMetadataLog log = new FileMetadataLog(data().resolve("__cluster_metadata-0"));
        open.add(log);
        partitions = new PartitionManager(1, List.of(dataDir), new TopicConfigResolver(config), Clock.systemUTC());
        open.add(partitions);
        controller = new ClusterController(log, config, partitions::onImage);
        controller.start();
    }

    private void stop() throws Exception {
        List<AutoCloseable> reversed = new ArrayList<>(open);
        Collections.reverse(reversed);
        for (AutoCloseable c : reversed) {
            c.close();
        }
        open.clear();
    }

    @AfterEach
    void cleanUp() throws Exception {
        stop();
    }

    private static boolean hasLogFiles(Path partitionDir) {
        return Files.exists(partitionDir.resolve("00000000000000000000.log"))
                && Files.exists(partitionDir.resolve(PartitionMetadataFile.NAME));
    }

    @Test
    void partitionsCreatedAtRunTimeAreRegisteredAtOnceAndGetTheirLogsInTheBackground() throws Exception {
        start();
        List<NewTopic> topics = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            topics.add(new NewTopic("t" + i, 4, (short) 1, Map.of(), Map.of()));
        }
        controller.createTopics(topics, false);

        for (int i = 0; i < 5; i++) {
            for (int p = 0; p < 4; p++) {
                assertThat(partitions.partition("t" + i, p)).as("t%d-%d", i, p).isPresent();
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (int i = 0; i < 5; i++) {
                for (int p = 0; p < 4; p++) {
                    assertThat(hasLogFiles(data().resolve("t" + i + "-" + p))).as("t%d-%d", i, p).isTrue();
                }
            }
        });
        UUID id = controller.image().topic("t3").orElseThrow().id();
        assertThat(PartitionMetadataFile.read(data().resolve("t3-2"))).isEqualTo(id);
    }

    @Test
    void theFirstUseOfAPartitionOpensItsLog() throws Exception {
        start();
        controller.createTopic(new NewTopic("t", 8, (short) 1, Map.of(), Map.of()), false);
        // whether or not the background creator got there first, a request finds a working log
        for (int p = 0; p < 8; p++) {
            Partition partition = partitions.partition("t", p).orElseThrow();
            assertThat(partition.highWatermark()).isZero();
            assertThat(partition.log().dir()).isEqualTo(data().resolve("t-" + p));
            assertThat(hasLogFiles(partition.dir())).isTrue();
        }
    }

    @Test
    void aPartitionDeletedBeforeItsLogIsCreatedIsNeverCreated() throws Exception {
        Path partitionDir = dir.resolve("x-0");
        AtomicInteger opens = new AtomicInteger();
        Partition partition = new Partition(new TopicPartition("x", 0), UUID.randomUUID(), partitionDir,
                LogConfig.defaults(), config -> {
                    opens.incrementAndGet();
                    return PartitionLog.open(partitionDir, config, Clock.systemUTC(), true);
                }, 0);
        partition.delete();

        assertThatThrownBy(partition::log).isInstanceOf(IllegalStateException.class);
        assertThat(opens).hasValue(0);
        assertThat(partitionDir).doesNotExist();
    }

    @Test
    void configChangesReachALogThatIsNotOpenYet() throws Exception {
        Path partitionDir = dir.resolve("x-0");
        Partition partition = new Partition(new TopicPartition("x", 0), UUID.randomUUID(), partitionDir,
                LogConfig.defaults(), config -> PartitionLog.open(partitionDir, config, Clock.systemUTC(), true), 0);
        LogConfig changed = LogConfig.defaults().withRetentionMs(1234);
        partition.updateConfig(changed);
        try (PartitionLog log = partition.log()) {
            assertThat(log.config()).isEqualTo(changed);
        }
    }

    @Test
    void aDeletedTopicLeavesNoDirectoryBehind() throws Exception {
        start();
        controller.createTopic(new NewTopic("gone", 4, (short) 1, Map.of(), Map.of()), false);
        controller.deleteTopic("gone");

        assertThat(partitions.partition("gone", 0)).isEmpty();
        // the background creator must not bring back the directory of a deleted partition
        stop();
        try (Stream<Path> entries = Files.list(data())) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("gone-"));
        }
    }

    @Test
    void partitionDirectoriesMissingAfterACrashAreCreatedFromTheMetadataLogOnStart() throws Exception {
        start();
        TopicImage created = controller.createTopic(new NewTopic("t", 3, (short) 1, Map.of(), Map.of()), false);
        // as if the broker died after CreateTopics was answered but before the logs were created
        stop();
        for (int p = 0; p < 3; p++) {
            deleteRecursively(data().resolve("t-" + p));
        }

        start();
        for (int p = 0; p < 3; p++) {
            Path partitionDir = data().resolve("t-" + p);
            assertThat(hasLogFiles(partitionDir)).as("t-%d created at start", p).isTrue();
            assertThat(PartitionMetadataFile.read(partitionDir)).isEqualTo(created.id());
            assertThat(partitions.partition("t", p).orElseThrow().highWatermark()).isZero();
        }
    }

    private static void deleteRecursively(Path path) throws Exception {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
