package io.brook.tests.compat;

import static io.brook.tests.compat.ExternalClient.list;
import static io.brook.tests.compat.ExternalClient.map;
import static io.brook.tests.compat.ExternalClient.maps;
import static io.brook.tests.compat.ExternalClient.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.brook.embedded.BrookBootstrap;
import io.brook.embedded.BrookExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kafkajs 2.2.4 (node) against Brook: admin, producer (acks 1 / -1, GZIP, idempotent), a
 * two-consumer group with a rebalance, commit and resume, and a transaction with sendOffsets.
 * Each scenario is one run of {@code compat/node/kafkajs_compat.js}, whose JSON lines are asserted.
 *
 * <p>The script runs from {@code src/test/resources/compat/node}, where {@code npm ci} (in .ci/run)
 * installs the locked kafkajs. Skipped when node or that install is missing, unless CI=true.
 */
class KafkaJsTest {

    @RegisterExtension
    static final BrookExtension brook = BrookExtension.perClass()
            .config("group.initial.rebalance.delay.ms", "0")
            .config("offsets.topic.num.partitions", "5")
            .config("transaction.state.log.num.partitions", "3");

    static final Duration TIMEOUT = Duration.ofSeconds(150);
    static Path dir;
    static String node;

    @BeforeAll
    static void findNodeAndKafkaJs() {
        dir = Path.of(System.getProperty("user.dir")).resolve("src/test/resources/compat/node");
        node = ExternalClient.findOnPath("node");
        ExternalClient.require(node != null, "node", "install Node.js 14+");
        ExternalClient.require(Files.isRegularFile(dir.resolve("node_modules/kafkajs/package.json")),
                "kafkajs (node_modules)", "run: cd brook-tests/src/test/resources/compat/node && npm ci");
    }

    private static ExternalClient.Output run(String bootstrap, String scenario, String prefix) throws Exception {
        return ExternalClient.run(dir, TIMEOUT, List.of(node, "kafkajs_compat.js", bootstrap, scenario, prefix));
    }

    @Test
    void adminCreatesDescribesListsOffsetsAndDeletesTopics(@BrookBootstrap String bootstrap) throws Exception {
        ExternalClient.Output out = run(bootstrap, "admin", "jsadm");
        assertThat(out.one("created")).containsEntry("created", true);
        assertThat(out.one("created_again")).containsEntry("created", false);
        assertThat(list(out.one("listed").get("topics"))).containsExactly("jsadm-a", "jsadm-b");
        Map<String, Object> topics = map(out.one("metadata").get("topics"));
        assertThat(maps(topics.get("jsadm-a"))).hasSize(3).allSatisfy(p -> assertThat(p)
                .containsEntry("leader", 1L).containsEntry("replicas", List.of(1L)).containsEntry("isr", List.of(1L))
                .containsEntry("error", 0L));
        assertThat(maps(topics.get("jsadm-a"))).extracting(p -> p.get("partition")).containsExactly(0L, 1L, 2L);
        assertThat(maps(topics.get("jsadm-b"))).hasSize(1);
        assertThat(out.one("cluster")).containsEntry("brokers", 1L).containsEntry("controller", 1L);
        // two messages per partition, timestamps base+0s..base+5s round-robin over the 3 partitions
        assertThat(maps(out.one("offsets").get("offsets"))).allSatisfy(o -> {
            assertThat(num(o.get("offset"))).isEqualTo(2);
            assertThat(num(o.get("high"))).isEqualTo(2);
            assertThat(num(o.get("low"))).isZero();
        });
        Map<String, Object> byTime = out.one("offsets_by_time");
        assertThat(maps(byTime.get("early"))).extracting(o -> num(o.get("offset"))).containsExactly(0L, 0L, 0L);
        assertThat(maps(byTime.get("middle"))).extracting(o -> num(o.get("offset"))).containsExactly(1L, 1L, 1L);
        assertThat(maps(byTime.get("late"))).extracting(o -> num(o.get("offset"))).containsExactly(2L, 2L, 2L);
        assertThat(map(out.one("configs").get("values"))).containsEntry("retention.ms", "3600000");
        assertThat(out.one("grown")).containsEntry("partitions", 5L);
        assertThat(list(out.one("listed_after_delete").get("topics"))).isEmpty();
    }

    @Test
    void producesWithAcksGzipAndIdempotenceAndReadsEverythingBack(@BrookBootstrap String bootstrap) throws Exception {
        ExternalClient.Output out = run(bootstrap, "produce", "jsprod");
        List<Map<String, Object>> produced = out.all("produced");
        List<Map<String, Object>> consumed = out.all("consumed");
        assertThat(produced).extracting(p -> p.get("variant"))
                .containsExactly("acks1", "acksall-gzip", "idempotent-gzip");
        for (int v = 0; v < 3; v++) {
            String variant = (String) produced.get(v).get("variant");
            assertThat(maps(produced.get(v).get("results"))).as(variant)
                    .allSatisfy(r -> assertThat(r).containsEntry("error", 0L));
            List<Map<String, Object>> records = maps(consumed.get(v).get("records"));
            assertThat(records).as(variant).hasSize(100);
            // every message exactly once, with its key and headers
            assertThat(records).extracting(r -> r.get("value")).containsExactlyInAnyOrderElementsOf(
                    IntStream.range(0, 100).mapToObj(n -> "v" + n + "-" + "x".repeat(n % 30)).toList());
            for (Map<String, Object> r : records) {
                long n = Long.parseLong((String) map(r.get("headers")).get("n"));
                assertThat(r).as(variant).containsEntry("key", "k" + (n % 7))
                        .containsEntry("headers", Map.of("n", String.valueOf(n), "variant", variant));
            }
            // per partition: offsets 0..n-1 in order, messages in send order (n ascending)
            Map<Long, List<Map<String, Object>>> byPartition = records.stream()
                    .collect(Collectors.groupingBy(r -> num(r.get("partition"))));
            byPartition.forEach((partition, rs) -> {
                assertThat(rs).extracting(r -> num(r.get("offset")))
                        .as("%s partition %d", variant, partition)
                        .containsExactlyElementsOf(IntStream.range(0, rs.size()).mapToObj(i -> (long) i).toList());
                assertThat(rs).extracting(r -> Long.parseLong((String) map(r.get("headers")).get("n")))
                        .isSorted();
            });
            // a key always lands on the same partition
            Map<Object, Set<Long>> partitionsOfKey = records.stream().collect(Collectors.groupingBy(r -> r.get("key"),
                    Collectors.mapping(r -> num(r.get("partition")), Collectors.toSet())));
            assertThat(partitionsOfKey.values()).allSatisfy(ps -> assertThat(ps).hasSize(1));
        }
    }

    @Test
    void twoConsumersInOneGroupReadEverythingExactlyOnceThenResume(@BrookBootstrap String bootstrap) throws Exception {
        ExternalClient.Output out = run(bootstrap, "group", "jsgrp");
        assertThat(out.one("group_described")).containsEntry("state", "Stable").containsEntry("members", 2L)
                .containsEntry("protocolType", "consumer");
        Map<String, Object> consumed = out.one("group_consumed");
        List<Map<String, Object>> seen = maps(consumed.get("seen"));
        assertThat(seen).extracting(s -> s.get("value")).as("each message exactly once").hasSize(300)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 300).mapToObj(i -> "g" + i).toList());
        // after the rebalance both members consumed, and no partition was read by both at once
        List<Map<String, Object>> afterRebalance = seen.subList(100, 300);
        assertThat(afterRebalance).extracting(s -> s.get("consumer")).contains("c1", "c2");
        Map<Object, Set<Object>> consumersOfPartition = afterRebalance.stream().collect(Collectors.groupingBy(
                s -> s.get("partition"), Collectors.mapping(s -> s.get("consumer"), Collectors.toSet())));
        assertThat(consumersOfPartition.values()).allSatisfy(cs -> assertThat(cs).hasSize(1));
        // c2's assignment (after the last rebalance) plus c1's cover the 4 partitions
        Map<String, Object> assignments = map(consumed.get("assignments"));
        List<Object> lastC1 = list(last(list(assignments.get("c1"))));
        List<Object> lastC2 = list(last(list(assignments.get("c2"))));
        List<Object> all = new ArrayList<>(lastC1);
        all.addAll(lastC2);
        assertThat(all).containsExactlyInAnyOrder(0L, 1L, 2L, 3L);
        assertThat(lastC1).isNotEmpty();
        assertThat(lastC2).isNotEmpty();

        Map<String, Object> committed = out.one("committed");
        Map<Long, Long> end = new HashMap<>();
        maps(committed.get("end")).forEach(o -> end.put(num(o.get("partition")), num(o.get("offset"))));
        assertThat(end.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(300);
        assertThat(maps(committed.get("offsets"))).hasSize(4).allSatisfy(o ->
                assertThat(num(o.get("offset"))).as("committed offset of partition %s", o.get("partition"))
                        .isEqualTo(end.get(num(o.get("partition")))));

        assertThat(list(out.one("resumed").get("values")))
                .containsExactlyInAnyOrderElementsOf(IntStream.range(300, 320).mapToObj(i -> "g" + i).toList());
        assertThat(out.one("group_after_leave")).containsEntry("state", "Empty");
        assertThat(list(out.one("group_deleted").get("groups"))).isEmpty();
    }

    @Test
    void transactionWithSendOffsetsCommitsAndAborts(@BrookBootstrap String bootstrap) throws Exception {
        Map<Integer, int[]> versions = ExternalClient.apiVersions(bootstrap);
        // InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn, EndTxn, TxnOffsetCommit
        List<Integer> missing = List.of(22, 24, 25, 26, 28).stream().filter(k -> !versions.containsKey(k)).toList();
        assumeTrue(missing.isEmpty(), "Brook does not advertise transactions (missing API keys " + missing
                + "); the kafkajs transaction scenario is skipped");

        ExternalClient.Output out = run(bootstrap, "transaction", "jstxn");
        assertThat(list(out.one("read_committed").get("values")))
                .containsExactly("committed-1", "committed-2", "committed-3");
        assertThat(list(out.one("read_uncommitted").get("values")))
                .containsExactly("aborted-1", "aborted-2", "committed-1", "committed-2", "committed-3");
        assertThat(maps(out.one("txn_offsets").get("offsets"))).singleElement()
                .satisfies(o -> assertThat(num(o.get("offset"))).isEqualTo(42));
        // 5 records + 3 transaction markers over the 2 partitions
        assertThat(maps(out.one("txn_end_offsets").get("offsets")).stream().mapToLong(o -> num(o.get("offset"))).sum())
                .isEqualTo(8);
    }

    private static Object last(List<Object> l) {
        assertThat(l).isNotEmpty();
        return l.get(l.size() - 1);
    }

}
