package io.brook.core.group;

import java.util.List;

/**
 * A record of {@code __consumer_offsets}: the coordinator changes group and offset state only by
 * writing these and replaying them. A null value is a tombstone. See {@link CoordinatorRecordSerde}
 * for the byte layout (Kafka's own key/value schemas, so Kafka tools can read the topic).
 */
public sealed interface CoordinatorRecord {

    String groupId();

    /** Offset of one partition committed by a group; value null deletes it. */
    record OffsetCommit(String groupId, String topic, int partition, OffsetAndMetadata value)
            implements CoordinatorRecord {
    }

    /** A classic group's membership and assignment; value null deletes the group. */
    record GroupMetadata(String groupId, GroupMetadataValue value) implements CoordinatorRecord {
    }

    /** Kafka's GroupMetadataValue (schema v3). */
    record GroupMetadataValue(String protocolType, int generation, String protocol, String leader,
                              long currentStateTimestamp, List<MemberMetadata> members) {
    }

    /** One member inside {@link GroupMetadataValue}. */
    record MemberMetadata(String memberId, String groupInstanceId, String clientId, String clientHost,
                          int rebalanceTimeoutMs, int sessionTimeoutMs, byte[] subscription, byte[] assignment) {
    }
}
