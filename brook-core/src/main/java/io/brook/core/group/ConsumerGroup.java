package io.brook.core.group;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A KIP-848 consumer group: its epochs, members, target assignment and which member currently owns
 * each partition. Mutated only by replaying records ({@link ConsumerGroups#replay}); {@link #copy()}
 * gives the snapshot a failed write rolls back to. Guarded by the coordinator's lock.
 */
final class ConsumerGroup {

    final String groupId;
    int groupEpoch;
    long metadataHash;
    int assignmentEpoch;
    /** Members by id, in id order (assignors iterate them deterministically). */
    final TreeMap<String, ConsumerMember> members = new TreeMap<>();
    /** Static members: instance id to member id. */
    final Map<String, String> staticMembers = new HashMap<>();
    /** Target assignment by member id. */
    final Map<String, Map<UUID, Set<Integer>>> targetAssignment = new HashMap<>();
    /** Owned partitions (assigned or pending revocation) to the owner's member epoch. */
    final Map<UUID, Map<Integer, Integer>> partitionEpochs = new HashMap<>();

    ConsumerGroup(String groupId) {
        this.groupId = groupId;
    }

    ConsumerGroup copy() {
        ConsumerGroup c = new ConsumerGroup(groupId);
        c.groupEpoch = groupEpoch;
        c.metadataHash = metadataHash;
        c.assignmentEpoch = assignmentEpoch;
        c.members.putAll(members);
        c.staticMembers.putAll(staticMembers);
        c.targetAssignment.putAll(targetAssignment);
        partitionEpochs.forEach((t, ps) -> c.partitionEpochs.put(t, new HashMap<>(ps)));
        return c;
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    ConsumerMember staticMember(String instanceId) {
        String memberId = instanceId == null ? null : staticMembers.get(instanceId);
        return memberId == null ? null : members.get(memberId);
    }

    Map<UUID, Set<Integer>> targetOf(String memberId) {
        return targetAssignment.getOrDefault(memberId, Map.of());
    }

    /** The epoch of the member owning a partition, or -1 when it is free. */
    int currentPartitionEpoch(UUID topic, int partition) {
        Map<Integer, Integer> ps = partitionEpochs.get(topic);
        Integer epoch = ps == null ? null : ps.get(partition);
        return epoch == null ? -1 : epoch;
    }

    void updateMember(ConsumerMember member) {
        ConsumerMember old = members.put(member.memberId(), member);
        if (old != null) {
            if (old.instanceId() != null && !old.instanceId().equals(member.instanceId())
                    && old.memberId().equals(staticMembers.get(old.instanceId()))) {
                staticMembers.remove(old.instanceId());
            }
            releasePartitions(old);
        }
        if (member.instanceId() != null) {
            staticMembers.put(member.instanceId(), member.memberId());
        }
        ownPartitions(member.assigned(), member.memberEpoch());
        ownPartitions(member.pendingRevocation(), member.memberEpoch());
    }

    void removeMember(String memberId) {
        ConsumerMember old = members.remove(memberId);
        if (old != null) {
            releasePartitions(old);
            if (old.instanceId() != null && memberId.equals(staticMembers.get(old.instanceId()))) {
                staticMembers.remove(old.instanceId());
            }
        }
    }

    private void releasePartitions(ConsumerMember m) {
        release(m.assigned(), m.memberEpoch());
        release(m.pendingRevocation(), m.memberEpoch());
    }

    private void release(Map<UUID, Set<Integer>> partitions, int epoch) {
        partitions.forEach((topic, ps) -> {
            Map<Integer, Integer> epochs = partitionEpochs.get(topic);
            if (epochs != null) {
                ps.forEach(p -> epochs.remove(p, epoch));
                if (epochs.isEmpty()) {
                    partitionEpochs.remove(topic);
                }
            }
        });
    }

    private void ownPartitions(Map<UUID, Set<Integer>> partitions, int epoch) {
        partitions.forEach((topic, ps) -> {
            Map<Integer, Integer> epochs = partitionEpochs.computeIfAbsent(topic, t -> new HashMap<>());
            ps.forEach(p -> epochs.put(p, epoch));
        });
    }

    /** Kafka's consumer group states: Empty, Assigning, Reconciling, Stable. */
    String state() {
        if (members.isEmpty()) {
            return "Empty";
        }
        if (groupEpoch > assignmentEpoch) {
            return "Assigning";
        }
        for (ConsumerMember m : members.values()) {
            if (!m.isReconciledTo(assignmentEpoch)) {
                return "Reconciling";
            }
        }
        return "Stable";
    }
}
