package io.brook.tests.compat;

import static io.brook.tests.compat.ExternalClient.list;
import static io.brook.tests.compat.ExternalClient.map;
import static io.brook.tests.compat.ExternalClient.maps;
import static io.brook.tests.compat.ExternalClient.num;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.embedded.BrookBootstrap;
import io.brook.embedded.BrookExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafka-python 2.0.2 (Debian python3-kafka) against Brook: admin, producer (acks, keys, headers,
 * every codec), assign/seek consumer, group consumer with commits, offsets by time, and the
 * explicit old {@code api_version} settings. Each scenario is one run of
 * {@code compat/kafka_python_compat.py}, whose JSON lines are asserted here.
 *
 * <p>Skipped when python3-kafka is missing, unless CI=true (then it fails).
 */
class KafkaPythonTest {

    @RegisterExtension
    static final BrookExtension brook = BrookExtension.perClass()
            .config("group.initial.rebalance.delay.ms", "0")
            .config("offsets.topic.num.partitions", "5")
            .config("transaction.state.log.num.partitions", "3");

    /** Debian's python3 (where python3-kafka installs), else the python3 on the PATH. */
    static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    static final Duration TIMEOUT = Duration.ofSeconds(150);

    @TempDir
    static Path work;
    static Path script;

    @BeforeAll
    static void findKafkaPython() throws IOException {
        ExternalClient.require(ExternalClient.succeeds(PYTHON, "-c", "import kafka"), "kafka-python (python3-kafka)",
                "apt-get install -y python3-kafka python3-snappy python3-lz4 python3-zstandard");
        script = work.resolve("kafka_python_compat.py");
        try (InputStream in = KafkaPythonTest.class.getResourceAsStream("/compat/kafka_python_compat.py")) {
            Files.copy(in, script);
        }
    }

    private static ExternalClient.Output run(String bootstrap, String scenario, String prefix) throws Exception {
        return ExternalClient.run(work, TIMEOUT, List.of(PYTHON, script.toString(), bootstrap, scenario, prefix));
    }

    @Test
    void infersAModernBrokerAndHasItsCodecs(@BrookBootstrap String bootstrap) throws Exception {
        ExternalClient.Output out = run(bootstrap, "versions", "py-versions");
        // kafka-python picks its request versions from this guess; 2.1+ means Produce v7, Fetch v10,
        // zstd. (Kafka 4.3.1 is guessed as 2.5.0 through DescribeAcls v2, which Brook lacks: the
        // guess changes nothing in kafka-python 2.0.2's behaviour.)
        List<Object> inferred = list(out.one("inferred").get("api_version"));
        assertThat(num(inferred.get(0)) * 100 + num(inferred.get(1))).isGreaterThanOrEqualTo(201);
        if (ExternalClient.ci()) {
            assertThat(out.one("codecs")).as("CI installs python3-snappy, python3-lz4, python3-zstandard")
                    .containsEntry("gzip", true).containsEntry("snappy", true).containsEntry("lz4", true)
                    .containsEntry("zstd", true);
        }
    }

    @Test
    void adminCreatesListsDescribesGrowsAndDeletesTopics(@BrookBootstrap String bootstrap) throws Exception {
        ExternalClient.Output out = run(bootstrap, "admin", "pyadm");
        assertThat(map(out.one("created").get("errors"))).containsEntry("pyadm-a", 0L).containsEntry("pyadm-b", 0L);
        assertThat(out.one("created_again")).containsEntry("error", "TopicAlreadyExistsError");
        assertThat(list(out.one("listed").get("topics"))).containsExactly("pyadm-a", "pyadm-b");
        Map<String, Object> described = map(out.one("described").get("topics"));
        assertThat(map(described.get("pyadm-a"))).containsEntry("error", 0L).containsEntry("internal", false)
                .containsEntry("partitions", List.of(0L, 1L, 2L)).containsEntry("leaders", List.of(1L))
                .containsEntry("replicas", List.of(1L, 1L, 1L));
        assertThat(map(described.get("pyadm-b"))).containsEntry("partitions", List.of(0L));
        assertThat(out.one("cluster")).containsEntry("brokers", 1L).containsEntry("controller", 1L);
        assertThat(map(out.one("configs").get("values"))).containsEntry("retention.ms", "3600000")
                .containsEntry("cleanup.policy", "compact");
        assertThat(map(out.one("partitions_created").get("errors"))).containsEntry("pyadm-a", 0L);
        assertThat(out.one("described_after_grow")).containsEntry("partitions", 5L);
        assertThat(map(out.one("deleted").get("errors"))).containsEntry("pyadm-a", 0L).containsEntry("pyadm-b", 0L);
        assertThat(list(out.one("listed_after_delete").get("topics"))).isEmpty();
        assertThat(out.one("deleted_again")).containsEntry("error", "UnknownTopicOrPartitionError");
    }

    @Test
    void producesWithEveryAcksAndCodecAndReadsAllBackInOrder(@BrookBootstrap String bootstrap) throws Exception {
        ExternalClient.Output out = run(bootstrap, "produce_consume", "pyprod");
        List<Map<String, Object>> produced = out.all("produced");
        List<Map<String, Object>> consumed = out.all("consumed");
        if (ExternalClient.ci()) {
            assertThat(out.all("skipped")).as("every codec runs in CI").isEmpty();
        }
        assertThat(produced).hasSize(5 - out.all("skipped").size()).hasSameSizeAs(consumed);
        List<Long> offsets = IntStream.range(0, 100).mapToObj(i -> (long) i).toList();
        for (int v = 0; v < produced.size(); v++) {
            Map<String, Object> p = produced.get(v);
            String compression = String.valueOf(p.get("compression"));
            assertThat(list(p.get("offsets"))).as("offsets of %s", compression).containsExactlyElementsOf(offsets);
            assertThat(list(p.get("partitions"))).containsExactly(0L);
            List<Map<String, Object>> records = maps(consumed.get(v).get("records"));
            assertThat(records).as("records of %s", compression).hasSize(100);
            for (int i = 0; i < 100; i++) {
                Map<String, Object> r = records.get(i);
                assertThat(r).as("record %d of %s", i, compression).containsEntry("offset", (long) i)
                        .containsEntry("partition", 0L).containsEntry("key", "k-" + i)
                        .containsEntry("value", "v-" + i + "-" + "x".repeat(i % 40))
                        .containsEntry("headers", List.of(List.of("h", "hv-" + i),
                                List.of("compression", "null".equals(compression) ? "None" : compression)));
                assertThat(num(r.get("timestamp"))).isPositive();
            }
        }
    }

    @Test
    void beginningEndAndOffsetsForTimes(@BrookBootstrap String bootstrap) throws Exception {
        ExternalClient.Output out = run(bootstrap, "offsets", "pyoff");
        assertThat(map(out.one("beginning").get("offsets"))).containsEntry("0", 0L);
        assertThat(map(out.one("end").get("offsets"))).containsEntry("0", 10L);
        Map<String, Object> forTimes = out.one("for_times");
        long base = num(forTimes.get("base"));
        Map<String, Object> found = map(forTimes.get("found"));
        assertThat(map(found.get("before"))).containsEntry("offset", 0L).containsEntry("timestamp", base);
        assertThat(map(found.get("exact3"))).containsEntry("offset", 3L).containsEntry("timestamp", base + 3000);
        assertThat(map(found.get("between"))).containsEntry("offset", 5L).containsEntry("timestamp", base + 5000);
        assertThat(found.get("after")).isNull();
    }

    @Test
    void groupConsumerReadsEverythingCommitsAndResumes(@BrookBootstrap String bootstrap) throws Exception {
        ExternalClient.Output out = run(bootstrap, "group", "pygrp");
        List<Map<String, Object>> rounds = out.all("group_consumed");
        assertThat(rounds).hasSize(2);
        Map<String, Object> first = rounds.get(0);
        assertThat(first.get("assignment")).isEqualTo(List.of(0L, 1L, 2L));
        assertThat(list(first.get("values"))).hasSize(60)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 60).mapToObj(i -> "g" + i).toList());
        Map<String, Object> committed = map(first.get("committed"));
        assertThat(committed.values().stream().mapToLong(ExternalClient::num).sum()).isEqualTo(60);
        assertThat(map(out.one("group_offsets").get("offsets"))).isEqualTo(committed);
        assertThat(list(out.one("groups").get("groups"))).containsExactly("pygrp-group");
        assertThat(list(out.one("groups").get("types"))).containsExactly("consumer");
        // Right after the only member's LeaveGroup, Kafka reports the group Empty (no rebalance pending).
        assertThat(out.one("group_described")).containsEntry("state", "Empty").containsEntry("members", 0L)
                .containsEntry("protocol_type", "consumer");
        Map<String, Object> resumed = rounds.get(1);
        assertThat(list(resumed.get("values")))
                .containsExactlyInAnyOrderElementsOf(IntStream.range(60, 66).mapToObj(i -> "g" + i).toList());
        assertThat(map(resumed.get("committed")).values().stream().mapToLong(ExternalClient::num).sum()).isEqualTo(66);
    }

    /**
     * kafka-python told to speak old protocol versions. At (0,10,1) it produces with Produce v2
     * and fetches with Fetch v3, which Kafka 4 removed (KIP-896): Kafka 4.3.1 closes the
     * connection for both, and so does Brook; Metadata v1 still works. (1,0,0) and (2,0,0)
     * (Produce v5/v6, Fetch v6/v8, Metadata v5) work end to end.
     */
    @Test
    void oldApiVersionSettingsBehaveAsOnKafka4(@BrookBootstrap String bootstrap) throws Exception {
        ExternalClient.Output out = run(bootstrap, "old_versions", "pyold");
        Map<String, Map<String, Object>> produce = byVersion(out.all("old_produce"));
        Map<String, Map<String, Object>> consume = byVersion(out.all("old_consume"));
        Map<String, Map<String, Object>> metadata = byVersion(out.all("old_metadata"));

        assertThat(produce.get("0.10.1")).containsEntry("ok", false).containsEntry("error", "KafkaConnectionError");
        assertThat(consume.get("0.10.1")).containsEntry("ok", false).containsEntry("values", List.of());
        assertThat(metadata.get("0.10.1")).containsEntry("ok", true).containsEntry("has_topic", true);
        for (String v : List.of("1.0.0", "2.0.0")) {
            assertThat(produce.get(v)).as(v).containsEntry("ok", true)
                    .containsEntry("offsets", List.of(0L, 1L, 2L, 3L, 4L));
            assertThat(consume.get(v)).as(v).containsEntry("ok", true)
                    .containsEntry("values", List.of("v0", "v1", "v2", "v3", "v4"));
            assertThat(metadata.get(v)).as(v).containsEntry("ok", true).containsEntry("has_topic", true);
        }
    }

    private static Map<String, Map<String, Object>> byVersion(List<Map<String, Object>> events) {
        return events.stream().collect(java.util.stream.Collectors.toMap(e -> (String) e.get("api_version"), e -> e));
    }
}
