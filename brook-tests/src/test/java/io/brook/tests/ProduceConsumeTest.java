package io.brook.tests;

import io.brook.embedded.BrookBootstrap;
import io.brook.embedded.BrookExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.brook.tests.Clients.TIMEOUT_S;
import static io.brook.tests.RecordAssert.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ProduceConsumeTest {

    @RegisterExtension
    static final BrookExtension brook = BrookExtension.perClass().config("auto.create.topics.enable", "false");

    @Test
    void tenThousandKeyedRecordsAreConsumedExactlyOnceInPartitionOrder(@BrookBootstrap String bootstrap) throws Exception {
        String topic = "keyed";
        int partitions = 4;
        int n = 10_000;
        Clients.createTopic(bootstrap, topic, partitions, Map.of());

        // what the producer was told, per partition in offset order
        Map<Integer, List<String>> sentByPartition = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(bootstrap)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, utf8("key-" + (i % 701)), utf8("seq-" + i))));
            }
            for (int i = 0; i < n; i++) {
                RecordMetadata md = acks.get(i).get(TIMEOUT_S, TimeUnit.SECONDS);
                List<String> list = sentByPartition.computeIfAbsent(md.partition(), p -> new ArrayList<>());
                assertThat(md.offset()).as("ack offset of record %d", i).isEqualTo(list.size());
                list.add("key-" + (i % 701) + "/seq-" + i);
            }
        }
        assertThat(sentByPartition).as("keys spread over partitions").hasSize(partitions);

        try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(bootstrap)) {
            List<TopicPartition> tps = Clients.partitions(topic, partitions);
            List<ConsumerRecord<byte[], byte[]>> got = Clients.readAll(consumer, tps, n);
            assertThat(got).hasSize(n);
            Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition = RecordAssert.assertContiguousFromZero(got);
            byPartition.forEach((p, records) -> assertThat(records)
                    .extracting(r -> new String(r.key()) + "/" + new String(r.value()))
                    .as("partition %d", p)
                    .containsExactlyElementsOf(sentByPartition.get(p)));
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            assertThat(end.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(n);
            assertThat(consumer.poll(Duration.ofMillis(200))).as("nothing beyond the produced records").isEmpty();
        }
    }

    @ParameterizedTest(name = "acks={0}")
    @ValueSource(strings = {"0", "1", "all"})
    void everyAcksModeDelivers(String acks, @BrookBootstrap String bootstrap) throws Exception {
        String topic = "acks-" + acks;
        Clients.createTopic(bootstrap, topic, 1, Map.of());
        int n = 300;
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(bootstrap, Map.of(
                ProducerConfig.ACKS_CONFIG, acks, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, acks.equals("all")))) {
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, 0, null, utf8("v" + i))));
            }
            producer.flush();
            for (Future<RecordMetadata> f : futures) {
                f.get(TIMEOUT_S, TimeUnit.SECONDS);
            }
        }
        List<ConsumerRecord<byte[], byte[]>> got = Clients.readAll(bootstrap, Clients.partitions(topic, 1), n);
        RecordAssert.assertContiguousFromZero(got);
        for (int i = 0; i < n; i++) {
            assertThat(new String(got.get(i).value())).isEqualTo("v" + i);
        }
    }

    @Test
    void keysHeadersNullsAndTimestampsArePreserved(@BrookBootstrap String bootstrap) throws Exception {
        String topic = "fidelity";
        Clients.createTopic(bootstrap, topic, 1, Map.of());
        Random random = new Random(42);
        long now = System.currentTimeMillis();
        List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
        sent.add(new ProducerRecord<>(topic, 0, now, (byte[]) null, utf8("no key")));
        sent.add(new ProducerRecord<>(topic, 0, now, utf8("tombstone"), (byte[]) null));
        sent.add(new ProducerRecord<>(topic, 0, now, (byte[]) null, (byte[]) null));
        sent.add(new ProducerRecord<>(topic, 0, now, new byte[0], new byte[0]));
        sent.add(new ProducerRecord<>(topic, 0, 1_000_000_000_000L, utf8("old"), utf8("2001-09-09")));
        sent.add(new ProducerRecord<>(topic, 0, 0L, utf8("epoch"), utf8("1970")));
        sent.add(new ProducerRecord<>(topic, 0, now + 1_800_000L, utf8("future"), utf8("in 30 minutes (Kafka 4 rejects > 1 h ahead by default)")));
        sent.add(new ProducerRecord<>(topic, 0, now, utf8("headers"), utf8("h"), List.of(
                new RecordHeader("trace", utf8("abc")),
                new RecordHeader("trace", utf8("duplicate key kept")),
                new RecordHeader("null-value", null),
                new RecordHeader("empty", new byte[0]),
                new RecordHeader("ünïcödé", utf8("välue")),
                new RecordHeader("binary", RecordAssert.randomBytes(random, 300)))));
        for (int i = 0; i < 50; i++) {
            sent.add(new ProducerRecord<>(topic, 0, now - random.nextInt(1_000_000),
                    RecordAssert.randomBytes(random, random.nextInt(40)),
                    RecordAssert.randomBytes(random, random.nextInt(4000))));
        }
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(bootstrap)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> r : sent) {
                acks.add(producer.send(r));
            }
            for (Future<RecordMetadata> f : acks) {
                assertThat(f.get(TIMEOUT_S, TimeUnit.SECONDS).timestamp()).as("CreateTime is kept").isNotNegative();
            }
        }
        List<ConsumerRecord<byte[], byte[]>> got = Clients.readAll(bootstrap, Clients.partitions(topic, 1), sent.size());
        assertThat(got).extracting(RecordAssert::of)
                .containsExactlyElementsOf(sent.stream().map(r -> RecordAssert.of(r, 0)).toList());
        assertThat(got).allSatisfy(r -> assertThat(r.timestampType().name).isEqualTo("CreateTime"));
    }

    @Test
    void oneMebibyteRecordRoundTrips(@BrookBootstrap String bootstrap) throws Exception {
        String topic = "big";
        Clients.createTopic(bootstrap, topic, 1, Map.of("max.message.bytes", String.valueOf(4 << 20)));
        byte[] value = RecordAssert.randomBytes(new Random(7), 1 << 20);
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(bootstrap,
                Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20))) {
            producer.send(new ProducerRecord<>(topic, 0, utf8("big"), value)).get(TIMEOUT_S, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, 0, utf8("after"), utf8("small"))).get(TIMEOUT_S, TimeUnit.SECONDS);
        }
        List<ConsumerRecord<byte[], byte[]>> got = Clients.readAll(bootstrap, Clients.partitions(topic, 1), 2);
        assertThat(got.get(0).value()).hasSize(1 << 20);
        assertThat(Arrays.equals(got.get(0).value(), value)).as("1 MiB value identical").isTrue();
        assertThat(new String(got.get(1).value())).isEqualTo("small");
    }

    /** message.timestamp.type=LogAppendTime: the broker stamps the batch and returns the time. */
    @Test
    void logAppendTimeTopicStampsRecords(@BrookBootstrap String bootstrap) throws Exception {
        String topic = "log-append-time";
        Clients.createTopic(bootstrap, topic, 1, Map.of("message.timestamp.type", "LogAppendTime"));
        long before = System.currentTimeMillis();
        RecordMetadata md;
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(bootstrap)) {
            md = producer.send(new ProducerRecord<>(topic, 0, 1L, utf8("k"), utf8("v"))).get(TIMEOUT_S, TimeUnit.SECONDS);
        }
        long after = System.currentTimeMillis();
        assertThat(md.timestamp()).as("LogAppendTimeMs in the produce response").isBetween(before, after);
        ConsumerRecord<byte[], byte[]> got = Clients.readAll(bootstrap, Clients.partitions(topic, 1), 1).get(0);
        assertThat(got.timestampType().name).isEqualTo("LogAppendTime");
        assertThat(got.timestamp()).isEqualTo(md.timestamp());
    }

    @Test
    void recordLargerThanTopicMaxMessageBytesIsRejected(@BrookBootstrap String bootstrap) throws Exception {
        String topic = "small-records";
        Clients.createTopic(bootstrap, topic, 1, Map.of("max.message.bytes", "1000"));
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(bootstrap)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, 0, null, new byte[2000]))
                    .get(TIMEOUT_S, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RecordTooLargeException.class);
            RecordMetadata ok = producer.send(new ProducerRecord<>(topic, 0, null, new byte[100]))
                    .get(TIMEOUT_S, TimeUnit.SECONDS);
            assertThat(ok.offset()).as("the rejected batch took no offset").isZero();
        }
    }

    @Test
    void seekOffsetsForTimesAndBeginningEndOffsets(@BrookBootstrap String bootstrap) throws Exception {
        String topic = "timeline";
        Clients.createTopic(bootstrap, topic, 1, Map.of());
        TopicPartition tp = new TopicPartition(topic, 0);
        long base = 1_700_000_000_000L;
        int n = 100;
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(bootstrap,
                Map.of(ProducerConfig.BATCH_SIZE_CONFIG, 512))) { // several batches
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, 0, base + i * 1000L, utf8("k" + i), utf8("v" + i))));
            }
            for (Future<RecordMetadata> f : acks) {
                f.get(TIMEOUT_S, TimeUnit.SECONDS);
            }
        }
        try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(bootstrap)) {
            assertThat(consumer.beginningOffsets(List.of(tp))).containsEntry(tp, 0L);
            assertThat(consumer.endOffsets(List.of(tp))).containsEntry(tp, (long) n);

            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(Map.of(tp, base + 50_500L));
            assertThat(found.get(tp).offset()).isEqualTo(51L);
            assertThat(found.get(tp).timestamp()).isEqualTo(base + 51_000L);
            assertThat(consumer.offsetsForTimes(Map.of(tp, base)).get(tp).offset()).isZero();
            assertThat(consumer.offsetsForTimes(Map.of(tp, base - 5)).get(tp).offset()).isZero();
            assertThat(consumer.offsetsForTimes(Map.of(tp, base + n * 1000L)).get(tp)).as("after the last record").isNull();

            consumer.assign(List.of(tp));
            consumer.seek(tp, 42);
            List<ConsumerRecord<byte[], byte[]>> got = Clients.pollUntil(consumer, n - 42);
            assertThat(got.get(0).offset()).as("a seek into the middle of a batch starts at the record").isEqualTo(42);
            assertThat(new String(got.get(0).value())).isEqualTo("v42");
            assertThat(got).extracting(ConsumerRecord::offset).isSorted().doesNotHaveDuplicates().hasSize(n - 42);

            consumer.seekToBeginning(List.of(tp));
            assertThat(consumer.position(tp)).isZero();
            consumer.seekToEnd(List.of(tp));
            assertThat(consumer.position(tp)).isEqualTo(n);
            consumer.seek(tp, 99);
            assertThat(new String(Clients.pollUntil(consumer, 1).get(0).value())).isEqualTo("v99");
        }
    }

    /**
     * A consumer parked in a long poll (fetch.max.wait.ms=5000) must be woken by the produce: the
     * record arrives well under 100 ms after the producer's ack, which only a woken fetch can do.
     */
    @Test
    void longPollIsWokenByProduce(@BrookBootstrap String bootstrap) throws Exception {
        String topic = "long-poll";
        Clients.createTopic(bootstrap, topic, 1, Map.of());
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(bootstrap, Map.of(
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5000, ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1));
             KafkaProducer<byte[], byte[]> producer = Clients.producer(bootstrap, Map.of(ProducerConfig.LINGER_MS_CONFIG, 0))) {
            producer.partitionsFor(topic); // metadata loaded before timing
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            long position = consumer.position(tp);

            List<Long> latenciesMs = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                // this poll sends a fetch that the broker parks (nothing to read yet)
                assertThat(consumer.poll(Duration.ofMillis(300))).isEmpty();
                AtomicLong ackedAt = new AtomicLong();
                Future<RecordMetadata> ack = producer.send(new ProducerRecord<>(topic, 0, null, utf8("wake-" + round)),
                        (md, e) -> ackedAt.set(System.nanoTime()));
                ConsumerRecords<byte[], byte[]> got = ConsumerRecords.empty();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
                while (got.isEmpty() && System.nanoTime() < deadline) {
                    got = consumer.poll(Duration.ofSeconds(10));
                }
                long receivedAt = System.nanoTime();
                assertThat(ack.get(TIMEOUT_S, TimeUnit.SECONDS).offset()).isEqualTo(position + round);
                assertThat(got.count()).isEqualTo(1);
                assertThat(new String(got.iterator().next().value())).isEqualTo("wake-" + round);
                latenciesMs.add(TimeUnit.NANOSECONDS.toMillis(receivedAt - ackedAt.get()));
            }
            // best of three keeps a scheduling hiccup from failing the test; a fetch that is not
            // woken shows ~5000 ms every round
            assertThat(latenciesMs.stream().mapToLong(Long::longValue).min().orElseThrow())
                    .as("ack-to-receive latencies %s ms", latenciesMs).isLessThan(100);
            assertThat(latenciesMs).allSatisfy(l -> assertThat(l).as("latencies %s", latenciesMs).isLessThan(2500));
        }
    }

    /**
     * A parked fetch with nothing to read answers (empty) after fetch.max.wait.ms, neither at once
     * nor never: the consumer's own fetch-latency metric shows each round trip took the wait.
     */
    @Test
    void parkedFetchAnswersAfterMaxWait(@BrookBootstrap String bootstrap) throws Exception {
        String topic = "max-wait";
        Clients.createTopic(bootstrap, topic, 1, Map.of());
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(bootstrap, Map.of(
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 400, ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1))) {
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            consumer.position(tp);
            await().atMost(Duration.ofSeconds(TIMEOUT_S)).until(() -> {
                assertThat(consumer.poll(Duration.ofMillis(200))).isEmpty();
                return fetchMetric(consumer, "fetch-total") >= 3;
            });
            assertThat(fetchMetric(consumer, "fetch-latency-avg")).as("mean fetch round trip, ms")
                    .isBetween(350.0, 2_000.0);
        }
    }

    private static double fetchMetric(KafkaConsumer<?, ?> consumer, String name) {
        return consumer.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("consumer-fetch-manager-metrics")
                        && e.getKey().name().equals(name) && e.getKey().tags().size() == 1)
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst().orElse(Double.NaN);
    }

    @Test
    void idempotentProducerWritesEachRecordOnce(@BrookBootstrap String bootstrap) throws Exception {
        String topic = "idempotent";
        Clients.createTopic(bootstrap, topic, 1, Map.of());
        int n = 5000;
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(bootstrap, Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 1024,
                ProducerConfig.LINGER_MS_CONFIG, 0))) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, 0, utf8("k" + i), utf8("v" + i))));
            }
            for (int i = 0; i < n; i++) {
                assertThat(acks.get(i).get(TIMEOUT_S, TimeUnit.SECONDS).offset()).isEqualTo(i);
            }
        }
        List<ConsumerRecord<byte[], byte[]>> got = Clients.readAll(bootstrap, Clients.partitions(topic, 1), n);
        RecordAssert.assertContiguousFromZero(got);
        for (int i = 0; i < n; i++) {
            assertThat(new String(got.get(i).value())).isEqualTo("v" + i);
        }
        try (KafkaConsumer<byte[], byte[]> c = Clients.consumer(bootstrap)) {
            assertThat(c.endOffsets(Clients.partitions(topic, 1)).values()).containsExactly((long) n);
        }
    }
}
