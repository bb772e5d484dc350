package io.brook.tests.groups;

import static io.brook.tests.groups.GroupTestSupport.commitOnRevoke;
import static io.brook.tests.groups.GroupTestSupport.partitionsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.brook.embedded.EmbeddedBrook;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InconsistentGroupProtocolException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The KIP-848 consumer rebalance protocol ({@code group.protocol=consumer}) end to end with the Java
 * client: server-side assignment, incremental revocation, fencing, offsets, Admin and restarts.
 */
class ConsumerProtocolTest {

    private static final int SESSION_TIMEOUT_MS = 3000;

    private EmbeddedBrook brook;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        brook = EmbeddedBrook.builder()
                .config("offsets.topic.num.partitions", "3")
                .config("group.consumer.session.timeout.ms", String.valueOf(SESSION_TIMEOUT_MS))
                .config("group.consumer.heartbeat.interval.ms", "200")
                .config("group.initial.rebalance.delay.ms", "0")
                .config("group.min.session.timeout.ms", "500")
                .build()
                .start();
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
        brook.close();
    }

    // ------------------------------------------------------------------ helpers

    private Admin admin() {
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brook.bootstrapServers()));
        clients.add(admin);
        return admin;
    }

    private void produce(String topic, int count) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brook.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            producer.flush();
        }
    }

    private KafkaConsumer<String, String> consumer(String group, Map<String, String> extra) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brook.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        p.putAll(extra);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
        clients.add(consumer);
        return consumer;
    }

    /** Polls every consumer in turn (they share this thread: callbacks run in poll) until done. */
    @SafeVarargs
    private static void pollUntil(BooleanSupplier done, KafkaConsumer<String, String>... consumers) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1)).until(() -> {
            for (KafkaConsumer<String, String> c : consumers) {
                c.poll(Duration.ofMillis(20));
            }
            return done.getAsBoolean();
        });
    }

    private static ConsumerGroupDescription describe(Admin admin, String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(30, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void twoConsumersSplitFourPartitionsAndTheSurvivorOwnsAllWhenOneCloses() {
        brook.createTopic("split", 4, Map.of());
        KafkaConsumer<String, String> a = consumer("g-split", Map.of());
        KafkaConsumer<String, String> b = consumer("g-split", Map.of());
        a.subscribe(List.of("split"));
        b.subscribe(List.of("split"));
        pollUntil(() -> a.assignment().size() == 2 && b.assignment().size() == 2, a, b);
        Set<Integer> all = new HashSet<>(partitionsOf(a));
        all.addAll(partitionsOf(b));
        assertThat(all).containsExactlyInAnyOrder(0, 1, 2, 3);

        b.close();
        pollUntil(() -> a.assignment().size() == 4, a);
        assertThat(partitionsOf(a)).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void committedOffsetsResumeInANewConsumer() throws Exception {
        brook.createTopic("resume", 2, Map.of());
        produce("resume", 10);
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        try (KafkaConsumer<String, String> c = consumer("g-resume", Map.of())) {
            c.subscribe(List.of("resume"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                c.poll(Duration.ofMillis(50)).forEach(r -> seen.merge(r.value(), 1, Integer::sum));
                return seen.size() == 10;
            });
            c.commitSync(Map.of(new TopicPartition("resume", 0), new OffsetAndMetadata(1, "meta"),
                    new TopicPartition("resume", 1), new OffsetAndMetadata(2)));
        }
        clients.clear();
        KafkaConsumer<String, String> next = consumer("g-resume", Map.of());
        next.subscribe(List.of("resume"));
        List<String> resumed = new ArrayList<>();
        int expected = 10 - 3;
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            next.poll(Duration.ofMillis(50)).forEach(r -> resumed.add(r.partition() + "@" + r.offset()));
            return resumed.size() >= expected;
        });
        assertThat(resumed).hasSize(expected).doesNotContain("0@0", "1@0", "1@1");
        assertThat(next.committed(Set.of(new TopicPartition("resume", 0))).get(new TopicPartition("resume", 0))
                .metadata()).isEqualTo("meta");
    }

    @Test
    void aConsumerThatStopsHeartbeatingIsFencedAfterTheSessionTimeout() throws Exception {
        brook.createTopic("fence", 4, Map.of());
        KafkaConsumer<String, String> a = consumer("g-fence", Map.of());
        // A static member: on close it only says it is away for now (epoch -2) and keeps its partitions;
        // the Java client sends a leave heartbeat when a dynamic member closes, even with REMAIN_IN_GROUP.
        KafkaConsumer<String, String> b = consumer("g-fence", Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "b"));
        a.subscribe(List.of("fence"));
        b.subscribe(List.of("fence"));
        pollUntil(() -> a.assignment().size() == 2 && b.assignment().size() == 2, a, b);

        long stoppedAt = System.nanoTime();
        b.close();
        Admin admin = admin();
        assertThat(describe(admin, "g-fence").members()).hasSize(2);
        pollUntil(() -> a.assignment().size() == 4, a);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
        // The silent member keeps its partitions until the coordinator fences it after the session timeout.
        assertThat(elapsedMs).isGreaterThanOrEqualTo(SESSION_TIMEOUT_MS - 500);
        assertThat(describe(admin, "g-fence").members()).hasSize(1);
    }

    @Test
    void noRecordIsLostOrDuplicatedAcrossARebalanceWithCommitOnRevoke() throws Exception {
        brook.createTopic("exact", 4, Map.of());
        int total = 400;
        produce("exact", total);
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        Map<String, String> small = Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10");
        KafkaConsumer<String, String> a = consumer("g-exact", small);
        KafkaConsumer<String, String> b = consumer("g-exact", small);
        a.subscribe(List.of("exact"), commitOnRevoke(a));
        // a consumes alone for a while, then b joins: a must revoke two partitions, committing first.
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consume(a, counts);
            return counts.size() >= 40;
        });
        b.subscribe(List.of("exact"), commitOnRevoke(b));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1)).until(() -> {
            consume(a, counts);
            consume(b, counts);
            return counts.size() == total && b.assignment().size() == 2;
        });
        assertThat(counts).hasSize(total);
        assertThat(counts.values()).allMatch(c -> c == 1);
    }

    /** Consumes one batch without committing it: offsets move only on revocation (at-least-once otherwise). */
    private static void consume(KafkaConsumer<String, String> c, Map<String, Integer> counts) {
        c.poll(Duration.ofMillis(20)).forEach(r -> counts.merge(r.value(), 1, Integer::sum));
    }

    @Test
    void adminDescribesAConsumerGroupWithItsMembersAndAssignments() throws Exception {
        brook.createTopic("described", 4, Map.of());
        KafkaConsumer<String, String> a = consumer("g-described", Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "ca"));
        KafkaConsumer<String, String> b = consumer("g-described", Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "cb",
                ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, "range"));
        a.subscribe(List.of("described"));
        b.subscribe(List.of("described"));
        pollUntil(() -> a.assignment().size() == 2 && b.assignment().size() == 2, a, b);

        Admin admin = admin();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(describe(admin, "g-described").groupState()).isEqualTo(GroupState.STABLE));
        ConsumerGroupDescription d = describe(admin, "g-described");
        assertThat(d.type()).isEqualTo(GroupType.CONSUMER);
        assertThat(d.partitionAssignor()).isEqualTo("range");
        assertThat(d.groupEpoch()).isPresent();
        assertThat(d.targetAssignmentEpoch()).isEqualTo(d.groupEpoch());
        assertThat(d.members()).extracting(MemberDescription::clientId).containsExactlyInAnyOrder("ca", "cb");
        Map<String, Set<TopicPartition>> byClient = d.members().stream().collect(Collectors.toMap(
                MemberDescription::clientId, m -> m.assignment().topicPartitions()));
        assertThat(byClient.get("ca")).isEqualTo(a.assignment());
        assertThat(byClient.get("cb")).isEqualTo(b.assignment());
        for (MemberDescription m : d.members()) {
            assertThat(m.targetAssignment()).isPresent();
            assertThat(m.targetAssignment().get().topicPartitions()).isEqualTo(m.assignment().topicPartitions());
            assertThat(m.memberEpoch()).isEqualTo(d.groupEpoch());
        }

        Collection<GroupListing> listed = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all()
                .get(30, TimeUnit.SECONDS);
        assertThat(listed).filteredOn(g -> g.groupId().equals("g-described")).singleElement()
                .satisfies(g -> {
                    assertThat(g.type()).contains(GroupType.CONSUMER);
                    assertThat(g.groupState()).contains(GroupState.STABLE);
                });
    }

    @Test
    void aClassicConsumerCannotJoinANonEmptyConsumerGroup() {
        brook.createTopic("mixed", 2, Map.of());
        KafkaConsumer<String, String> modern = consumer("g-mixed", Map.of());
        modern.subscribe(List.of("mixed"));
        pollUntil(() -> modern.assignment().size() == 2, modern);

        KafkaConsumer<String, String> classic = consumer("g-mixed", Map.of(
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic"));
        classic.subscribe(List.of("mixed"));
        assertThatThrownBy(() -> await().atMost(Duration.ofSeconds(30)).until(() -> {
            classic.poll(Duration.ofMillis(50));
            modern.poll(Duration.ofMillis(10));
            return false;
        })).isInstanceOf(InconsistentGroupProtocolException.class);
    }

    @Test
    void aBrokerRestartKeepsTheGroupAndItsOffsets() throws Exception {
        brook.createTopic("durable", 2, Map.of());
        produce("durable", 6);
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        try (KafkaConsumer<String, String> c = consumer("g-durable", Map.of())) {
            c.subscribe(List.of("durable"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                c.poll(Duration.ofMillis(50)).forEach(r -> seen.merge(r.value(), 1, Integer::sum));
                return seen.size() == 6;
            });
            c.commitSync(Map.of(new TopicPartition("durable", 0), new OffsetAndMetadata(2, "kept"),
                    new TopicPartition("durable", 1), new OffsetAndMetadata(1)));
        }
        clients.clear();
        brook.restart();

        Admin admin = admin();
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("g-durable")
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        assertThat(offsets.get(new TopicPartition("durable", 0)).offset()).isEqualTo(2);
        assertThat(offsets.get(new TopicPartition("durable", 0)).metadata()).isEqualTo("kept");
        assertThat(offsets.get(new TopicPartition("durable", 1)).offset()).isEqualTo(1);
        ConsumerGroupDescription d = describe(admin, "g-durable");
        assertThat(d.type()).isEqualTo(GroupType.CONSUMER);
        assertThat(d.groupState()).isEqualTo(GroupState.EMPTY);
        assertThat(d.groupEpoch()).hasValueSatisfying(epoch -> assertThat(epoch).isGreaterThan(0));

        List<String> after = new ArrayList<>();
        KafkaConsumer<String, String> c = consumer("g-durable", Map.of());
        c.subscribe(List.of("durable"));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            c.poll(Duration.ofMillis(50)).forEach(r -> after.add(r.partition() + "@" + r.offset()));
            return after.size() >= 3;
        });
        assertThat(after).containsExactlyInAnyOrder("0@2", "1@1", "1@2");
    }
}
