package io.brook.tests;

import io.brook.embedded.BrookBootstrap;
import io.brook.embedded.BrookExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.brook.tests.Clients.TIMEOUT_S;
import static io.brook.tests.RecordAssert.utf8;
import static org.assertj.core.api.Assertions.assertThat;

class CompressionTest {

    static final List<String> CODECS = List.of("none", "gzip", "snappy", "lz4", "zstd");

    @RegisterExtension
    static final BrookExtension brook = BrookExtension.perClass();

    /** Seeded, partly repetitive (compressible) records with headers and explicit timestamps. */
    private static List<ProducerRecord<byte[], byte[]>> records(String topic, int partition, long seed, int n) {
        Random random = new Random(seed);
        String[] words = {"alpha", "beta", "gamma", "delta", "brook", "kafka", "stream", "record"};
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder value = new StringBuilder();
            int len = random.nextInt(60);
            for (int w = 0; w < len; w++) {
                value.append(words[random.nextInt(words.length)]).append(' ');
            }
            byte[] v = random.nextInt(20) == 0 ? null : utf8(value.toString());
            out.add(new ProducerRecord<>(topic, partition, 1_600_000_000_000L + i, utf8("key-" + i), v,
                    List.of(new RecordHeader("i", utf8(Integer.toString(i))))));
        }
        return out;
    }

    private static void send(String bootstrap, String codec, List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(bootstrap, Map.of(
                ProducerConfig.COMPRESSION_TYPE_CONFIG, codec,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 16_384))) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> r : records) {
                acks.add(producer.send(r));
            }
            for (Future<RecordMetadata> f : acks) {
                f.get(TIMEOUT_S, TimeUnit.SECONDS);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void codecRoundTrips(String codec, @BrookBootstrap String bootstrap) throws Exception {
        String topic = "compressed-" + codec;
        Clients.createTopic(bootstrap, topic, 1, Map.of());
        List<ProducerRecord<byte[], byte[]>> sent = records(topic, 0, codec.hashCode(), 2000);
        send(bootstrap, codec, sent);

        List<ConsumerRecord<byte[], byte[]>> got = Clients.readAll(bootstrap, Clients.partitions(topic, 1), sent.size());
        RecordAssert.assertContiguousFromZero(got);
        assertThat(got).extracting(RecordAssert::of)
                .containsExactlyElementsOf(sent.stream().map(r -> RecordAssert.of(r, 0)).toList());
    }

    @Test
    void batchesOfEveryCodecInOnePartition(@BrookBootstrap String bootstrap) throws Exception {
        String topic = "mixed-codecs";
        Clients.createTopic(bootstrap, topic, 1, Map.of());
        List<ProducerRecord<byte[], byte[]>> all = new ArrayList<>();
        long seed = 1;
        for (String codec : CODECS) {
            List<ProducerRecord<byte[], byte[]>> part = records(topic, 0, seed++, 300);
            send(bootstrap, codec, part);
            all.addAll(part);
        }
        List<ConsumerRecord<byte[], byte[]>> got = Clients.readAll(bootstrap, Clients.partitions(topic, 1), all.size());
        RecordAssert.assertContiguousFromZero(got);
        assertThat(got).extracting(RecordAssert::of)
                .containsExactlyElementsOf(all.stream().map(r -> RecordAssert.of(r, 0)).toList());
    }
}
