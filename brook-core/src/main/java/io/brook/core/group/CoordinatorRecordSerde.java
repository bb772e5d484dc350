package io.brook.core.group;

import io.brook.core.group.CoordinatorRecord.ConsumerCurrentAssignment;
import io.brook.core.group.CoordinatorRecord.ConsumerCurrentAssignmentValue;
import io.brook.core.group.CoordinatorRecord.ConsumerGroupEpoch;
import io.brook.core.group.CoordinatorRecord.ConsumerGroupEpochValue;
import io.brook.core.group.CoordinatorRecord.ConsumerMemberMetadata;
import io.brook.core.group.CoordinatorRecord.ConsumerMemberMetadataValue;
import io.brook.core.group.CoordinatorRecord.ConsumerTargetAssignmentEpoch;
import io.brook.core.group.CoordinatorRecord.ConsumerTargetAssignmentMember;
import io.brook.core.group.CoordinatorRecord.GroupMetadata;
import io.brook.core.group.CoordinatorRecord.GroupMetadataValue;
import io.brook.core.group.CoordinatorRecord.MemberMetadata;
import io.brook.core.group.CoordinatorRecord.OffsetCommit;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Encodes {@link CoordinatorRecord}s as the key and value bytes of {@code __consumer_offsets}
 * records, byte for byte as Kafka's non-flexible schemas (written here by hand because those
 * classes live in Kafka's group-coordinator module, not in kafka-clients):
 *
 * <pre>
 * key   = int16 version, then
 *   version 0/1  OffsetCommitKey    group:string topic:string partition:int32
 *   version 2    GroupMetadataKey   group:string
 * OffsetCommitValue    int16 version (Brook writes 3, or 1 when an expire timestamp is set)
 *   v0 offset:int64 metadata:string timestamp:int64
 *   v1 offset:int64 metadata:string commitTimestamp:int64 expireTimestamp:int64
 *   v2 offset:int64 metadata:string commitTimestamp:int64
 *   v3 offset:int64 leaderEpoch:int32 metadata:string commitTimestamp:int64
 * GroupMetadataValue   int16 version (Brook writes 3)
 *   protocolType:string generation:int32 protocol:nullable-string leader:nullable-string
 *   currentStateTimestamp:int64 (v2+)
 *   members:[memberId:string groupInstanceId:nullable-string (v3+) clientId:string clientHost:string
 *            rebalanceTimeout:int32 (v1+) sessionTimeout:int32 subscription:bytes assignment:bytes]
 * </pre>
 * Strings are int16 length + UTF-8 (-1 for null), bytes int32 length + data, arrays int32 count.
 * A tombstone has a null value.
 *
 * <p>KIP-848 consumer groups use Kafka's flexible (compact, tagged-field) value schemas, version 0:
 * <pre>
 * key = int16 type, then group:string [member:string]
 *   3 ConsumerGroupMetadata            value: epoch:int32, tag 0 metadataHash:int64
 *   5 ConsumerGroupMemberMetadata      value: instanceId rackId:compact-nullable clientId clientHost
 *                                      subscribedTopicNames:[] regex:nullable rebalanceTimeout:int32 assignor:nullable
 *   6 ConsumerGroupTargetAssignmentMetadata  value: assignmentEpoch:int32
 *   7 ConsumerGroupTargetAssignmentMember    value: [topicId:uuid partitions:[]int32]
 *   8 ConsumerGroupCurrentMemberAssignment   value: memberEpoch previousMemberEpoch:int32 state:int8
 *                                            assigned:[topicId partitions] pendingRevocation:[topicId partitions]
 * </pre>
 * Other record types of Kafka (partition metadata 4, regular expressions 16, share and streams
 * groups) are skipped on replay.
 */
public final class CoordinatorRecordSerde {

    private CoordinatorRecordSerde() {
    }

    public static byte[] key(CoordinatorRecord record) {
        Writer w = new Writer();
        if (record instanceof OffsetCommit oc) {
            w.int16(1).string(oc.groupId()).string(oc.topic()).int32(oc.partition());
        } else if (record instanceof ConsumerGroupEpoch r) {
            w.int16(3).string(r.groupId());
        } else if (record instanceof ConsumerMemberMetadata r) {
            w.int16(5).string(r.groupId()).string(r.memberId());
        } else if (record instanceof ConsumerTargetAssignmentEpoch r) {
            w.int16(6).string(r.groupId());
        } else if (record instanceof ConsumerTargetAssignmentMember r) {
            w.int16(7).string(r.groupId()).string(r.memberId());
        } else if (record instanceof ConsumerCurrentAssignment r) {
            w.int16(8).string(r.groupId()).string(r.memberId());
        } else {
            w.int16(2).string(record.groupId());
        }
        return w.bytes();
    }

    /** The value bytes, or null for a tombstone. */
    public static byte[] value(CoordinatorRecord record) {
        if (record instanceof OffsetCommit oc) {
            OffsetAndMetadata v = oc.value();
            if (v == null) {
                return null;
            }
            Writer w = new Writer();
            if (v.expireTimestamp() >= 0) {
                w.int16(1).int64(v.offset()).string(v.metadata()).int64(v.commitTimestamp()).int64(v.expireTimestamp());
            } else {
                w.int16(3).int64(v.offset()).int32(v.leaderEpoch()).string(v.metadata()).int64(v.commitTimestamp());
            }
            return w.bytes();
        }
        if (!(record instanceof GroupMetadata)) {
            return consumerValue(record);
        }
        GroupMetadataValue g = ((GroupMetadata) record).value();
        if (g == null) {
            return null;
        }
        Writer w = new Writer();
        w.int16(3).string(g.protocolType() == null ? "" : g.protocolType()).int32(g.generation())
                .string(g.protocol()).string(g.leader()).int64(g.currentStateTimestamp()).int32(g.members().size());
        for (MemberMetadata m : g.members()) {
            w.string(m.memberId()).string(m.groupInstanceId()).string(m.clientId()).string(m.clientHost())
                    .int32(m.rebalanceTimeoutMs()).int32(m.sessionTimeoutMs()).bytes(m.subscription())
                    .bytes(m.assignment());
        }
        return w.bytes();
    }

    /** Decodes a record; returns null for a key type Brook does not know (skipped on replay). */
    public static CoordinatorRecord read(ByteBuffer key, ByteBuffer value) {
        ByteBuffer k = key.duplicate();
        short keyVersion = k.getShort();
        if (keyVersion == 0 || keyVersion == 1) {
            String group = readString(k);
            String topic = readString(k);
            int partition = k.getInt();
            return new OffsetCommit(group, topic, partition, value == null ? null : readOffset(value.duplicate()));
        }
        if (keyVersion == 2) {
            String group = readString(k);
            return new GroupMetadata(group, value == null ? null : readGroup(value.duplicate()));
        }
        ByteBuffer v = value == null ? null : value.duplicate();
        if (v != null) {
            short valueVersion = v.getShort();
            if (valueVersion != 0) {
                throw new IllegalStateException("Unknown value version " + valueVersion + " of record type " + keyVersion);
            }
        }
        return switch (keyVersion) {
            case 3 -> {
                String group = readString(k);
                if (v == null) {
                    yield new ConsumerGroupEpoch(group, null);
                }
                int epoch = v.getInt();
                long[] hash = {0L};
                readTaggedFields(v, (tag, data) -> {
                    if (tag == 0) {
                        hash[0] = data.getLong();
                    }
                });
                yield new ConsumerGroupEpoch(group, new ConsumerGroupEpochValue(epoch, hash[0]));
            }
            case 5 -> {
                String group = readString(k);
                String member = readString(k);
                if (v == null) {
                    yield new ConsumerMemberMetadata(group, member, null);
                }
                String instanceId = readCompactString(v);
                String rackId = readCompactString(v);
                String clientId = readCompactString(v);
                String clientHost = readCompactString(v);
                int n = readUnsignedVarint(v) - 1;
                List<String> topics = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    topics.add(readCompactString(v));
                }
                String regex = readCompactString(v);
                int rebalanceTimeout = v.getInt();
                String assignor = readCompactString(v);
                readTaggedFields(v, (tag, data) -> { });
                yield new ConsumerMemberMetadata(group, member, new ConsumerMemberMetadataValue(instanceId, rackId,
                        clientId, clientHost, topics, regex, rebalanceTimeout, assignor));
            }
            case 6 -> {
                String group = readString(k);
                if (v == null) {
                    yield new ConsumerTargetAssignmentEpoch(group, null);
                }
                int epoch = v.getInt();
                readTaggedFields(v, (tag, data) -> { });
                yield new ConsumerTargetAssignmentEpoch(group, epoch);
            }
            case 7 -> {
                String group = readString(k);
                String member = readString(k);
                if (v == null) {
                    yield new ConsumerTargetAssignmentMember(group, member, null);
                }
                Map<UUID, Set<Integer>> partitions = readTopicPartitions(v);
                readTaggedFields(v, (tag, data) -> { });
                yield new ConsumerTargetAssignmentMember(group, member, partitions);
            }
            case 8 -> {
                String group = readString(k);
                String member = readString(k);
                if (v == null) {
                    yield new ConsumerCurrentAssignment(group, member, null);
                }
                int epoch = v.getInt();
                int previous = v.getInt();
                byte state = v.get();
                Map<UUID, Set<Integer>> assigned = readTopicPartitions(v);
                Map<UUID, Set<Integer>> pending = readTopicPartitions(v);
                readTaggedFields(v, (tag, data) -> { });
                yield new ConsumerCurrentAssignment(group, member, new ConsumerCurrentAssignmentValue(epoch, previous,
                        state, assigned, pending));
            }
            default -> null;
        };
    }

    private static byte[] consumerValue(CoordinatorRecord record) {
        Writer w = new Writer();
        if (record instanceof ConsumerGroupEpoch r) {
            if (r.value() == null) {
                return null;
            }
            w.int16(0).int32(r.value().epoch());
            // one tagged field: tag 0, 8 bytes, the metadata hash
            w.uvarint(1).uvarint(0).uvarint(8).int64(r.value().metadataHash());
            return w.bytes();
        }
        if (record instanceof ConsumerMemberMetadata r) {
            ConsumerMemberMetadataValue m = r.value();
            if (m == null) {
                return null;
            }
            w.int16(0).compactString(m.instanceId()).compactString(m.rackId())
                    .compactString(m.clientId() == null ? "" : m.clientId())
                    .compactString(m.clientHost() == null ? "" : m.clientHost());
            List<String> topics = m.subscribedTopicNames() == null ? List.of() : m.subscribedTopicNames();
            w.uvarint(topics.size() + 1);
            topics.forEach(w::compactString);
            w.compactString(m.subscribedTopicRegex()).int32(m.rebalanceTimeoutMs()).compactString(m.serverAssignor())
                    .uvarint(0);
            return w.bytes();
        }
        if (record instanceof ConsumerTargetAssignmentEpoch r) {
            if (r.assignmentEpoch() == null) {
                return null;
            }
            return w.int16(0).int32(r.assignmentEpoch()).uvarint(0).bytes();
        }
        if (record instanceof ConsumerTargetAssignmentMember r) {
            if (r.partitions() == null) {
                return null;
            }
            w.int16(0).topicPartitions(r.partitions()).uvarint(0);
            return w.bytes();
        }
        ConsumerCurrentAssignmentValue a = ((ConsumerCurrentAssignment) record).value();
        if (a == null) {
            return null;
        }
        w.int16(0).int32(a.memberEpoch()).int32(a.previousMemberEpoch()).int8(a.state())
                .topicPartitions(a.assignedPartitions()).topicPartitions(a.partitionsPendingRevocation()).uvarint(0);
        return w.bytes();
    }

    private static Map<UUID, Set<Integer>> readTopicPartitions(ByteBuffer v) {
        int topics = readUnsignedVarint(v) - 1;
        Map<UUID, Set<Integer>> out = new LinkedHashMap<>();
        for (int t = 0; t < topics; t++) {
            UUID id = new UUID(v.getLong(), v.getLong());
            int n = readUnsignedVarint(v) - 1;
            Set<Integer> partitions = new TreeSet<>();
            for (int i = 0; i < n; i++) {
                partitions.add(v.getInt());
            }
            readTaggedFields(v, (tag, data) -> { });
            out.put(id, partitions);
        }
        return out;
    }

    private interface TagReader {
        void read(int tag, ByteBuffer data);
    }

    private static void readTaggedFields(ByteBuffer v, TagReader reader) {
        if (!v.hasRemaining()) {
            return;
        }
        int count = readUnsignedVarint(v);
        for (int i = 0; i < count; i++) {
            int tag = readUnsignedVarint(v);
            int size = readUnsignedVarint(v);
            ByteBuffer data = v.slice();
            data.limit(size);
            reader.read(tag, data);
            v.position(v.position() + size);
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
            if (shift > 28) {
                throw new IllegalStateException("Varint too long");
            }
        }
    }

    private static String readCompactString(ByteBuffer b) {
        int len = readUnsignedVarint(b) - 1;
        if (len < 0) {
            return null;
        }
        byte[] bytes = new byte[len];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static OffsetAndMetadata readOffset(ByteBuffer v) {
        short version = v.getShort();
        return switch (version) {
            case 0 -> new OffsetAndMetadata(v.getLong(), -1, readString(v), v.getLong(), -1);
            case 1 -> new OffsetAndMetadata(v.getLong(), -1, readString(v), v.getLong(), v.getLong());
            case 2 -> new OffsetAndMetadata(v.getLong(), -1, readString(v), v.getLong(), -1);
            case 3 -> {
                long offset = v.getLong();
                int epoch = v.getInt();
                yield new OffsetAndMetadata(offset, epoch, readString(v), v.getLong(), -1);
            }
            default -> throw new IllegalStateException("Unknown OffsetCommitValue version " + version);
        };
    }

    private static GroupMetadataValue readGroup(ByteBuffer v) {
        short version = v.getShort();
        if (version < 0 || version > 3) {
            throw new IllegalStateException("Unknown GroupMetadataValue version " + version);
        }
        String protocolType = readString(v);
        int generation = v.getInt();
        String protocol = readString(v);
        String leader = readString(v);
        long stateTimestamp = version >= 2 ? v.getLong() : -1;
        int count = v.getInt();
        List<MemberMetadata> members = new ArrayList<>(Math.max(0, count));
        for (int i = 0; i < count; i++) {
            String memberId = readString(v);
            String instanceId = version >= 3 ? readString(v) : null;
            String clientId = readString(v);
            String clientHost = readString(v);
            int sessionTimeout;
            int rebalanceTimeout;
            if (version >= 1) {
                rebalanceTimeout = v.getInt();
                sessionTimeout = v.getInt();
            } else {
                sessionTimeout = v.getInt();
                rebalanceTimeout = sessionTimeout;
            }
            members.add(new MemberMetadata(memberId, instanceId, clientId, clientHost, rebalanceTimeout,
                    sessionTimeout, readBytes(v), readBytes(v)));
        }
        return new GroupMetadataValue(protocolType, generation, protocol, leader, stateTimestamp, members);
    }

    private static String readString(ByteBuffer b) {
        short len = b.getShort();
        if (len < 0) {
            return null;
        }
        byte[] bytes = new byte[len];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(ByteBuffer b) {
        int len = b.getInt();
        if (len < 0) {
            return new byte[0];
        }
        byte[] bytes = new byte[len];
        b.get(bytes);
        return bytes;
    }

    private static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        Writer int16(int v) {
            try {
                out.writeShort(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Writer int8(int v) {
            try {
                out.writeByte(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Writer uvarint(int v) {
            while ((v & ~0x7f) != 0) {
                int8((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            return int8(v);
        }

        Writer compactString(String s) {
            if (s == null) {
                return uvarint(0);
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            uvarint(b.length + 1);
            bytes.writeBytes(b);
            return this;
        }

        /** [topicId:uuid partitions:[]int32 tagged-fields] in topic id order, partitions ascending. */
        Writer topicPartitions(Map<UUID, Set<Integer>> partitions) {
            Map<UUID, Set<Integer>> sorted = new TreeMap<>(partitions == null ? Map.of() : partitions);
            uvarint(sorted.size() + 1);
            sorted.forEach((id, ps) -> {
                int64(id.getMostSignificantBits()).int64(id.getLeastSignificantBits());
                uvarint(ps.size() + 1);
                new TreeSet<>(ps).forEach(this::int32);
                uvarint(0);
            });
            return this;
        }

        Writer int32(int v) {
            try {
                out.writeInt(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Writer int64(long v) {
            try {
                out.writeLong(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Writer string(String s) {
            if (s == null) {
                return int16(-1);
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            int16(b.length);
            bytes.writeBytes(b);
            return this;
        }

        Writer bytes(byte[] b) {
            if (b == null) {
                return int32(-1);
            }
            int32(b.length);
            bytes.writeBytes(b);
            return this;
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }
}
