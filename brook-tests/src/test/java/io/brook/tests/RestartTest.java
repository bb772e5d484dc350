package io.brook.tests;

import io.brook.embedded.EmbeddedBrook;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.brook.tests.Clients.TIMEOUT_S;
import static io.brook.tests.RecordAssert.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** Clean shutdown and reopen on the same data directory. */
class RestartTest {

    static final Map<String, String> TOPIC_CONFIGS = Map.of(
            "retention.ms", "123456789",
            "max.message.bytes", "500000",
            "segment.bytes", "1048576",
            "cleanup.policy", "delete");

    static List<ProducerRecord<byte[], byte[]>> records(String topic, int partitions, int n, long seed) {
        return records(topic, partitions, n, seed, 1000, 1000);
    }

    static List<ProducerRecord<byte[], byte[]>> records(String topic, int partitions, int n, long seed,
                                                        int minValueSize, int valueSizeSpread) {
        Random random = new Random(seed);
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ProducerRecord<>(topic, i % partitions, 1_650_000_000_000L + random.nextInt(1_000_000),
                    utf8("key-" + i), RecordAssert.randomBytes(random, minValueSize + random.nextInt(valueSizeSpread)),
                    List.of(new RecordHeader("seq", utf8(Integer.toString(i))),
                            new RecordHeader("bin", RecordAssert.randomBytes(random, 8)))));
        }
        return out;
    }

    static void produce(String bootstrap, List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(bootstrap)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> r : records) {
                acks.add(producer.send(r));
            }
            for (Future<RecordMetadata> f : acks) {
                f.get(TIMEOUT_S, TimeUnit.SECONDS);
            }
        }
    }

    /** Sent records in the order a per-partition read returns them (partition, then send order). */
    static List<RecordAssert.Snapshot> expected(List<ProducerRecord<byte[], byte[]>> sent, int partitions) {
        List<RecordAssert.Snapshot> out = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            for (ProducerRecord<byte[], byte[]> r : sent) {
                if (r.partition() == p) {
                    out.add(RecordAssert.of(r, p));
                }
            }
        }
        return out;
    }

    static List<RecordAssert.Snapshot> actual(List<ConsumerRecord<byte[], byte[]>> got) {
        RecordAssert.assertContiguousFromZero(got);
        return got.stream()
                .sorted(java.util.Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                        .thenComparingLong(ConsumerRecord::offset))
                .map(RecordAssert::of).toList();
    }

    @Test
    void recordsTopicIdsAndConfigsSurviveCloseAndReopen(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("data");
        String topic = "durable";
        int partitions = 3;
        List<ProducerRecord<byte[], byte[]>> sent = records(topic, partitions, 3000, 11); // ~1.5 MB per partition: 2 segments
        Uuid topicId;
        try (EmbeddedBrook brook = EmbeddedBrook.builder().dataDir(dir).build().start();
             Admin admin = Clients.admin(brook.bootstrapServers())) {
            Clients.createTopic(admin, topic, partitions, TOPIC_CONFIGS);
            Clients.createTopic(admin, "deleted-before-restart", 1, Map.of());
            admin.deleteTopics(List.of("deleted-before-restart")).all().get(TIMEOUT_S, TimeUnit.SECONDS);
            topicId = describe(admin, topic).topicId();
            produce(brook.bootstrapServers(), sent);
        }

        try (EmbeddedBrook brook = EmbeddedBrook.builder().dataDir(dir).build().start();
             Admin admin = Clients.admin(brook.bootstrapServers())) {
            String bootstrap = brook.bootstrapServers();
            List<ConsumerRecord<byte[], byte[]>> got = Clients.readAll(bootstrap, Clients.partitions(topic, partitions), sent.size());
            assertThat(actual(got)).containsExactlyElementsOf(expected(sent, partitions));

            TopicDescription d = describe(admin, topic);
            assertThat(d.topicId()).isEqualTo(topicId);
            assertThat(d.partitions()).hasSize(partitions);
            Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic)))
                    .all().get(TIMEOUT_S, TimeUnit.SECONDS).values().iterator().next();
            TOPIC_CONFIGS.forEach((k, v) -> {
                assertThat(config.get(k).value()).as(k).isEqualTo(v);
                assertThat(config.get(k).source()).as(k).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            });
            assertThat(admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS))
                    .contains(topic).doesNotContain("deleted-before-restart");

            // appends continue after the recovered end, never reusing an offset
            try (KafkaProducer<byte[], byte[]> p = Clients.producer(bootstrap)) {
                RecordMetadata md = p.send(new ProducerRecord<>(topic, 0, utf8("k"), utf8("after"))).get(TIMEOUT_S, TimeUnit.SECONDS);
                assertThat(md.offset()).isEqualTo(sent.stream().filter(r -> r.partition() == 0).count());
            }
        }
    }

    private static TopicDescription describe(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS).get(topic);
    }

    /**
     * Restarting under an idempotent producer with requests in flight: the producer retries what
     * was not acknowledged, and the broker (with its producer state recovered) must neither
     * duplicate nor reject those retries.
     */
    @Test
    void idempotentProducerRetriesAcrossRestartAreNotDuplicated() throws Exception {
        String topic = "idem-restart";
        int n = 4000;
        try (EmbeddedBrook brook = EmbeddedBrook.builder().topic(topic, 1).build().start();
             KafkaProducer<byte[], byte[]> producer = Clients.producer(brook.bootstrapServers(), Map.of(
                     ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                     ProducerConfig.BATCH_SIZE_CONFIG, 2048,
                     ProducerConfig.LINGER_MS_CONFIG, 0,
                     ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 50,
                     ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200,
                     ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000))) {
            String before = brook.bootstrapServers();
            producer.send(new ProducerRecord<>(topic, 0, utf8("k0"), utf8("v0"))).get(TIMEOUT_S, TimeUnit.SECONDS);
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 1; i < n; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, 0, utf8("k" + i), utf8("v" + i))));
                if (i == n / 2) {
                    brook.restart(); // in the middle of a stream of in-flight batches
                }
            }
            assertThat(brook.bootstrapServers()).as("restart kept the port the producer knows").isEqualTo(before);
            for (int i = 0; i < acks.size(); i++) {
                assertThat(acks.get(i).get(TIMEOUT_S * 2, TimeUnit.SECONDS).offset()).as("offset of record %d", i + 1)
                        .isEqualTo(i + 1L);
            }
            List<ConsumerRecord<byte[], byte[]>> got = Clients.readAll(brook.bootstrapServers(), Clients.partitions(topic, 1), n);
            RecordAssert.assertContiguousFromZero(got);
            for (int i = 0; i < n; i++) {
                assertThat(new String(got.get(i).value())).isEqualTo("v" + i);
            }
            try (var c = Clients.consumer(brook.bootstrapServers())) {
                assertThat(c.endOffsets(Clients.partitions(topic, 1)).values()).containsExactly((long) n);
            }
        }
    }
}
