package io.brook.core.group;

import io.brook.core.error.ErrorCode;
import io.brook.core.partition.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The requests and results of the group coordinator: plain values, no Kafka classes. */
public final class Groups {

    private Groups() {
    }

    /** "" is the member id of a member that has none yet. */
    public static final String UNKNOWN_MEMBER_ID = "";

    public record Protocol(String name, byte[] metadata) {
    }

    public record JoinRequest(String groupId, String memberId, String groupInstanceId, String clientId,
                              String clientHost, int sessionTimeoutMs, int rebalanceTimeoutMs, String protocolType,
                              List<Protocol> protocols, boolean requireKnownMemberId,
                              boolean supportsSkipAssignment, String reason) {
    }

    public record JoinMember(String memberId, String groupInstanceId, byte[] metadata) {
    }

    public record JoinResult(ErrorCode error, int generationId, String protocolType, String protocolName,
                             String leader, boolean skipAssignment, String memberId, List<JoinMember> members) {

        static JoinResult error(ErrorCode error, String memberId) {
            return new JoinResult(error, -1, null, null, "", false, memberId, List.of());
        }
    }

    public record SyncRequest(String groupId, int generationId, String memberId, String groupInstanceId,
                              String protocolType, String protocolName, Map<String, byte[]> assignments) {
    }

    public record SyncResult(ErrorCode error, String protocolType, String protocolName, byte[] assignment) {

        static SyncResult error(ErrorCode error) {
            return new SyncResult(error, null, null, new byte[0]);
        }
    }

    public record MemberIdentity(String memberId, String groupInstanceId) {
    }

    public record LeaveMemberResult(String memberId, String groupInstanceId, ErrorCode error) {
    }

    public record LeaveResult(ErrorCode error, List<LeaveMemberResult> members) {
    }

    public record CommitEntry(TopicPartition partition, long offset, int leaderEpoch, String metadata) {
    }

    public record CommitRequest(String groupId, String memberId, String groupInstanceId, int generationIdOrMemberEpoch,
                                long retentionTimeMs, int apiVersion, List<CommitEntry> offsets) {
    }

    public record CommitResult(ErrorCode error, Map<TopicPartition, ErrorCode> partitions) {
    }

    /** partitions null = all the group's offsets. */
    public record FetchRequest(String groupId, String memberId, int memberEpoch, List<TopicPartition> partitions,
                               boolean requireStable) {
    }

    /**
     * Offsets by partition; a partition without a committed offset maps to null. {@code unstable}: partitions
     * answered UNSTABLE_OFFSET_COMMIT (require_stable and a transaction's offsets pending; they map to null).
     */
    public record FetchResult(ErrorCode error, Map<TopicPartition, OffsetAndMetadata> offsets,
                              Set<TopicPartition> unstable) {

        public FetchResult(ErrorCode error, Map<TopicPartition, OffsetAndMetadata> offsets) {
            this(error, offsets, Set.of());
        }
    }

    public record GroupListing(String groupId, String protocolType, String state, String type) {
    }

    public record MemberDescription(String memberId, String groupInstanceId, String clientId, String clientHost,
                                    byte[] metadata, byte[] assignment) {
    }

    /** found false: no such group (state "Dead"). */
    public record GroupDescription(String groupId, boolean found, String state, String protocolType, String protocol,
                                   List<MemberDescription> members, String type) {
    }

    public record OffsetDeleteResult(ErrorCode error, Map<TopicPartition, ErrorCode> partitions) {
    }
}
