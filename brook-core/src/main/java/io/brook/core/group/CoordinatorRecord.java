package io.brook.core.group;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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

    // ------------------------------------------------------------------ KIP-848 consumer groups

    /** A consumer group's epoch (ConsumerGroupMetadataKey, type 3); value null deletes the group. */
    record ConsumerGroupEpoch(String groupId, ConsumerGroupEpochValue value) implements CoordinatorRecord {
    }

    /** Kafka's ConsumerGroupMetadataValue: the group epoch and the hash of the subscribed topics' metadata. */
    record ConsumerGroupEpochValue(int epoch, long metadataHash) {
    }

    /** A member's subscription (ConsumerGroupMemberMetadataKey, type 5); value null removes the member. */
    record ConsumerMemberMetadata(String groupId, String memberId, ConsumerMemberMetadataValue value)
            implements CoordinatorRecord {
    }

    /** Kafka's ConsumerGroupMemberMetadataValue. */
    record ConsumerMemberMetadataValue(String instanceId, String rackId, String clientId, String clientHost,
                                       List<String> subscribedTopicNames, String subscribedTopicRegex,
                                       int rebalanceTimeoutMs, String serverAssignor) {
    }

    /** The epoch of the target assignment (ConsumerGroupTargetAssignmentMetadataKey, type 6); null on deletion. */
    record ConsumerTargetAssignmentEpoch(String groupId, Integer assignmentEpoch) implements CoordinatorRecord {
    }

    /** One member's target assignment (ConsumerGroupTargetAssignmentMemberKey, type 7); null removes it. */
    record ConsumerTargetAssignmentMember(String groupId, String memberId, Map<UUID, Set<Integer>> partitions)
            implements CoordinatorRecord {
    }

    /** A member's current assignment and epochs (ConsumerGroupCurrentMemberAssignmentKey, type 8). */
    record ConsumerCurrentAssignment(String groupId, String memberId, ConsumerCurrentAssignmentValue value)
            implements CoordinatorRecord {
    }

    /** Kafka's ConsumerGroupCurrentMemberAssignmentValue. */
    record ConsumerCurrentAssignmentValue(int memberEpoch, int previousMemberEpoch, byte state,
                                          Map<UUID, Set<Integer>> assignedPartitions,
                                          Map<UUID, Set<Integer>> partitionsPendingRevocation) {
    }
}
