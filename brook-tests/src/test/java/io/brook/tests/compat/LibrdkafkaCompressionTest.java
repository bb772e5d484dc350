package io.brook.tests.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.embedded.BrookBootstrap;
import io.brook.embedded.BrookExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * KAFKA-18659: librdkafka before 2.8 (Debian's kcat, confluent-kafka-python, ...) compresses only
 * when the broker lists Produce v0 in ApiVersions. Kafka 4 advertises Produce 0+ (accepting v3+
 * only); if Brook advertised 3+, librdkafka would log "Broker does not support compression type"
 * and silently send uncompressed batches.
 */
class LibrdkafkaCompressionTest {

    @RegisterExtension
    static final BrookExtension brook = BrookExtension.perClass();

    static String kcat;

    @BeforeAll
    static void findKcat() {
        kcat = ExternalClient.findOnPath("kcat");
        if (kcat == null) {
            kcat = ExternalClient.findOnPath("kafkacat");
        }
        ExternalClient.require(kcat != null, "kcat", "apt-get install -y kcat");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "snappy", "lz4", "zstd"})
    void librdkafkaCompressesItsBatches(String codec, @BrookBootstrap String bootstrap, @TempDir Path work)
            throws Exception {
        String topic = "rdkafka-" + codec;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        String lines = IntStream.range(0, 500).mapToObj(i -> "message " + i + " with a compressible payload payload")
                .collect(Collectors.joining("\n", "", "\n"));
        Path in = work.resolve("in.txt");
        Path out = work.resolve("out.txt");
        Files.writeString(in, lines, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(kcat, "-b", bootstrap, "-P", "-t", topic, "-p", "0", "-z", codec,
                "-X", "linger.ms=50", "-d", "msg", "-m", "30")
                .redirectInput(in.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kcat finished").isTrue();
        String log = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(log).doesNotContain("does not support compression");
        List<String> produceLines = log.lines().filter(l -> l.contains("Produce MessageSet")).toList();
        assertThat(produceLines).as(log).isNotEmpty().anySatisfy(l -> assertThat(l).endsWith(", " + codec + ")"));

        assertThat(readValues(bootstrap, topic, 500)).containsExactlyElementsOf(lines.lines().toList());
    }

    private static List<String> readValues(String bootstrap, String topic, int expected) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.currentTimeMillis() + 30_000;
            while (values.size() < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
