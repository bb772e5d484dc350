package io.brook.core.group;

import io.brook.core.group.CoordinatorRecord.ConsumerCurrentAssignmentValue;
import io.brook.core.group.CoordinatorRecord.ConsumerMemberMetadataValue;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A member of a KIP-848 consumer group, immutable: its subscription (persisted as a member metadata
 * record) and its current assignment with epochs (persisted as a current assignment record).
 *
 * @param memberEpoch         the epoch the member must send; -2 while a static member is away
 * @param previousMemberEpoch the epoch before the last bump, accepted once if the bump was lost
 * @param assigned            the partitions the member owns (topic id to partitions)
 * @param pendingRevocation   partitions the member must give up before it moves to the next epoch
 */
record ConsumerMember(String memberId, String instanceId, String rackId, String clientId, String clientHost,
                      List<String> subscribedTopicNames, String subscribedTopicRegex, int rebalanceTimeoutMs,
                      String serverAssignor, int memberEpoch, int previousMemberEpoch, State state,
                      Map<UUID, Set<Integer>> assigned, Map<UUID, Set<Integer>> pendingRevocation) {

    /** Kafka's MemberState, with its persisted byte values. */
    enum State {
        STABLE(0), UNREVOKED_PARTITIONS(1), UNRELEASED_PARTITIONS(2), UNKNOWN(127);

        final byte value;

        State(int value) {
            this.value = (byte) value;
        }

        static State of(byte value) {
            for (State s : values()) {
                if (s.value == value) {
                    return s;
                }
            }
            return UNKNOWN;
        }
    }

    static final int LEAVE_GROUP_MEMBER_EPOCH = -1;
    static final int LEAVE_GROUP_STATIC_MEMBER_EPOCH = -2;

    static ConsumerMember create(String memberId) {
        return new ConsumerMember(memberId, null, null, "", "", List.of(), null, -1, null, 0, 0, State.STABLE,
                Map.of(), Map.of());
    }

    boolean isStatic() {
        return instanceId != null;
    }

    boolean isReconciledTo(int targetEpoch) {
        return state == State.STABLE && memberEpoch == targetEpoch;
    }

    ConsumerMember withMemberId(String id) {
        return new ConsumerMember(id, instanceId, rackId, clientId, clientHost, subscribedTopicNames,
                subscribedTopicRegex, rebalanceTimeoutMs, serverAssignor, memberEpoch, previousMemberEpoch, state,
                assigned, pendingRevocation);
    }

    ConsumerMember withMetadata(ConsumerMemberMetadataValue v) {
        return new ConsumerMember(memberId, v.instanceId(), v.rackId(), v.clientId(), v.clientHost(),
                List.copyOf(v.subscribedTopicNames()), v.subscribedTopicRegex(), v.rebalanceTimeoutMs(),
                v.serverAssignor(), memberEpoch, previousMemberEpoch, state, assigned, pendingRevocation);
    }

    ConsumerMember withAssignment(int epoch, int previousEpoch, State newState, Map<UUID, Set<Integer>> newAssigned,
                                  Map<UUID, Set<Integer>> newPending) {
        return new ConsumerMember(memberId, instanceId, rackId, clientId, clientHost, subscribedTopicNames,
                subscribedTopicRegex, rebalanceTimeoutMs, serverAssignor, epoch, previousEpoch, newState,
                Assignments.copy(newAssigned), Assignments.copy(newPending));
    }

    /** Kafka's Builder.updateMemberEpoch: the current epoch becomes the previous one. */
    ConsumerMember withEpochAndAssignment(int epoch, State newState, Map<UUID, Set<Integer>> newAssigned,
                                          Map<UUID, Set<Integer>> newPending) {
        return withAssignment(epoch, memberEpoch, newState, newAssigned, newPending);
    }

    ConsumerMember withAssignmentValue(ConsumerCurrentAssignmentValue v) {
        return withAssignment(v.memberEpoch(), v.previousMemberEpoch(), State.of(v.state()), v.assignedPartitions(),
                v.partitionsPendingRevocation());
    }

    ConsumerMemberMetadataValue metadataValue() {
        return new ConsumerMemberMetadataValue(instanceId, rackId, clientId, clientHost, subscribedTopicNames,
                subscribedTopicRegex, rebalanceTimeoutMs, serverAssignor);
    }

    ConsumerCurrentAssignmentValue assignmentValue() {
        return new ConsumerCurrentAssignmentValue(memberEpoch, previousMemberEpoch, state.value, assigned,
                pendingRevocation);
    }
}
