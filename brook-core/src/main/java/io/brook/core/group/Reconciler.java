package io.brook.core.group;

import io.brook.core.error.BrookException;
import io.brook.core.error.ErrorCode;
import io.brook.core.group.ConsumerMember.State;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Moves a member's current assignment towards its target assignment (Kafka's
 * CurrentAssignmentBuilder). Incremental: a partition leaving the member is first put in
 * "pending revocation" and the member keeps its epoch until its heartbeat no longer reports the
 * partition as owned; a partition still owned by another member (revoked there but not yet
 * acknowledged) is not handed over until it is free ("unreleased").
 */
final class Reconciler {

    /** The epoch of the member owning a partition, or -1 when it is free. */
    interface PartitionEpochs {
        int epochOf(UUID topic, int partition);
    }

    private Reconciler() {
    }

    /**
     * @param owned the partitions the member reports owning in this heartbeat, or null when it did not say
     * @return the member's next state, or the same member when nothing can move yet
     */
    static ConsumerMember reconcile(ConsumerMember member, int targetEpoch, Map<UUID, Set<Integer>> target,
                                    PartitionEpochs epochs, Map<UUID, Set<Integer>> owned) {
        switch (member.state()) {
            case STABLE:
                return member.memberEpoch() != targetEpoch
                        ? computeNext(member, member.memberEpoch(), targetEpoch, target, epochs, owned) : member;
            case UNREVOKED_PARTITIONS:
                if (ownsAny(owned, member.pendingRevocation())) {
                    return member;
                }
                return computeNext(member, member.memberEpoch(), targetEpoch, target, epochs, owned);
            case UNRELEASED_PARTITIONS:
                return computeNext(member, member.memberEpoch(), targetEpoch, target, epochs, owned);
            default:
                if (owned == null || !owned.isEmpty()) {
                    throw new BrookException(ErrorCode.FENCED_MEMBER_EPOCH, "The consumer group member is in a "
                            + "unknown state. The member must abandon all its partitions and rejoin.");
                }
                return computeNext(member, targetEpoch, targetEpoch, target, epochs, owned);
        }
    }

    /** Whether the member still reports owning any of the given partitions (unknown counts as yes). */
    static boolean ownsAny(Map<UUID, Set<Integer>> owned, Map<UUID, Set<Integer>> partitions) {
        if (owned == null) {
            return true;
        }
        for (Map.Entry<UUID, Set<Integer>> e : owned.entrySet()) {
            Set<Integer> ps = partitions.get(e.getKey());
            if (ps != null) {
                for (int p : e.getValue()) {
                    if (ps.contains(p)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static ConsumerMember computeNext(ConsumerMember member, int memberEpoch, int targetEpoch,
                                              Map<UUID, Set<Integer>> target, PartitionEpochs epochs,
                                              Map<UUID, Set<Integer>> owned) {
        boolean hasUnreleased = false;
        Map<UUID, Set<Integer>> newAssigned = new HashMap<>();
        Map<UUID, Set<Integer>> newPendingRevocation = new HashMap<>();
        Map<UUID, Set<Integer>> newPendingAssignment = new HashMap<>();
        Set<UUID> topics = new HashSet<>(target.keySet());
        topics.addAll(member.assigned().keySet());
        for (UUID topic : topics) {
            Set<Integer> targetPartitions = target.getOrDefault(topic, Set.of());
            Set<Integer> current = member.assigned().getOrDefault(topic, Set.of());
            // assigned = current ∩ target; pending revocation = current - target
            Set<Integer> assigned = new HashSet<>(current);
            assigned.retainAll(targetPartitions);
            Set<Integer> revoking = new HashSet<>(current);
            revoking.removeAll(assigned);
            // pending assignment = target - assigned - partitions another member still owns
            Set<Integer> pendingAssignment = new HashSet<>(targetPartitions);
            pendingAssignment.removeAll(assigned);
            Set<Integer> selfRevoking = member.pendingRevocation().getOrDefault(topic, Set.of());
            boolean unreleased = pendingAssignment.removeIf(p -> epochs.epochOf(topic, p) != -1
                    && !selfRevoking.contains(p));
            hasUnreleased |= unreleased;
            if (!assigned.isEmpty()) {
                newAssigned.put(topic, assigned);
            }
            if (!revoking.isEmpty()) {
                newPendingRevocation.put(topic, revoking);
            }
            if (!pendingAssignment.isEmpty()) {
                newPendingAssignment.put(topic, pendingAssignment);
            }
        }
        if (!newPendingRevocation.isEmpty() && ownsAny(owned, newPendingRevocation)) {
            // Revoke first, in the current epoch; the member moves on once it acknowledges.
            return member.withEpochAndAssignment(memberEpoch, State.UNREVOKED_PARTITIONS, newAssigned,
                    newPendingRevocation);
        }
        newPendingAssignment.forEach((topic, ps) -> newAssigned.computeIfAbsent(topic, t -> new HashSet<>()).addAll(ps));
        return member.withEpochAndAssignment(targetEpoch,
                hasUnreleased ? State.UNRELEASED_PARTITIONS : State.STABLE, newAssigned, Map.of());
    }
}
