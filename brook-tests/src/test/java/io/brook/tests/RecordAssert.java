package io.brook.tests;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Builds seeded test records and compares what came back with what was sent. */
final class RecordAssert {
    private RecordAssert() {
    }

    /** A byte-exact, comparable view of a record (arrays compared by content). */
    record Snapshot(int partition, String key, String value, long timestamp, List<String> headers) {
    }

    static String hex(byte[] b) {
        if (b == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return sb.toString();
    }

    static Snapshot of(ProducerRecord<byte[], byte[]> r, int partition) {
        List<String> headers = new ArrayList<>();
        for (Header h : r.headers()) {
            headers.add(h.key() + "=" + hex(h.value()));
        }
        return new Snapshot(partition, hex(r.key()), hex(r.value()), r.timestamp(), headers);
    }

    static Snapshot of(ConsumerRecord<byte[], byte[]> r) {
        List<String> headers = new ArrayList<>();
        for (Header h : r.headers()) {
            headers.add(h.key() + "=" + hex(h.value()));
        }
        return new Snapshot(r.partition(), hex(r.key()), hex(r.value()), r.timestamp(), headers);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] randomBytes(Random random, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }

    /**
     * Asserts each partition's records have offsets 0..n-1 (no gaps, no duplicates) and returns
     * them grouped by partition in offset order.
     */
    static Map<Integer, List<ConsumerRecord<byte[], byte[]>>> assertContiguousFromZero(
            List<ConsumerRecord<byte[], byte[]>> records) {
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r);
        }
        byPartition.forEach((p, rs) -> {
            long[] offsets = rs.stream().mapToLong(ConsumerRecord::offset).toArray();
            long[] expected = new long[offsets.length];
            Arrays.setAll(expected, i -> i);
            assertThat(offsets).as("offsets of partition %d", p).containsExactly(expected);
        });
        return byPartition;
    }
}
