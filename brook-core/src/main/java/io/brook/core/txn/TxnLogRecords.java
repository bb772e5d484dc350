package io.brook.core.txn;

import io.brook.core.partition.TopicPartition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records of {@code __transaction_state} in Kafka's format (TransactionLogKey v0 / TransactionLogValue v0):
 * key {@code version int16 = 0, transactional_id string}; value {@code version int16 = 0, producer_id int64,
 * producer_epoch int16, transaction_timeout_ms int32, transaction_status int8, transaction_partitions
 * nullable array of (topic string, partition_ids array of int32), transaction_last_update_timestamp_ms int64,
 * transaction_start_timestamp_ms int64}. A null value (tombstone) removes the id.
 */
public final class TxnLogRecords {
    private TxnLogRecords() {
    }

    public static byte[] key(String transactionalId) {
        byte[] id = transactionalId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + id.length).putShort((short) 0).putShort((short) id.length).put(id).array();
    }

    public static String readKey(ByteBuffer key) {
        ByteBuffer b = key.duplicate();
        short version = b.getShort();
        if (version != 0) {
            throw new IllegalArgumentException("unknown transaction log key version " + version);
        }
        return readString(b);
    }

    public static byte[] value(TxnMetadata m) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : m.partitions()) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        int size = 2 + 8 + 2 + 4 + 1 + 4 + 8 + 8;
        for (Map.Entry<String, List<Integer>> e : byTopic.entrySet()) {
            size += 2 + e.getKey().getBytes(StandardCharsets.UTF_8).length + 4 + 4 * e.getValue().size();
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putShort((short) 0).putLong(m.producerId()).putShort(m.producerEpoch()).putInt(m.timeoutMs())
                .put(m.state().id());
        if (m.state() == TxnState.EMPTY && byTopic.isEmpty()) {
            b.putInt(-1);
        } else {
            b.putInt(byTopic.size());
            for (Map.Entry<String, List<Integer>> e : byTopic.entrySet()) {
                byte[] topic = e.getKey().getBytes(StandardCharsets.UTF_8);
                b.putShort((short) topic.length).put(topic).putInt(e.getValue().size());
                e.getValue().forEach(b::putInt);
            }
        }
        b.putLong(m.lastUpdateTimestampMs()).putLong(m.startTimestampMs());
        return b.position() == size ? b.array() : java.util.Arrays.copyOf(b.array(), b.position());
    }

    public static TxnMetadata readValue(String transactionalId, ByteBuffer value) {
        ByteBuffer b = value.duplicate();
        short version = b.getShort();
        if (version != 0 && version != 1) {
            throw new IllegalArgumentException("unknown transaction log value version " + version);
        }
        long pid = b.getLong();
        short epoch = b.getShort();
        int timeout = b.getInt();
        TxnState state = TxnState.fromId(b.get());
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        int topics = version == 0 ? b.getInt() : readUnsignedVarint(b) - 1;
        for (int i = 0; i < topics; i++) {
            String topic = version == 0 ? readString(b) : readCompactString(b);
            int count = version == 0 ? b.getInt() : readUnsignedVarint(b) - 1;
            for (int j = 0; j < count; j++) {
                partitions.add(new TopicPartition(topic, b.getInt()));
            }
            if (version == 1) {
                skipTaggedFields(b);
            }
        }
        long lastUpdate = b.getLong();
        long start = b.getLong();
        return new TxnMetadata(transactionalId, pid, epoch, (short) -1, timeout, state, partitions, start, lastUpdate);
    }

    private static String readString(ByteBuffer b) {
        short len = b.getShort();
        byte[] bytes = new byte[len];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String readCompactString(ByteBuffer b) {
        int len = readUnsignedVarint(b) - 1;
        byte[] bytes = new byte[len];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void skipTaggedFields(ByteBuffer b) {
        int n = readUnsignedVarint(b);
        for (int i = 0; i < n; i++) {
            readUnsignedVarint(b);
            int size = readUnsignedVarint(b);
            b.position(b.position() + size);
        }
    }

    private static int readUnsignedVarint(ByteBuffer b) {
        int value = 0;
        int shift = 0;
        while (true) {
            byte x = b.get();
            value |= (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return value;
            }
            shift += 7;
        }
    }
}
