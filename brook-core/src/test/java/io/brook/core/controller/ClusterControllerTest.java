package io.brook.core.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.core.config.BrookConfig;
import io.brook.core.error.BrookException;
import io.brook.core.error.ErrorCode;
import io.brook.metadata.image.MetadataImage;
import io.brook.metadata.image.TopicImage;
import io.brook.metadata.log.FileMetadataLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterControllerTest {

    @TempDir
    Path dir;

    private final List<MetadataImage> published = new ArrayList<>();
    private FileMetadataLog log;

    private ClusterController start(Map<String, String> config) throws Exception {
        log = new FileMetadataLog(dir);
        ClusterController controller = new ClusterController(log, BrookConfig.parse(config), published::add);
        controller.start();
        return controller;
    }

    @AfterEach
    void close() throws Exception {
        if (log != null) {
            log.close();
        }
    }

    private static void assertError(Runnable action, ErrorCode code) {
        assertThatThrownBy(action::run).isInstanceOf(BrookException.class)
                .extracting(e -> ((BrookException) e).error()).isEqualTo(code);
    }

    @Test
    void createsTopicWithDefaultsAndPublishesIt() throws Exception {
        ClusterController controller = start(Map.of("num.partitions", "3"));
        TopicImage topic = controller.createTopic(NewTopic.withDefaults("orders"), false);
        assertThat(topic.partitionCount()).isEqualTo(3);
        assertThat(topic.partitions().get(2).replicas()).containsExactly(1);
        assertThat(published.get(published.size() - 1).topic("orders")).isPresent();
    }

    @Test
    void rejectsInvalidRequestsWithKafkasErrors() throws Exception {
        ClusterController controller = start(Map.of());
        controller.createTopic(NewTopic.withDefaults("a.b"), false);
        assertError(() -> controller.createTopic(NewTopic.withDefaults("a.b"), false), ErrorCode.TOPIC_ALREADY_EXISTS);
        assertError(() -> controller.createTopic(NewTopic.withDefaults("a_b"), false),
                ErrorCode.INVALID_TOPIC_EXCEPTION);
        assertError(() -> controller.createTopic(NewTopic.withDefaults("bad name"), false),
                ErrorCode.INVALID_TOPIC_EXCEPTION);
        assertError(() -> controller.createTopic(NewTopic.withDefaults("x".repeat(250)), false),
                ErrorCode.INVALID_TOPIC_EXCEPTION);
        assertError(() -> controller.createTopic(new NewTopic("t", 0, (short) 1, Map.of(), Map.of()), false),
                ErrorCode.INVALID_PARTITIONS);
        assertError(() -> controller.createTopic(new NewTopic("t", 1, (short) 3, Map.of(), Map.of()), false),
                ErrorCode.INVALID_REPLICATION_FACTOR);
        assertError(() -> controller.createTopic(new NewTopic("t", -1, (short) -1, Map.of(0, List.of(7)), Map.of()),
                false), ErrorCode.INVALID_REPLICA_ASSIGNMENT);
        assertError(() -> controller.createTopic(new NewTopic("t", -1, (short) -1, Map.of(), Map.of("retention.ms",
                "soon")), false), ErrorCode.INVALID_CONFIG);
        assertThat(controller.image().topicsByName()).containsOnlyKeys("a.b");
    }

    @Test
    void validateOnlyChangesNothing() throws Exception {
        ClusterController controller = start(Map.of());
        TopicImage preview = controller.createTopic(new NewTopic("t", 4, (short) 1, Map.of(), Map.of()), true);
        assertThat(preview.partitionCount()).isEqualTo(4);
        assertThat(controller.image().topic("t")).isEmpty();
    }

    @Test
    void stateSurvivesRestartByReplay() throws Exception {
        ClusterController controller = start(Map.of());
        TopicImage created = controller.createTopic(new NewTopic("t", 2, (short) 1, Map.of(),
                Map.of("retention.ms", "1000")), false);
        controller.createPartitions("t", 5, null, false);
        controller.incrementalAlterTopicConfigs("t", List.of(new ConfigOp(ConfigOp.Kind.SET, "segment.bytes", "1048576"),
                new ConfigOp(ConfigOp.Kind.DELETE, "retention.ms", null)), false);
        controller.createTopic(NewTopic.withDefaults("gone"), false);
        controller.deleteTopic("gone");
        long producerId = controller.allocateProducerIds(1000);
        log.close();

        ClusterController restarted = start(Map.of());
        TopicImage topic = restarted.image().topic("t").orElseThrow();
        assertThat(topic.id()).isEqualTo(created.id());
        assertThat(topic.partitionCount()).isEqualTo(5);
        assertThat(topic.configs()).isEqualTo(Map.of("segment.bytes", "1048576"));
        assertThat(restarted.image().topic("gone")).isEmpty();
        assertThat(restarted.allocateProducerIds(1000)).isEqualTo(producerId + 1000);
    }

    @Test
    void createPartitionsCannotShrink() throws Exception {
        ClusterController controller = start(Map.of());
        controller.createTopic(new NewTopic("t", 3, (short) 1, Map.of(), Map.of()), false);
        assertError(() -> controller.createPartitions("t", 2, null, false), ErrorCode.INVALID_PARTITIONS);
        assertError(() -> controller.createPartitions("t", 3, null, false), ErrorCode.INVALID_PARTITIONS);
        assertError(() -> controller.createPartitions("nope", 3, null, false), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    }
}
