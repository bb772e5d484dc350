package io.brook.core.group;

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
import java.util.List;

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
 */
public final class CoordinatorRecordSerde {

    private CoordinatorRecordSerde() {
    }

    public static byte[] key(CoordinatorRecord record) {
        Writer w = new Writer();
        if (record instanceof OffsetCommit oc) {
            w.int16(1).string(oc.groupId()).string(oc.topic()).int32(oc.partition());
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
        return null;
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
