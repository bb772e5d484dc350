package io.brook.tests;

import io.brook.embedded.EmbeddedBrook;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.brook.tests.Clients.TIMEOUT_S;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Broker-level Kafka configuration keys change behaviour the way they do in Kafka. */
class BrokerConfigTest {

    @Test
    void autoCreateUsesNumPartitionsAndMessageMaxBytesIsTheDefaultLimit() throws Exception {
        try (EmbeddedBrook brook = EmbeddedBrook.builder()
                .config("auto.create.topics.enable", "true")
                .config("num.partitions", "3")
                .config("message.max.bytes", "2000")
                .build().start();
             Admin admin = Clients.admin(brook.bootstrapServers());
             KafkaProducer<byte[], byte[]> producer = Clients.producer(brook.bootstrapServers())) {
            RecordMetadata md = producer.send(new ProducerRecord<>("auto-created", RecordAssert.utf8("v")))
                    .get(TIMEOUT_S, TimeUnit.SECONDS);
            assertThat(md.offset()).isZero();
            assertThat(admin.describeTopics(List.of("auto-created")).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS)
                    .get("auto-created").partitions()).hasSize(3);

            // the broker-wide limit applies to topics without their own max.message.bytes ...
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("auto-created", 0, null, new byte[5000]))
                    .get(TIMEOUT_S, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RecordTooLargeException.class);
            // ... and a topic-level override lifts it
            Clients.createTopic(admin, "roomy", 1, Map.of("max.message.bytes", "100000"));
            assertThat(producer.send(new ProducerRecord<>("roomy", 0, null, new byte[5000]))
                    .get(TIMEOUT_S, TimeUnit.SECONDS).offset()).isZero();
        }
    }

    @Test
    void withoutAutoCreateAnUnknownTopicIsNotCreated() throws Exception {
        try (EmbeddedBrook brook = EmbeddedBrook.builder().config("auto.create.topics.enable", "false").build().start();
             KafkaProducer<byte[], byte[]> producer = Clients.producer(brook.bootstrapServers(),
                     Map.of("max.block.ms", 2000));
             Admin admin = Clients.admin(brook.bootstrapServers())) {
            // the producer waits for metadata that never comes, then gives up
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("not-there", RecordAssert.utf8("v")))
                    .get(TIMEOUT_S, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
            assertThat(admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS)).doesNotContain("not-there");
            assertThatThrownBy(() -> admin.describeTopics(List.of("not-there")).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
            producer.close(Duration.ZERO);
        }
    }
}
