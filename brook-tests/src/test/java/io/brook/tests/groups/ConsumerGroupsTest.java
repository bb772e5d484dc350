package io.brook.tests.groups;

import static io.brook.tests.groups.GroupTestSupport.commitOnRevoke;
import static io.brook.tests.groups.GroupTestSupport.partitionsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.server.BrookServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumer groups end to end with the Java client's classic protocol (JoinGroup/SyncGroup/
 * Heartbeat), offsets, restarts, the Admin group operations and librdkafka's balanced consumer.
 */
class ConsumerGroupsTest {

    @TempDir
    Path dataDir;

    private BrookServer server;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = startServer();
    }

    private BrookServer startServer() throws IOException {
        BrookServer s = new BrookServer(Map.of("listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dataDir.toString(), "offsets.topic.num.partitions", "3",
                "group.initial.rebalance.delay.ms", "0", "group.min.session.timeout.ms", "500",
                "num.partitions", "1"));
        s.start();
        return s;
    }

    @AfterEach
    void stop() {
        for (int i = clients.size() - 1; i >= 0; i--) {
            try {
                AutoCloseable c = clients.get(i);
                if (c instanceof KafkaConsumer<?, ?> consumer) {
                    consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
                } else {
                    c.close();
                }
            } catch (Exception ignored) {
                // already closed
            }
        }
        if (server != null) {
            server.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    private Admin admin() {
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, server.bootstrapServers()));
        clients.add(admin);
        return admin;
    }

    private void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                server.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private void produce(String topic, int from, int count) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, server.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            producer.flush();
        }
    }

    private KafkaConsumer<String, String> consumer(String group, Map<String, String> extra) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, server.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "3000");
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "300");
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        p.putAll(extra);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
        clients.add(consumer);
        return consumer;
    }

    /** Polls every consumer in turn (they share this thread) until the condition holds. */
    @SafeVarargs
    private static void pollUntil(java.util.function.BooleanSupplier done, List<ConsumerRecord<String, String>> sink,
                                  KafkaConsumer<String, String>... consumers) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1)).until(() -> {
            for (KafkaConsumer<String, String> c : consumers) {
                c.poll(Duration.ofMillis(50)).forEach(r -> {
                    if (sink != null) {
                        sink.add(r);
                    }
                });
            }
            return done.getAsBoolean();
        });
    }

    // ------------------------------------------------------------------ classic protocol

    @Test
    void twoConsumersSplitFourPartitionsAndTheSurvivorTakesAllWhenOneCloses() throws Exception {
        createTopic("split", 4);
        KafkaConsumer<String, String> a = consumer("g-split", Map.of());
        KafkaConsumer<String, String> b = consumer("g-split", Map.of());
        a.subscribe(List.of("split"));
        b.subscribe(List.of("split"));
        pollUntil(() -> a.assignment().size() == 2 && b.assignment().size() == 2, null, a, b);
        Set<Integer> all = new HashSet<>(partitionsOf(a));
        all.addAll(partitionsOf(b));
        assertThat(all).containsExactlyInAnyOrder(0, 1, 2, 3);

        b.close();
        pollUntil(() -> a.assignment().size() == 4, null, a);
        assertThat(partitionsOf(a)).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void aConsumerThatStopsHeartbeatingWithoutLeavingIsEvictedAfterTheSessionTimeout() throws Exception {
        createTopic("evict", 4);
        KafkaConsumer<String, String> a = consumer("g-evict", Map.of());
        KafkaConsumer<String, String> b = consumer("g-evict", Map.of());
        a.subscribe(List.of("evict"));
        b.subscribe(List.of("evict"));
        pollUntil(() -> a.assignment().size() == 2 && b.assignment().size() == 2, null, a, b);

        long stoppedAt = System.nanoTime();
        // No LeaveGroup: the member just goes silent, as a killed process would.
        b.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
        pollUntil(() -> a.assignment().size() == 4, null, a);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
        // Session timeout is 3 s: the survivor only gets the partitions once the coordinator evicts b.
        assertThat(elapsedMs).isGreaterThanOrEqualTo(2500);
    }

    @Test
    void committedOffsetsResumeInANewConsumerWithMetadataPreserved() throws Exception {
        createTopic("resume", 2);
        produce("resume", 0, 10);
        List<ConsumerRecord<String, String>> seen = new CopyOnWriteArrayList<>();
        try (KafkaConsumer<String, String> first = consumer("g-resume", Map.of())) {
            first.subscribe(List.of("resume"));
            pollUntil(() -> seen.size() == 10, seen, first);
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            for (TopicPartition tp : first.assignment()) {
                commit.put(tp, new OffsetAndMetadata(first.position(tp), "meta-" + tp.partition()));
            }
            first.commitSync(commit);
        }
        produce("resume", 10, 5);
        List<ConsumerRecord<String, String>> second = new CopyOnWriteArrayList<>();
        KafkaConsumer<String, String> next = consumer("g-resume", Map.of());
        next.subscribe(List.of("resume"));
        pollUntil(() -> second.size() >= 5, second, next);
        assertThat(second).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(10, 15).mapToObj(i -> "v" + i).toList());
        Map<TopicPartition, OffsetAndMetadata> committed = next.committed(
                Set.of(new TopicPartition("resume", 0), new TopicPartition("resume", 1)));
        assertThat(committed.get(new TopicPartition("resume", 0)).metadata()).isEqualTo("meta-0");
        assertThat(committed.get(new TopicPartition("resume", 1)).metadata()).isEqualTo("meta-1");
    }

    @Test
    void aStaticMemberRestartingWithinTheSessionTimeoutDoesNotTriggerARebalance() throws Exception {
        createTopic("static", 4);
        Map<String, String> staticA = Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "instance-a",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "20000");
        Map<String, String> staticB = Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "instance-b",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "20000");
        List<Collection<TopicPartition>> bRevocations = new CopyOnWriteArrayList<>();
        KafkaConsumer<String, String> a = consumer("g-static", staticA);
        KafkaConsumer<String, String> b = consumer("g-static", staticB);
        a.subscribe(List.of("static"));
        b.subscribe(List.of("static"), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    bRevocations.add(partitions);
                }
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }
        });
        pollUntil(() -> a.assignment().size() == 2 && b.assignment().size() == 2, null, a, b);
        Set<Integer> aPartitions = partitionsOf(a);
        int generation = b.groupMetadata().generationId();
        bRevocations.clear();

        a.close(); // a static member does not send LeaveGroup on close
        KafkaConsumer<String, String> restarted = consumer("g-static", staticA);
        restarted.subscribe(List.of("static"));
        pollUntil(() -> restarted.assignment().size() == 2, null, restarted, b);
        for (int i = 0; i < 10; i++) {
            restarted.poll(Duration.ofMillis(30));
            b.poll(Duration.ofMillis(30));
        }
        assertThat(partitionsOf(restarted)).isEqualTo(aPartitions);
        assertThat(b.groupMetadata().generationId()).isEqualTo(generation);
        assertThat(restarted.groupMetadata().generationId()).isEqualTo(generation);
        assertThat(bRevocations).isEmpty();
    }

    @Test
    void cooperativeStickyKeepsUnrevokedPartitionsDuringARebalance() throws Exception {
        createTopic("coop", 4);
        Map<String, String> coop = Map.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        List<Collection<TopicPartition>> revokedFromA = new CopyOnWriteArrayList<>();
        KafkaConsumer<String, String> a = consumer("g-coop", coop);
        a.subscribe(List.of("coop"), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                revokedFromA.add(List.copyOf(partitions));
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }
        });
        pollUntil(() -> a.assignment().size() == 4, null, a);
        KafkaConsumer<String, String> b = consumer("g-coop", coop);
        b.subscribe(List.of("coop"));
        pollUntil(() -> a.assignment().size() == 2 && b.assignment().size() == 2, null, a, b);
        // Incremental: a gave up exactly the two partitions b got, and never all four.
        List<TopicPartition> revoked = revokedFromA.stream().flatMap(Collection::stream).toList();
        assertThat(revoked).hasSize(2);
        assertThat(revoked).doesNotContainAnyElementsOf(a.assignment());
        assertThat(new HashSet<>(revoked)).isEqualTo(b.assignment());
    }

    @Test
    void noRecordIsLostOrDuplicatedAcrossARebalanceWithCommitOnRevoke() throws Exception {
        createTopic("exact", 4);
        int total = 400;
        produce("exact", 0, total);
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        KafkaConsumer<String, String> a = consumer("g-exact", Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10"));
        KafkaConsumer<String, String> b = consumer("g-exact", Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10"));
        a.subscribe(List.of("exact"), commitOnRevoke(a));
        // a consumes alone for a while, then b joins and they finish together.
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consume(a, counts);
            return counts.size() >= 40;
        });
        b.subscribe(List.of("exact"), commitOnRevoke(b));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1)).until(() -> {
            consume(a, counts);
            consume(b, counts);
            return counts.size() == total && !b.assignment().isEmpty();
        });
        assertThat(counts).hasSize(total);
        assertThat(counts.values()).allMatch(c -> c == 1);
    }

    private static void consume(KafkaConsumer<String, String> c, Map<String, Integer> counts) {
        var records = c.poll(Duration.ofMillis(50));
        records.forEach(r -> counts.merge(r.value(), 1, Integer::sum));
        if (!records.isEmpty()) {
            c.commitSync();
        }
    }

    @Test
    void committedOffsetsAndGroupStateSurviveABrokerRestart() throws Exception {
        createTopic("durable", 2);
        produce("durable", 0, 6);
        List<ConsumerRecord<String, String>> seen = new CopyOnWriteArrayList<>();
        try (KafkaConsumer<String, String> c = consumer("g-durable", Map.of())) {
            c.subscribe(List.of("durable"));
            pollUntil(() -> seen.size() == 6, seen, c);
            c.commitSync(Map.of(new TopicPartition("durable", 0), new OffsetAndMetadata(2, "kept"),
                    new TopicPartition("durable", 1), new OffsetAndMetadata(1, "")));
        }
        clients.clear();
        server.close();
        server = startServer();

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                server.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("g-durable")
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertThat(offsets.get(new TopicPartition("durable", 0)).offset()).isEqualTo(2);
            assertThat(offsets.get(new TopicPartition("durable", 0)).metadata()).isEqualTo("kept");
            assertThat(offsets.get(new TopicPartition("durable", 1)).offset()).isEqualTo(1);
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of("g-durable"))
                    .describedGroups().get("g-durable").get(30, TimeUnit.SECONDS);
            assertThat(description.groupState()).isEqualTo(GroupState.EMPTY);
        }
        List<ConsumerRecord<String, String>> after = new CopyOnWriteArrayList<>();
        KafkaConsumer<String, String> c = consumer("g-durable", Map.of());
        c.subscribe(List.of("durable"));
        pollUntil(() -> after.size() >= 3, after, c);
        assertThat(after).extracting(r -> r.partition() + "@" + r.offset())
                .containsExactlyInAnyOrder("0@2", "1@1", "1@2");
    }

    // ------------------------------------------------------------------ admin

    @Test
    void adminGroupOperations() throws Exception {
        createTopic("adm", 2);
        produce("adm", 0, 4);
        Admin admin = admin();
        KafkaConsumer<String, String> c = consumer("g-admin", Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "admin-test",
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "inst-1", ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "20000"));
        c.subscribe(List.of("adm"));
        pollUntil(() -> c.assignment().size() == 2, null, c);
        c.commitSync(Map.of(new TopicPartition("adm", 0), new OffsetAndMetadata(1, "m0")));

        Collection<ConsumerGroupListing> listed = admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS);
        assertThat(listed).anySatisfy(l -> {
            assertThat(l.groupId()).isEqualTo("g-admin");
            assertThat(l.groupState()).contains(GroupState.STABLE);
        });

        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of("g-admin")).describedGroups()
                .get("g-admin").get(30, TimeUnit.SECONDS);
        assertThat(d.groupState()).isEqualTo(GroupState.STABLE);
        assertThat(d.partitionAssignor()).isEqualTo("range");
        assertThat(d.members()).singleElement().satisfies(m -> {
            assertThat(m.clientId()).isEqualTo("admin-test");
            assertThat(m.groupInstanceId()).contains("inst-1");
            assertThat(m.assignment().topicPartitions()).containsExactlyInAnyOrder(
                    new TopicPartition("adm", 0), new TopicPartition("adm", 1));
        });

        assertThat(admin.listConsumerGroupOffsets("g-admin").partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS)).containsEntry(new TopicPartition("adm", 0), new OffsetAndMetadata(1, "m0"));

        // The group is subscribed to "adm": its offsets cannot be deleted while it is active.
        var deleteWhileActive = admin.deleteConsumerGroupOffsets("g-admin", Set.of(new TopicPartition("adm", 0)));
        assertThat(deleteWhileActive.all()).failsWithin(Duration.ofSeconds(30)).withThrowableThat()
                .withCauseInstanceOf(org.apache.kafka.common.errors.GroupSubscribedToTopicException.class);
        // ... nor the group itself.
        assertThat(admin.deleteConsumerGroups(List.of("g-admin")).all()).failsWithin(Duration.ofSeconds(30))
                .withThrowableThat().withCauseInstanceOf(org.apache.kafka.common.errors.GroupNotEmptyException.class);

        admin.removeMembersFromConsumerGroup("g-admin", new RemoveMembersFromConsumerGroupOptions(
                List.of(new MemberToRemove("inst-1")))).all().get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeConsumerGroups(List.of("g-admin"))
                .describedGroups().get("g-admin").get().groupState() == GroupState.EMPTY);
        c.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));

        admin.alterConsumerGroupOffsets("g-admin", Map.of(new TopicPartition("adm", 1), new OffsetAndMetadata(3, "set")))
                .all().get(30, TimeUnit.SECONDS);
        assertThat(admin.listConsumerGroupOffsets("g-admin").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS))
                .containsEntry(new TopicPartition("adm", 0), new OffsetAndMetadata(1, "m0"))
                .containsEntry(new TopicPartition("adm", 1), new OffsetAndMetadata(3, "set"));

        admin.deleteConsumerGroupOffsets("g-admin", Set.of(new TopicPartition("adm", 0))).all()
                .get(30, TimeUnit.SECONDS);
        assertThat(admin.listConsumerGroupOffsets("g-admin").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS))
                .containsOnlyKeys(new TopicPartition("adm", 1));

        admin.deleteConsumerGroups(List.of("g-admin")).all().get(30, TimeUnit.SECONDS);
        assertThat(admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS))
                .noneMatch(l -> l.groupId().equals("g-admin"));
        assertThat(admin.deleteConsumerGroups(List.of("g-admin")).all()).failsWithin(Duration.ofSeconds(30))
                .withThrowableThat().withCauseInstanceOf(org.apache.kafka.common.errors.GroupIdNotFoundException.class);
    }

    // ------------------------------------------------------------------ librdkafka

    @Test
    void kcatBalancedConsumerReadsEveryMessageThroughAGroup() throws Exception {
        String kcat = findOnPath("kcat");
        if (kcat == null && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("kcat is not installed (apt-get install -y kcat)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(kcat != null, "kcat not installed");
        createTopic("kc", 3);
        produce("kc", 0, 30);
        Path out = dataDir.resolve("kcat.out");
        Path err = dataDir.resolve("kcat.err");
        Process process = new ProcessBuilder(kcat, "-b", server.bootstrapServers(), "-G", "g-kcat", "-o", "beginning",
                "-e", "-q", "-f", "%s\\n", "-X", "session.timeout.ms=6000", "kc")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> lines(out).size() >= 30);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("kcat read " + lines(out).size() + " lines; stderr:\n"
                    + String.join("\n", lines(err)), e);
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        assertThat(lines(out)).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, 30).mapToObj(i -> "v" + i).toList());
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList() : List.of();
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
}
