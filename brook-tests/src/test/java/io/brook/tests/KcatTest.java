package io.brook.tests;

import io.brook.embedded.BrookBootstrap;
import io.brook.embedded.BrookExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** librdkafka (through kcat) against Brook. */
class KcatTest {

    @RegisterExtension
    static final BrookExtension brook = BrookExtension.perClass().config("auto.create.topics.enable", "false");

    private static String kcat;

    @BeforeAll
    static void findKcat() {
        kcat = findOnPath("kcat");
        if (kcat == null) {
            kcat = findOnPath("kafkacat");
        }
        if (kcat == null && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("kcat is not installed (CI installs it with apt-get install -y kcat)");
        }
        assumeTrue(kcat != null, "kcat not installed; apt-get install -y kcat");
    }

    private static String findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** Runs kcat to completion; fails with its stderr on a non-zero exit or after 60 s. */
    private static String run(Path work, String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(kcat);
        cmd.addAll(List.of(args));
        Path in = work.resolve("stdin-" + System.nanoTime());
        Path out = work.resolve("stdout-" + System.nanoTime());
        Path err = work.resolve("stderr-" + System.nanoTime());
        Files.writeString(in, stdin == null ? "" : stdin, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(cmd).redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("kcat timed out: " + cmd + "\nstderr:\n" + Files.readString(err));
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            fail("kcat exited " + p.exitValue() + ": " + cmd + "\nstdout:\n" + stdout + "\nstderr:\n" + Files.readString(err));
        }
        return stdout;
    }

    @Test
    void listsMetadata(@BrookBootstrap String bootstrap, @TempDir Path work) throws Exception {
        Clients.createTopic(bootstrap, "kcat-listed", 3, Map.of());
        String out = run(work, null, "-b", bootstrap, "-L", "-m", "30");
        assertThat(out).contains("topic \"kcat-listed\" with 3 partitions");
        assertThat(out).contains("1 brokers");
    }

    @Test
    void producesAndConsumesThousandKeyedMessages(@BrookBootstrap String bootstrap, @TempDir Path work) throws Exception {
        String topic = "kcat-keyed";
        Clients.createTopic(bootstrap, topic, 3, Map.of());
        List<String> lines = IntStream.range(0, 1000).mapToObj(i -> "key-" + i + ":value-" + i + "-" + "x".repeat(i % 50)).toList();

        run(work, String.join("\n", lines) + "\n", "-b", bootstrap, "-P", "-t", topic, "-K:", "-X", "acks=all", "-m", "30");

        String consumed = run(work, null, "-b", bootstrap, "-C", "-t", topic, "-K:", "-o", "beginning", "-e", "-q", "-m", "30");
        List<String> got = consumed.lines().filter(l -> !l.isEmpty()).toList();
        assertThat(got).hasSize(1000).containsExactlyInAnyOrderElementsOf(lines);

        // and the Java client sees the same keys and values
        List<ConsumerRecord<byte[], byte[]>> records = Clients.readAll(bootstrap, Clients.partitions(topic, 3), 1000);
        assertThat(records).extracting(r -> new String(r.key()) + ":" + new String(r.value()))
                .containsExactlyInAnyOrderElementsOf(lines);
    }

    @Test
    void consumesWhatTheJavaClientProduced(@BrookBootstrap String bootstrap, @TempDir Path work) throws Exception {
        String topic = "kcat-java";
        Clients.createTopic(bootstrap, topic, 1, Map.of());
        try (var producer = Clients.producer(bootstrap, Map.of("compression.type", "zstd"))) {
            for (int i = 0; i < 200; i++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0,
                        RecordAssert.utf8("k" + i), RecordAssert.utf8("v" + i)));
            }
            producer.flush();
        }
        String consumed = run(work, null, "-b", bootstrap, "-C", "-t", topic, "-K:", "-o", "beginning", "-e", "-q", "-m", "30");
        assertThat(consumed.lines().toList())
                .containsExactlyElementsOf(IntStream.range(0, 200).mapToObj(i -> "k" + i + ":v" + i).toList());
    }
}
