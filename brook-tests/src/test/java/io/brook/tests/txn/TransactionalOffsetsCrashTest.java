package io.brook.tests.txn;

import static io.brook.tests.txn.TxnClients.admin;
import static io.brook.tests.txn.TxnClients.consumer;
import static io.brook.tests.txn.TxnClients.createTopic;
import static io.brook.tests.txn.TxnClients.partitions;
import static io.brook.tests.txn.TxnClients.readAll;
import static io.brook.tests.txn.TxnClients.transactionalProducer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consume-transform-produce with sendOffsetsToTransaction, then kill -9 of a child-process broker: the group
 * offsets of the committed transaction are there after the restart, those of an aborted one and of one still
 * open at the crash (aborted by the coordinator after restart) are not.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TransactionalOffsetsCrashTest {
    @TempDir
    Path dir;
    Process broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.destroyForcibly();
        }
    }

    @Test
    void committedTransactionalOffsetsSurviveKillAndAbortedOrOpenOnesDoNot() throws Exception {
        int port = TxnBrokerProcess.freePort();
        String bootstrap = "127.0.0.1:" + port;
        broker = TxnBrokerProcess.start(dir, port);
        String in;
        String out;
        try (Admin admin = admin(bootstrap)) {
            in = createTopic(admin, 1);
            out = createTopic(admin, 1);
        }
        TopicPartition inTp = new TopicPartition(in, 0);
        String group = "ctp-" + in;
        try (KafkaProducer<String, String> seed = transactionalProducer(bootstrap, "seed-" + in, 30_000)) {
            seed.initTransactions();
            seed.beginTransaction();
            for (int i = 0; i < 4; i++) {
                seed.send(new ProducerRecord<>(in, "k", "in" + i));
            }
            seed.commitTransaction();
        }

        KafkaConsumer<String, String> source = groupConsumer(bootstrap, group);
        KafkaProducer<String, String> producer = transactionalProducer(bootstrap, "ctp-" + in, 30_000);
        KafkaProducer<String, String> open = transactionalProducer(bootstrap, "open-" + in, 15_000);
        try {
            source.subscribe(List.of(in));
            List<ConsumerRecord<String, String>> batch = TxnClients.pollRecords(source, 4);
            assertThat(batch).hasSize(4);
            producer.initTransactions();
            // committed: output + offset 4, with the member's generation (validated by TxnOffsetCommit v3+)
            producer.beginTransaction();
            batch.forEach(r -> producer.send(new ProducerRecord<>(out, r.key(), r.value().toUpperCase())));
            producer.sendOffsetsToTransaction(Map.of(inTp, new OffsetAndMetadata(4, "committed")),
                    source.groupMetadata());
            producer.commitTransaction();
            // aborted: offset 100 must never become visible
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(out, "k", "aborted"));
            producer.sendOffsetsToTransaction(Map.of(inTp, new OffsetAndMetadata(100)), source.groupMetadata());
            producer.abortTransaction();
            // open at the crash: offset 200 written to __consumer_offsets, never committed
            open.initTransactions();
            open.beginTransaction();
            open.send(new ProducerRecord<>(out, "k", "open")).get();
            open.sendOffsetsToTransaction(Map.of(inTp, new OffsetAndMetadata(200)), new ConsumerGroupMetadata(group));
            broker.destroyForcibly().waitFor(); // SIGKILL
        } finally {
            open.close(Duration.ZERO);
            producer.close(Duration.ZERO);
            source.close(Duration.ZERO);
        }

        broker = TxnBrokerProcess.start(dir, port);
        try (Admin admin = admin(bootstrap);
             KafkaConsumer<String, String> stable = groupConsumer(bootstrap, group);
             KafkaConsumer<String, String> rc = consumer(bootstrap, true)) {
            // The open transaction's offsets were replayed from the log as pending: read_committed asks for stable
            // offsets (require_stable) and gets UNSTABLE_OFFSET_COMMIT until the coordinator aborts it (15 s).
            assertThatThrownBy(() -> stable.committed(Set.of(inTp), Duration.ofSeconds(1)))
                    .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
            OffsetAndMetadata committed = stable.committed(Set.of(inTp), Duration.ofSeconds(30)).get(inTp);
            assertThat(committed.offset()).isEqualTo(4L);
            assertThat(committed.metadata()).isEqualTo("committed");
            Map<TopicPartition, OffsetAndMetadata> listed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            assertThat(listed.get(inTp).offset()).isEqualTo(4L);
            assertThat(readAll(rc, partitions(out, 1), Duration.ofSeconds(10)))
                    .containsExactly("IN0", "IN1", "IN2", "IN3");
        }
        // and once more after a clean restart cycle: the markers' outcome is in the log
        broker.destroyForcibly().waitFor();
        broker = TxnBrokerProcess.start(dir, port);
        try (KafkaConsumer<String, String> stable = groupConsumer(bootstrap, group)) {
            assertThat(stable.committed(Set.of(inTp), Duration.ofSeconds(30)).get(inTp).offset()).isEqualTo(4L);
        }
    }

    static KafkaConsumer<String, String> groupConsumer(String bootstrap, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return new KafkaConsumer<>(p);
    }
}
