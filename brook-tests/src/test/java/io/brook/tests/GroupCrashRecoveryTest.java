package io.brook.tests;

import static io.brook.tests.Clients.TIMEOUT_S;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 3: committed offsets and group state survive a kill -9 of the broker process. */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class GroupCrashRecoveryTest {

    private static final String TOPIC = "orders";
    private static final String GROUP = "billing";

    @Test
    void committedOffsetsAndGroupSurviveSigkill(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Map<TopicPartition, OffsetAndMetadata> committed;
        try (ChildBroker broker = ChildBroker.start(data, tmp.resolve("first.out"))) {
            String bootstrap = broker.bootstrapServers();
            Clients.createTopic(bootstrap, TOPIC, 2, Map.of());
            produce(bootstrap, 0, 100);
            try (KafkaConsumer<byte[], byte[]> consumer = groupConsumer(bootstrap)) {
                consumer.subscribe(List.of(TOPIC));
                assertThat(Clients.pollUntil(consumer, 100)).hasSize(100);
                committed = new java.util.HashMap<>();
                for (TopicPartition tp : Clients.partitions(TOPIC, 2)) {
                    committed.put(tp, new OffsetAndMetadata(consumer.position(tp), "resume-" + tp.partition()));
                }
                consumer.commitSync(committed);
            }
            broker.killHard();
        }
        try (ChildBroker broker = ChildBroker.start(data, tmp.resolve("second.out"));
             Admin admin = Clients.admin(broker.bootstrapServers())) {
            String bootstrap = broker.bootstrapServers();
            assertThat(admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(TIMEOUT_S,
                    TimeUnit.SECONDS)).isEqualTo(committed);
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).describedGroups()
                    .get(GROUP).get(TIMEOUT_S, TimeUnit.SECONDS);
            assertThat(group.groupState()).isEqualTo(GroupState.EMPTY);

            produce(bootstrap, 100, 10);
            try (KafkaConsumer<byte[], byte[]> consumer = groupConsumer(bootstrap)) {
                consumer.subscribe(List.of(TOPIC));
                List<ConsumerRecord<byte[], byte[]>> resumed = Clients.pollUntil(consumer, 10);
                List<String> values = new ArrayList<>();
                resumed.forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
                assertThat(values).as("only the records produced after the commit")
                        .allMatch(v -> Integer.parseInt(v) >= 100).hasSize(10);
                assertThat(consumer.poll(Duration.ofMillis(300))).isEmpty();
            }
        }
    }

    private static KafkaConsumer<byte[], byte[]> groupConsumer(String bootstrap) {
        return Clients.consumer(bootstrap, Map.of(ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    }

    private static void produce(String bootstrap, int from, int count) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(bootstrap)) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(TOPIC, String.valueOf(i).getBytes(StandardCharsets.UTF_8),
                        String.valueOf(i).getBytes(StandardCharsets.UTF_8))).get(TIMEOUT_S, TimeUnit.SECONDS);
            }
        }
    }
}
