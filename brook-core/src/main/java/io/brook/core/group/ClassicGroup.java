package io.brook.core.group;

import io.brook.core.error.ErrorCode;
import io.brook.core.group.Groups.JoinMember;
import io.brook.core.group.Groups.Protocol;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A classic-protocol group: membership, generation and selected protocol. Guarded by the coordinator's lock. */
final class ClassicGroup {

    final String groupId;
    ClassicGroupState state = ClassicGroupState.EMPTY;
    long currentStateTimestamp;
    int generationId;
    String protocolType;
    String protocolName;
    String leaderId;
    final LinkedHashMap<String, ClassicMember> members = new LinkedHashMap<>();
    final Map<String, String> staticMembers = new HashMap<>();
    final Set<String> pendingMembers = new HashSet<>();
    final Set<String> pendingSyncMembers = new HashSet<>();
    /** Set while the initial rebalance delay of a new group is running: join then completes on the timer only. */
    boolean initialDelayActive;
    boolean newMemberAdded;
    int initialDelayRemainingMs;

    ClassicGroup(String groupId, long now) {
        this.groupId = groupId;
        this.currentStateTimestamp = now;
    }

    void transitionTo(ClassicGroupState target, long now) {
        state = target;
        currentStateTimestamp = now;
    }

    boolean is(ClassicGroupState s) {
        return state == s;
    }

    boolean has(String memberId) {
        return members.containsKey(memberId);
    }

    ClassicMember member(String memberId) {
        return members.get(memberId);
    }

    boolean isLeader(String memberId) {
        return memberId != null && memberId.equals(leaderId);
    }

    int numAwaitingJoin() {
        int n = 0;
        for (ClassicMember m : members.values()) {
            if (m.isAwaitingJoin()) {
                n++;
            }
        }
        return n;
    }

    boolean hasAllMembersJoined() {
        return members.size() == numAwaitingJoin() && pendingMembers.isEmpty();
    }

    void add(ClassicMember member) {
        if (members.isEmpty()) {
            protocolType = member.protocolType;
        }
        members.put(member.memberId, member);
        if (member.isStatic()) {
            staticMembers.put(member.groupInstanceId, member.memberId);
        }
        pendingMembers.remove(member.memberId);
        if (leaderId == null) {
            leaderId = member.memberId;
        }
    }

    ClassicMember remove(String memberId) {
        ClassicMember member = members.remove(memberId);
        if (member == null) {
            return null;
        }
        if (member.isStatic()) {
            staticMembers.remove(member.groupInstanceId);
        }
        pendingSyncMembers.remove(memberId);
        if (isLeader(memberId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
        return member;
    }

    /** Renames a static member (a restart of the same instance); returns the member. */
    ClassicMember replaceStaticMember(String instanceId, String oldMemberId, String newMemberId) {
        ClassicMember member = members.remove(oldMemberId);
        member.memberId = newMemberId;
        members.put(newMemberId, member);
        staticMembers.put(instanceId, newMemberId);
        if (isLeader(oldMemberId)) {
            leaderId = newMemberId;
        }
        if (pendingSyncMembers.remove(oldMemberId)) {
            pendingSyncMembers.add(newMemberId);
        }
        return member;
    }

    int rebalanceTimeoutMs() {
        int max = 0;
        for (ClassicMember m : members.values()) {
            max = Math.max(max, m.rebalanceTimeoutMs);
        }
        return max;
    }

    /** Protocols every member supports, in no particular order. */
    Set<String> candidateProtocols() {
        Set<String> candidates = null;
        for (ClassicMember m : members.values()) {
            Set<String> names = new LinkedHashSet<>();
            m.protocols.forEach(p -> names.add(p.name()));
            if (candidates == null) {
                candidates = names;
            } else {
                candidates.retainAll(names);
            }
        }
        return candidates == null ? Set.of() : candidates;
    }

    /** Whether a member with these protocols may join. */
    boolean supportsProtocols(String type, List<Protocol> protocols) {
        if (is(ClassicGroupState.EMPTY) || members.isEmpty()) {
            return type != null && !type.isEmpty() && !protocols.isEmpty();
        }
        if (!type.equals(protocolType)) {
            return false;
        }
        Set<String> candidates = candidateProtocols();
        return protocols.stream().anyMatch(p -> candidates.contains(p.name()));
    }

    /** Each member votes for its most preferred candidate; the most votes wins (ties: first voted). */
    String selectProtocol() {
        Set<String> candidates = candidateProtocols();
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (ClassicMember m : members.values()) {
            for (Protocol p : m.protocols) {
                if (candidates.contains(p.name())) {
                    votes.merge(p.name(), 1, Integer::sum);
                    break;
                }
            }
        }
        String best = null;
        int bestVotes = -1;
        for (var e : votes.entrySet()) {
            if (e.getValue() > bestVotes) {
                best = e.getKey();
                bestVotes = e.getValue();
            }
        }
        return best;
    }

    List<JoinMember> currentMemberMetadata() {
        List<JoinMember> out = new ArrayList<>();
        for (ClassicMember m : members.values()) {
            out.add(new JoinMember(m.memberId, m.groupInstanceId, m.metadata(protocolName)));
        }
        return out;
    }

    /** Elects a leader among members awaiting join when the current one is not; false if none is. */
    boolean maybeElectNewJoinedLeader() {
        if (leaderId != null) {
            ClassicMember leader = members.get(leaderId);
            if (leader != null && leader.isAwaitingJoin()) {
                return true;
            }
        }
        for (ClassicMember m : members.values()) {
            if (m.isAwaitingJoin()) {
                leaderId = m.memberId;
                return true;
            }
        }
        return false;
    }

    /** UNKNOWN_MEMBER_ID / FENCED_INSTANCE_ID, or null when the member is who it says. */
    ErrorCode validateMember(String memberId, String groupInstanceId) {
        if (groupInstanceId == null) {
            return has(memberId) ? null : ErrorCode.UNKNOWN_MEMBER_ID;
        }
        String existing = staticMembers.get(groupInstanceId);
        if (existing == null) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        if (!existing.equals(memberId)) {
            return ErrorCode.FENCED_INSTANCE_ID;
        }
        return null;
    }

    /** Kafka's ClassicGroup.validateOffsetCommit; transactional commits skip the member-less and rebalance checks. */
    ErrorCode validateOffsetCommit(String memberIdOrNull, String groupInstanceId, int generation, boolean transactional) {
        if (is(ClassicGroupState.DEAD)) {
            return ErrorCode.COORDINATOR_NOT_AVAILABLE;
        }
        if (generation < 0 && is(ClassicGroupState.EMPTY)) {
            return null;
        }
        String memberId = memberIdOrNull == null ? "" : memberIdOrNull;
        if (generation >= 0 || !memberId.isEmpty() || groupInstanceId != null) {
            ErrorCode memberError = validateMember(memberId, groupInstanceId);
            if (memberError != null) {
                return memberError;
            }
            if (generation != generationId) {
                return ErrorCode.ILLEGAL_GENERATION;
            }
        } else if (!transactional && !is(ClassicGroupState.EMPTY)) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        if (!transactional && is(ClassicGroupState.COMPLETING_REBALANCE)) {
            return ErrorCode.REBALANCE_IN_PROGRESS;
        }
        return null;
    }
}
