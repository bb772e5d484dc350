package io.brook.tests;

import io.brook.embedded.BrookBootstrap;
import io.brook.embedded.BrookExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.brook.tests.Clients.TIMEOUT_S;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class AdminTopicsTest {

    @RegisterExtension
    static final BrookExtension brook = BrookExtension.perClass().config("auto.create.topics.enable", "false");

    private static Admin admin;

    @BeforeAll
    static void connect(@BrookBootstrap String bootstrap) {
        admin = Clients.admin(bootstrap);
    }

    @AfterAll
    static void disconnect() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(10));
        }
    }

    private static TopicDescription describe(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS).get(topic);
    }

    private static Config configOf(String topic) throws Exception {
        ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(res)).all().get(TIMEOUT_S, TimeUnit.SECONDS).get(res);
    }

    @Test
    void createWithConfigsThenDescribe() throws Exception {
        CreateTopicsResult created = admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1)
                .configs(Map.of("retention.ms", "3600000", "cleanup.policy", "compact"))));
        created.all().get(TIMEOUT_S, TimeUnit.SECONDS);
        Uuid id = created.topicId("orders").get();
        assertThat(id).isNotNull().isNotEqualTo(Uuid.ZERO_UUID);
        assertThat(created.numPartitions("orders").get()).isEqualTo(3);

        TopicDescription d = describe("orders");
        assertThat(d.name()).isEqualTo("orders");
        assertThat(d.isInternal()).isFalse();
        assertThat(d.topicId()).isEqualTo(id);
        assertThat(d.partitions()).extracting(TopicPartitionInfo::partition).containsExactly(0, 1, 2);
        for (TopicPartitionInfo p : d.partitions()) {
            assertThat(p.leader()).as("leader of %s", p).isNotNull();
            assertThat(p.replicas()).hasSize(1);
            assertThat(p.isr()).hasSize(1);
        }
        assertThat(admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS)).contains("orders");

        Config config = configOf("orders");
        assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
        assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        // a key the topic does not override still shows its effective value
        assertThat(config.get("max.message.bytes")).isNotNull();
        assertThat(config.get("max.message.bytes").source()).isNotEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
    }

    @Test
    void describeByTopicId() throws Exception {
        Clients.createTopic(admin, "by-id", 2, Map.of());
        Uuid id = describe("by-id").topicId();
        Map<Uuid, TopicDescription> byId = admin.describeTopics(TopicCollection.ofTopicIds(List.of(id)))
                .allTopicIds().get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(byId.get(id).name()).isEqualTo("by-id");
        assertThat(byId.get(id).partitions()).hasSize(2);
    }

    @Test
    void incrementalAlterConfigsSetsAndDeletes() throws Exception {
        Clients.createTopic(admin, "alter-me", 1, Map.of("retention.ms", "1000000", "cleanup.policy", "compact"));
        ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, "alter-me");
        admin.incrementalAlterConfigs(Map.of(res, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "7200000"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("segment.bytes", "1048576"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("cleanup.policy", ""), AlterConfigOp.OpType.DELETE))))
                .all().get(TIMEOUT_S, TimeUnit.SECONDS);

        Config config = configOf("alter-me");
        assertThat(config.get("retention.ms").value()).isEqualTo("7200000");
        assertThat(config.get("segment.bytes").value()).isEqualTo("1048576");
        assertThat(config.get("segment.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(config.get("cleanup.policy").source()).isNotEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
    }

    @Test
    void deleteTopic() throws Exception {
        Clients.createTopic(admin, "doomed", 2, Map.of());
        admin.deleteTopics(List.of("doomed")).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(TIMEOUT_S)).until(() ->
                !admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS).contains("doomed"));
        assertThatThrownBy(() -> describe("doomed"))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        // the name can be reused, with a new id
        Clients.createTopic(admin, "doomed", 1, Map.of());
        assertThat(describe("doomed").partitions()).hasSize(1);
    }

    @Test
    void createPartitionsGrowsTopicAndNewPartitionIsUsable(@BrookBootstrap String bootstrap) throws Exception {
        Clients.createTopic(admin, "growing", 2, Map.of());
        admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(5))).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        // like Kafka, the new partitions may reach the metadata a moment after the call returns
        await().atMost(Duration.ofSeconds(TIMEOUT_S))
                .untilAsserted(() -> assertThat(describe("growing").partitions()).hasSize(5));

        try (KafkaProducer<byte[], byte[]> p = Clients.producer(bootstrap)) {
            RecordMetadata md = p.send(new ProducerRecord<>("growing", 4, RecordAssert.utf8("k"), RecordAssert.utf8("v")))
                    .get(TIMEOUT_S, TimeUnit.SECONDS);
            assertThat(md.partition()).isEqualTo(4);
            assertThat(md.offset()).isZero();
        }
        List<ConsumerRecord<byte[], byte[]>> got = Clients.readAll(bootstrap, List.of(new TopicPartition("growing", 4)), 1);
        assertThat(new String(got.get(0).value())).isEqualTo("v");

        assertThatThrownBy(() -> admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(3)))
                .all().get(TIMEOUT_S, TimeUnit.SECONDS))
                .hasCauseInstanceOf(InvalidPartitionsException.class);
    }

    @Test
    void creatingAnExistingTopicFails() throws Exception {
        Clients.createTopic(admin, "twice", 1, Map.of());
        assertThatThrownBy(() -> Clients.createTopic(admin, "twice", 1, Map.of()))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TopicExistsException.class);
    }

    static List<String> invalidNames() {
        return List.of("has space", "slash/name", "..", "star*", "a".repeat(250));
    }

    @ParameterizedTest
    @MethodSource("invalidNames")
    void invalidTopicNameIsRejected(String name) {
        assertThatThrownBy(() -> Clients.createTopic(admin, name, 1, Map.of()))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InvalidTopicException.class);
    }

    @Test
    void zeroPartitionsIsRejected() {
        assertThatThrownBy(() -> Clients.createTopic(admin, "no-partitions", 0, Map.of()))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InvalidPartitionsException.class);
    }
}
