package io.brook.protocol;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Drives a freshly started broker through its common request paths (ApiVersions, Metadata,
 * DescribeCluster, InitProducerId, Produce, ListOffsets, Fetch) with the real Java client. Run
 * once by {@code bin/brook-server --warm-up} so the class-data archive it records also holds the
 * request-path classes, and a cold broker answers its first clients sooner. It runs in its own
 * JVM ({@link #main}), so that the broker's archive holds no client classes: every archived
 * class costs resident memory in every broker started from it.
 */
public final class WarmUp {

    private static final long TIMEOUT_S = 30;

    private WarmUp() {
    }

    /** {@code WarmUp <bootstrap.servers> <topic>}: exits 0 once every path was exercised. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: WarmUp <bootstrap.servers> <topic>");
            System.exit(2);
        }
        exercise(args[0], args[1]);
    }

    public static void exercise(String bootstrapServers, String topic) throws Exception {
        Properties common = new Properties();
        common.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(common)) {
            admin.describeCluster().nodes().get(TIMEOUT_S, TimeUnit.SECONDS);
            admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
        }
        Properties producer = new Properties();
        producer.putAll(common);
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producer)) {
            p.send(new ProducerRecord<>(topic, 0, new byte[] {1}, new byte[] {2})).get(TIMEOUT_S, TimeUnit.SECONDS);
        }
        Properties consumer = new Properties();
        consumer.putAll(common);
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumer)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
            while (c.poll(Duration.ofMillis(100)).isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            c.endOffsets(List.of(tp), Duration.ofSeconds(TIMEOUT_S));
        }
    }
}
