package io.brook.core.group;

import io.brook.core.error.ErrorCode;
import io.brook.core.group.Groups.GroupDescription;
import io.brook.core.group.Groups.GroupListing;
import io.brook.core.group.Groups.LeaveResult;
import io.brook.core.group.Groups.MemberIdentity;
import java.util.List;
import java.util.Set;

/** KIP-848 consumer-protocol groups. Runs under the {@link GroupCoordinator}'s lock. */
public final class ConsumerGroups {

    private final GroupCoordinator coordinator;

    ConsumerGroups(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    boolean exists(String groupId) {
        return false;
    }

    boolean isEmpty(String groupId) {
        return true;
    }

    void onLoaded(int partition) {
    }

    void unload(int partition) {
    }

    void replay(CoordinatorRecord record) {
    }

    void tick(long now) {
    }

    LeaveResult leaveClassic(String groupId, List<MemberIdentity> leaving) {
        return new LeaveResult(ErrorCode.NONE, List.of());
    }

    ErrorCode validateOffsetCommit(String groupId, String memberId, int memberEpoch, int apiVersion) {
        return null;
    }

    ErrorCode validateOffsetFetch(String groupId, String memberId, int memberEpoch) {
        return null;
    }

    Set<String> subscribedTopics(String groupId) {
        return Set.of();
    }

    List<GroupListing> list() {
        return List.of();
    }

    GroupDescription describeAsClassic(String groupId) {
        return new GroupDescription(groupId, false, "Dead", "", "", List.of(), "consumer");
    }

    List<CoordinatorRecord> deletionRecords(String groupId) {
        return List.of();
    }
}
