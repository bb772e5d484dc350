package io.brook.tests.txn;

import static io.brook.tests.txn.TxnClients.admin;
import static io.brook.tests.txn.TxnClients.consumer;
import static io.brook.tests.txn.TxnClients.createTopic;
import static io.brook.tests.txn.TxnClients.partitions;
import static io.brook.tests.txn.TxnClients.readAll;
import static io.brook.tests.txn.TxnClients.transactionalProducer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.server.BrookServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Exactly-once with the Java client against one in-process Brook. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransactionsTest {
    @TempDir
    static Path dir;
    static BrookServer broker;
    static String bootstrap;
    static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        broker = new BrookServer(Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "log.dirs", dir.toString(),
                "transaction.state.log.num.partitions", "3",
                "transaction.abort.timed.out.transaction.cleanup.interval.ms", "200"));
        broker.start();
        bootstrap = broker.bootstrapServers();
        admin = admin(bootstrap);
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void commitIsVisibleToReadCommitted() throws Exception {
        String topic = createTopic(admin, 1);
        try (KafkaProducer<String, String> producer = transactionalProducer(bootstrap, "commit-" + topic, 30_000);
             KafkaConsumer<String, String> rc = consumer(bootstrap, true)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            producer.commitTransaction();
            List<String> values = readAll(rc, partitions(topic, 1), Duration.ofSeconds(10));
            assertThat(values).containsExactly("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
            // 10 records + the commit marker
            assertThat(rc.endOffsets(partitions(topic, 1)).get(new TopicPartition(topic, 0))).isEqualTo(11L);
        }
    }

    @Test
    void abortIsInvisibleToReadCommittedButVisibleToReadUncommitted() throws Exception {
        String topic = createTopic(admin, 1);
        try (KafkaProducer<String, String> producer = transactionalProducer(bootstrap, "abort-" + topic, 30_000);
             KafkaConsumer<String, String> rc = consumer(bootstrap, true);
             KafkaConsumer<String, String> ru = consumer(bootstrap, false)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "a", "aborted-1"));
            producer.send(new ProducerRecord<>(topic, "a", "aborted-2"));
            producer.flush(); // else the client drops the unsent batches instead of writing them
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "c", "committed"));
            producer.commitTransaction();
            assertThat(readAll(rc, partitions(topic, 1), Duration.ofSeconds(10))).containsExactly("committed");
            assertThat(readAll(ru, partitions(topic, 1), Duration.ofSeconds(10)))
                    .containsExactly("aborted-1", "aborted-2", "committed");
        }
    }

    @Test
    void transactionAcrossTwoTopicsAndThreePartitionsIsAtomic() throws Exception {
        String t1 = createTopic(admin, 2);
        String t2 = createTopic(admin, 1);
        List<TopicPartition> all = new ArrayList<>(partitions(t1, 2));
        all.addAll(partitions(t2, 1));
        try (KafkaProducer<String, String> producer = transactionalProducer(bootstrap, "multi-" + t1, 30_000);
             KafkaConsumer<String, String> rc = consumer(bootstrap, true)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(t1, 0, "k", "abort-a"));
            producer.send(new ProducerRecord<>(t1, 1, "k", "abort-b"));
            producer.send(new ProducerRecord<>(t2, 0, "k", "abort-c"));
            producer.flush();
            // while open: nothing is visible anywhere
            assertThat(readAll(rc, all, Duration.ofMillis(500))).isEmpty();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(t1, 0, "k", "a"));
            producer.send(new ProducerRecord<>(t1, 1, "k", "b"));
            producer.send(new ProducerRecord<>(t2, 0, "k", "c"));
            producer.commitTransaction();
            assertThat(readAll(rc, all, Duration.ofSeconds(10))).containsExactlyInAnyOrder("a", "b", "c");
        }
    }

    @Test
    void secondProducerWithSameTransactionalIdFencesTheFirst() throws Exception {
        String topic = createTopic(admin, 1);
        String id = "fence-" + topic;
        try (KafkaProducer<String, String> first = transactionalProducer(bootstrap, id, 30_000);
             KafkaProducer<String, String> second = transactionalProducer(bootstrap, id, 30_000);
             KafkaConsumer<String, String> rc = consumer(bootstrap, true)) {
            first.initTransactions();
            first.beginTransaction();
            first.send(new ProducerRecord<>(topic, "k", "zombie")).get();
            second.initTransactions(); // fences `first` and aborts its open transaction
            second.beginTransaction();
            second.send(new ProducerRecord<>(topic, "k", "live"));
            second.commitTransaction();
            assertThatThrownBy(first::commitTransaction).isInstanceOf(ProducerFencedException.class);
            assertThat(readAll(rc, partitions(topic, 1), Duration.ofSeconds(10))).containsExactly("live");
        }
    }

    @Test
    void readCommittedConsumerWaitsAtOpenTransactionThenGetsItsRecords() throws Exception {
        String topic = createTopic(admin, 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaProducer<String, String> producer = transactionalProducer(bootstrap, "wait-" + topic, 30_000);
             KafkaConsumer<String, String> rc = consumer(bootstrap, true)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "first"));
            producer.send(new ProducerRecord<>(topic, "k", "second"));
            producer.flush();
            rc.assign(List.of(tp));
            rc.seekToBeginning(List.of(tp));
            assertThat(rc.poll(Duration.ofMillis(700))).isEmpty();
            assertThat(rc.position(tp)).isZero();
            producer.commitTransaction();
            long committedAt = System.nanoTime();
            List<String> got = new ArrayList<>();
            while (got.size() < 2 && System.nanoTime() - committedAt < TimeUnit.SECONDS.toNanos(5)) {
                for (ConsumerRecord<String, String> r : rc.poll(Duration.ofMillis(50))) {
                    got.add(r.value());
                }
            }
            assertThat(got).containsExactly("first", "second");
            assertThat(System.nanoTime() - committedAt).isLessThan(TimeUnit.SECONDS.toNanos(2));
        }
    }

    @Test
    void abandonedTransactionIsAbortedAfterItsTimeout() throws Exception {
        String topic = createTopic(admin, 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        String id = "abandoned-" + topic;
        try (KafkaProducer<String, String> producer = transactionalProducer(bootstrap, id, 1_500);
             KafkaConsumer<String, String> rc = consumer(bootstrap, true);
             KafkaConsumer<String, String> ru = consumer(bootstrap, false)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "abandoned")).get();
            assertThat(rc.endOffsets(List.of(tp)).get(tp)).isZero();
            TransactionDescription open = admin.describeTransactions(List.of(id)).description(id).get();
            assertThat(open.state().toString()).isEqualToIgnoringCase("ONGOING");
            assertThat(open.topicPartitions()).containsExactly(tp);
            assertThat(admin.listTransactions().all().get()).extracting(TransactionListing::transactionalId)
                    .contains(id);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (rc.endOffsets(List.of(tp)).get(tp) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(rc.endOffsets(List.of(tp)).get(tp)).isEqualTo(2L); // record + abort marker
            assertThat(readAll(rc, List.of(tp), Duration.ofSeconds(5))).isEmpty();
            assertThat(readAll(ru, List.of(tp), Duration.ofSeconds(5))).containsExactly("abandoned");
            // the late producer is fenced
            assertThatThrownBy(producer::commitTransaction).isInstanceOf(KafkaException.class);
        }
    }

    @Test
    void consumeTransformProduceCommitsGroupOffsetOnlyOnCommit() throws Exception {
        String in = createTopic(admin, 1);
        String out = createTopic(admin, 1);
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
        try (KafkaProducer<String, String> producer = transactionalProducer(bootstrap, "ctp-" + in, 30_000);
             KafkaConsumer<String, String> source = groupConsumer(group);
             KafkaConsumer<String, String> rc = consumer(bootstrap, true)) {
            source.subscribe(List.of(in));
            List<ConsumerRecord<String, String>> batch = TxnClients.pollRecords(source, 4);
            assertThat(batch).hasSize(4);
            producer.initTransactions();
            // first attempt: transform, send offsets, then abort -> neither output nor offset
            producer.beginTransaction();
            batch.forEach(r -> producer.send(new ProducerRecord<>(out, r.key(), r.value().toUpperCase())));
            producer.sendOffsetsToTransaction(Map.of(inTp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(4)),
                    source.groupMetadata());
            producer.flush();
            producer.abortTransaction();
            assertThat(source.committed(java.util.Set.of(inTp)).get(inTp)).isNull();
            // second attempt commits both
            producer.beginTransaction();
            batch.forEach(r -> producer.send(new ProducerRecord<>(out, r.key(), r.value().toUpperCase())));
            producer.sendOffsetsToTransaction(Map.of(inTp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(4)),
                    source.groupMetadata());
            producer.commitTransaction();
            assertThat(source.committed(java.util.Set.of(inTp)).get(inTp).offset()).isEqualTo(4L);
            assertThat(readAll(rc, partitions(out, 1), Duration.ofSeconds(10)))
                    .containsExactly("IN0", "IN1", "IN2", "IN3");
        }
    }

    static KafkaConsumer<String, String> groupConsumer(String group) {
        java.util.Properties p = new java.util.Properties();
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.StringDeserializer.class);
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.StringDeserializer.class);
        return new KafkaConsumer<>(p);
    }
}
