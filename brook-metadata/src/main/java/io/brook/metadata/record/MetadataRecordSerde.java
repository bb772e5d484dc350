package io.brook.metadata.record;

import io.brook.metadata.record.MetadataRecord.ConfigRecord;
import io.brook.metadata.record.MetadataRecord.PartitionRecord;
import io.brook.metadata.record.MetadataRecord.ProducerIdsRecord;
import io.brook.metadata.record.MetadataRecord.RemoveTopicRecord;
import io.brook.metadata.record.MetadataRecord.ResourceType;
import io.brook.metadata.record.MetadataRecord.TopicRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Binary form of metadata records: a type byte, a version byte, then the fields. The version
 * byte lets a record grow fields later while old logs still replay.
 */
public final class MetadataRecordSerde {

    private static final byte TOPIC = 1;
    private static final byte PARTITION = 2;
    private static final byte CONFIG = 3;
    private static final byte REMOVE_TOPIC = 4;
    private static final byte PRODUCER_IDS = 5;
    private static final byte VERSION = 0;

    private MetadataRecordSerde() {
    }

    public static byte[] serialize(MetadataRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (record instanceof TopicRecord r) {
                header(out, TOPIC);
                out.writeUTF(r.name());
                uuid(out, r.topicId());
            } else if (record instanceof PartitionRecord r) {
                header(out, PARTITION);
                uuid(out, r.topicId());
                out.writeInt(r.partition());
                ints(out, r.replicas());
                ints(out, r.isr());
                out.writeInt(r.leader());
                out.writeInt(r.leaderEpoch());
            } else if (record instanceof ConfigRecord r) {
                header(out, CONFIG);
                out.writeByte(r.resourceType().id());
                out.writeUTF(r.resourceName());
                out.writeUTF(r.key());
                out.writeBoolean(r.value() != null);
                if (r.value() != null) {
                    out.writeUTF(r.value());
                }
            } else if (record instanceof RemoveTopicRecord r) {
                header(out, REMOVE_TOPIC);
                uuid(out, r.topicId());
            } else if (record instanceof ProducerIdsRecord r) {
                header(out, PRODUCER_IDS);
                out.writeInt(r.brokerId());
                out.writeLong(r.nextProducerId());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static MetadataRecord deserialize(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte type = in.readByte();
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("Metadata record type " + type + " has unknown version " + version
                        + "; this log was written by a newer Brook");
            }
            return switch (type) {
                case TOPIC -> new TopicRecord(in.readUTF(), uuid(in));
                case PARTITION -> new PartitionRecord(uuid(in), in.readInt(), ints(in), ints(in), in.readInt(),
                        in.readInt());
                case CONFIG -> new ConfigRecord(ResourceType.of(in.readByte()), in.readUTF(), in.readUTF(),
                        in.readBoolean() ? in.readUTF() : null);
                case REMOVE_TOPIC -> new RemoveTopicRecord(uuid(in));
                case PRODUCER_IDS -> new ProducerIdsRecord(in.readInt(), in.readLong());
                default -> throw new IllegalArgumentException("Unknown metadata record type " + type);
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("Truncated metadata record", e);
        }
    }

    private static void header(DataOutputStream out, byte type) throws IOException {
        out.writeByte(type);
        out.writeByte(VERSION);
    }

    private static void uuid(DataOutputStream out, UUID id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private static UUID uuid(DataInputStream in) throws IOException {
        return new UUID(in.readLong(), in.readLong());
    }

    private static void ints(DataOutputStream out, List<Integer> values) throws IOException {
        out.writeInt(values.size());
        for (int v : values) {
            out.writeInt(v);
        }
    }

    private static List<Integer> ints(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<Integer> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(in.readInt());
        }
        return List.copyOf(values);
    }
}
