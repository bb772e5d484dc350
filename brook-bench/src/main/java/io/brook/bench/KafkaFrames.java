package io.brook.bench;

import io.brook.protocol.handler.ApiKey;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.internal.MemoryRecords;

/** Request frames as a Kafka client sends them, built with kafka-clients' own message classes. */
public final class KafkaFrames {
    private KafkaFrames() {
    }

    /**
     * A Produce request like ProducerPerformance's (acks=1, one topic, one full 16 KiB batch for each of
     * {@code partitions} partitions), as a frame without the 4-byte size prefix when {@code sizePrefix}
     * is false.
     */
    public static ByteBuffer produce(String topic, int partitions, short version, short acks, boolean sizePrefix) {
        ProduceRequestData data = new ProduceRequestData().setAcks(acks).setTimeoutMs(30_000);
        TopicProduceData t = new TopicProduceData().setName(topic);
        for (int p = 0; p < partitions; p++) {
            t.partitionData().add(new PartitionProduceData().setIndex(p)
                    .setRecords(MemoryRecords.readableRecords(BenchData.batch16k(p))));
        }
        data.topicData().add(t);
        return frame(ApiKey.PRODUCE, version, 17, data, sizePrefix);
    }

    public static ByteBuffer frame(ApiKey key, short version, int correlationId, ApiMessage body, boolean sizePrefix) {
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(key.id()).setRequestApiVersion(version)
                .setCorrelationId(correlationId).setClientId("producer-performance");
        short headerVersion = key.requestHeaderVersion(version);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate((sizePrefix ? 4 : 0) + size);
        if (sizePrefix) {
            buffer.putInt(size);
        }
        ByteBufferAccessor accessor = new ByteBufferAccessor(buffer);
        header.write(accessor, cache, headerVersion);
        body.write(accessor, cache, version);
        return buffer.flip();
    }
}
