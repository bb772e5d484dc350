package io.brook.tests;

import io.brook.embedded.EmbeddedBrook;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.brook.tests.Clients.TIMEOUT_S;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of a real broker process: every record acknowledged with acks=all must be readable,
 * byte-identical, after recovery; a torn tail must not make the log unreadable.
 */
class CrashRecoveryTest {

    private record Position(int partition, long offset) {
    }

    @Test
    void acknowledgedRecordsSurviveSigkill(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("data");
        String topic = "crash";
        int partitions = 2;
        List<ProducerRecord<byte[], byte[]>> settled = RestartTest.records(topic, partitions, 1500, 21, 100, 400);
        List<ProducerRecord<byte[], byte[]>> stream = RestartTest.records(topic, partitions, 20_000, 22, 100, 400);
        Map<Position, RecordAssert.Snapshot> acked = new ConcurrentHashMap<>();
        Map<String, RecordAssert.Snapshot> sentBySeq = new HashMap<>();
        for (ProducerRecord<byte[], byte[]> r : settled) {
            sentBySeq.put("a" + new String(r.headers().lastHeader("seq").value()), RecordAssert.of(r, r.partition()));
        }
        for (ProducerRecord<byte[], byte[]> r : stream) {
            sentBySeq.put("b" + new String(r.headers().lastHeader("seq").value()), RecordAssert.of(r, r.partition()));
        }

        try (ChildBroker child = ChildBroker.start(dir, tmp.resolve("broker.out"))) {
            await("the broker prints where it listens").atMost(Duration.ofSeconds(10))
                    .until(() -> child.output().contains(":" + child.port()));
            Clients.createTopic(child.bootstrapServers(), topic, partitions, Map.of());

            KafkaProducer<byte[], byte[]> producer = Clients.producer(child.bootstrapServers());
            try {
                // phase 1: everything acknowledged before the kill
                List<Future<RecordMetadata>> futures = new ArrayList<>();
                for (ProducerRecord<byte[], byte[]> r : settled) {
                    futures.add(producer.send(r));
                }
                for (int i = 0; i < settled.size(); i++) {
                    RecordMetadata md = futures.get(i).get(TIMEOUT_S, TimeUnit.SECONDS);
                    acked.put(new Position(md.partition(), md.offset()), RecordAssert.of(settled.get(i), md.partition()));
                }
                // phase 2: kill -9 while a stream of batches is in flight
                int before = acked.size();
                for (ProducerRecord<byte[], byte[]> r : stream) {
                    producer.send(r, (md, e) -> {
                        if (e == null) {
                            acked.put(new Position(md.partition(), md.offset()), RecordAssert.of(r, md.partition()));
                        }
                    });
                }
                await().atMost(Duration.ofSeconds(TIMEOUT_S)).until(() -> acked.size() >= before + 2000);
                child.killHard();
            } finally {
                producer.close(Duration.ZERO);
            }
        }
        Map<Position, RecordAssert.Snapshot> ackedAtKill = Map.copyOf(acked);

        try (EmbeddedBrook brook = EmbeddedBrook.builder().dataDir(dir).build().start();
             KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(brook.bootstrapServers())) {
            List<TopicPartition> tps = Clients.partitions(topic, partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            assertThat(total).as("recovered log holds at least every acknowledged record").isGreaterThanOrEqualTo(ackedAtKill.size());

            List<ConsumerRecord<byte[], byte[]>> got = Clients.readAll(consumer, tps, (int) total);
            RecordAssert.assertContiguousFromZero(got);
            Map<Position, RecordAssert.Snapshot> read = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : got) {
                read.put(new Position(r.partition(), r.offset()), RecordAssert.of(r));
            }
            ackedAtKill.forEach((pos, snapshot) ->
                    assertThat(read.get(pos)).as("acknowledged record at %s", pos).isEqualTo(snapshot));
            // anything beyond the acknowledged records is a whole record that was really sent
            Set<RecordAssert.Snapshot> sent = new HashSet<>(sentBySeq.values());
            assertThat(read.values().stream().filter(s -> !sent.contains(s)).toList())
                    .as("recovered records that were never sent").isEmpty();

            // and the recovered log accepts appends after its end
            try (KafkaProducer<byte[], byte[]> p = Clients.producer(brook.bootstrapServers())) {
                RecordMetadata md = p.send(new ProducerRecord<>(topic, 0, RecordAssert.utf8("k"), RecordAssert.utf8("v")))
                        .get(TIMEOUT_S, TimeUnit.SECONDS);
                assertThat(md.offset()).isEqualTo(end.get(new TopicPartition(topic, 0)));
            }
        }
    }

    /**
     * CreateTopics is answered once the metadata log is fsynced; the partition logs are created after
     * that. Killed before they were, the broker creates them from the metadata log on restart.
     */
    @Test
    void topicsSurviveSigkillRightAfterCreateTopicsIsAnswered(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("data");
        int topics = 10;
        int partitions = 8;
        Map<String, Uuid> ids = new HashMap<>();
        try (ChildBroker child = ChildBroker.start(dir, tmp.resolve("broker.out"))) {
            try (Admin admin = Clients.admin(child.bootstrapServers())) {
                List<NewTopic> newTopics = new ArrayList<>();
                for (int i = 0; i < topics; i++) {
                    newTopics.add(new NewTopic("created" + i, partitions, (short) 1));
                }
                CreateTopicsResult result = admin.createTopics(newTopics);
                result.all().get(TIMEOUT_S, TimeUnit.SECONDS);
                child.killHard();
                for (NewTopic t : newTopics) {
                    ids.put(t.name(), result.topicId(t.name()).get());
                }
            }
        }
        // the worst case: none of the partition directories was created before the kill
        for (String topic : ids.keySet()) {
            for (int p = 0; p < partitions; p++) {
                deleteRecursively(dir.resolve(topic + "-" + p));
            }
        }

        try (EmbeddedBrook brook = EmbeddedBrook.builder().dataDir(dir).build().start();
             Admin admin = Clients.admin(brook.bootstrapServers())) {
            Map<String, TopicDescription> described = admin.describeTopics(ids.keySet()).allTopicNames()
                    .get(TIMEOUT_S, TimeUnit.SECONDS);
            for (Map.Entry<String, Uuid> e : ids.entrySet()) {
                TopicDescription d = described.get(e.getKey());
                assertThat(d.topicId()).as(e.getKey()).isEqualTo(e.getValue());
                assertThat(d.partitions()).hasSize(partitions).allMatch(p -> p.leader() != null);
                for (int p = 0; p < partitions; p++) {
                    assertThat(dir.resolve(e.getKey() + "-" + p).resolve("partition.metadata")).exists();
                }
            }
            List<TopicPartition> tps = new ArrayList<>();
            try (KafkaProducer<byte[], byte[]> producer = Clients.producer(brook.bootstrapServers())) {
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (String topic : ids.keySet()) {
                    for (int p = 0; p < partitions; p++) {
                        tps.add(new TopicPartition(topic, p));
                        sent.add(producer.send(new ProducerRecord<>(topic, p, RecordAssert.utf8("k"),
                                RecordAssert.utf8(topic + "-" + p))));
                    }
                }
                for (Future<RecordMetadata> f : sent) {
                    assertThat(f.get(TIMEOUT_S, TimeUnit.SECONDS).offset()).isZero();
                }
            }
            List<ConsumerRecord<byte[], byte[]>> got = Clients.readAll(brook.bootstrapServers(), tps, tps.size());
            assertThat(got).hasSize(tps.size());
        }
    }

    private static void deleteRecursively(Path path) throws java.io.IOException {
        if (!java.nio.file.Files.exists(path)) {
            return;
        }
        try (var walk = java.nio.file.Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
    }
}
