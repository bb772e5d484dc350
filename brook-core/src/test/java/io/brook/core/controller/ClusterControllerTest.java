package io.brook.core.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.core.config.BrookConfig;
import io.brook.core.error.BrookException;
import io.brook.core.error.ErrorCode;
import io.brook.metadata.image.MetadataImage;
import io.brook.metadata.image.TopicImage;
import io.brook.metadata.log.FileMetadataLog;
import io.brook.metadata.log.MetadataLog;
import io.brook.metadata.record.MetadataRecord;
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
    void createTopicsCommitsAllValidTopicsInOneBatch() throws Exception {
        ClusterController controller = start(Map.of());
        controller.createTopic(NewTopic.withDefaults("existing"), false);
        long offsetBefore = controller.image().lastOffset();
        int publishedBefore = published.size();

        List<ClusterController.TopicCreation> outcomes = controller.createTopics(List.of(
                new NewTopic("a", 3, (short) 1, Map.of(), Map.of("retention.ms", "1000")),
                NewTopic.withDefaults("existing"),
                new NewTopic("b.c", 2, (short) 1, Map.of(), Map.of()),
                NewTopic.withDefaults("b_c"),
                NewTopic.withDefaults("bad name"),
                new NewTopic("d", 1, (short) 1, Map.of(), Map.of())), false);

        assertThat(outcomes).extracting(ClusterController.TopicCreation::name)
                .containsExactly("a", "existing", "b.c", "b_c", "bad name", "d");
        assertThat(outcomes.get(0).topic().partitionCount()).isEqualTo(3);
        assertThat(outcomes.get(2).topic().partitionCount()).isEqualTo(2);
        assertThat(outcomes.get(5).topic().partitionCount()).isEqualTo(1);
        assertThat(((BrookException) outcomes.get(1).error()).error()).isEqualTo(ErrorCode.TOPIC_ALREADY_EXISTS);
        // validated against the topics before it in the same request
        assertThat(((BrookException) outcomes.get(3).error()).error()).isEqualTo(ErrorCode.INVALID_TOPIC_EXCEPTION);
        assertThat(((BrookException) outcomes.get(4).error()).error()).isEqualTo(ErrorCode.INVALID_TOPIC_EXCEPTION);
        assertThat(published).hasSize(publishedBefore + 1);
        // 3 topic + 6 partition + 1 config records, all in the batch after the one that created "existing"
        assertThat(controller.image().lastOffset()).isEqualTo(offsetBefore + 10);
        assertThat(controller.image().topicsByName()).containsOnlyKeys("existing", "a", "b.c", "d");
        assertThat(controller.image().topic("a").orElseThrow().configs()).isEqualTo(Map.of("retention.ms", "1000"));

        log.close();
        ClusterController restarted = start(Map.of());
        assertThat(restarted.image().topicsByName()).containsOnlyKeys("existing", "a", "b.c", "d");
    }

    @Test
    void createTopicsAppendsOnceAndFailsEveryTopicWhenTheAppendFails() throws Exception {
        FileMetadataLog file = new FileMetadataLog(dir);
        log = file;
        List<Integer> appends = new ArrayList<>();
        boolean[] fail = {false};
        MetadataLog counting = new MetadataLog() {
            @Override
            public long append(List<MetadataRecord> records) throws java.io.IOException {
                appends.add(records.size());
                if (fail[0]) {
                    throw new java.io.IOException("disk full");
                }
                return file.append(records);
            }

            @Override
            public void replay(Visitor visitor) throws java.io.IOException {
                file.replay(visitor);
            }

            @Override
            public void close() throws java.io.IOException {
                file.close();
            }
        };
        ClusterController controller = new ClusterController(counting, BrookConfig.parse(Map.of()), published::add);
        controller.start();

        List<NewTopic> topics = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            topics.add(new NewTopic("t" + i, 8, (short) 1, Map.of(), Map.of()));
        }
        assertThat(controller.createTopics(topics, false)).allMatch(o -> o.error() == null);
        assertThat(appends).containsExactly(90);

        fail[0] = true;
        List<ClusterController.TopicCreation> failed = controller.createTopics(List.of(
                NewTopic.withDefaults("u1"), NewTopic.withDefaults("t0"), NewTopic.withDefaults("u2")), false);
        assertThat(failed.get(0).error()).isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(((BrookException) failed.get(1).error()).error()).isEqualTo(ErrorCode.TOPIC_ALREADY_EXISTS);
        assertThat(failed.get(2).error()).isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(controller.image().topicsByName()).doesNotContainKeys("u1", "u2");
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
