package io.brook.protocol.api.group;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.error.ErrorCode;
import io.brook.core.group.Groups.LeaveMemberResult;
import io.brook.core.group.Groups.LeaveResult;
import io.brook.core.group.Groups.MemberIdentity;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.protocol.ApiMessage;

/** LeaveGroup v0-5: one member before v3, a batch of members (static ones by instance id) from v3. */
@KafkaApi(value = ApiKey.LEAVE_GROUP, min = 0, max = 5)
public final class LeaveGroupHandler implements SyncApiHandler<LeaveGroupRequestData> {

    private final GroupContext groups;

    public LeaveGroupHandler(GroupContext groups) {
        this.groups = groups;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, LeaveGroupRequestData request) {
        short version = context.apiVersion();
        List<MemberIdentity> leaving = new ArrayList<>();
        if (version < 3) {
            leaving.add(new MemberIdentity(request.memberId(), null));
        } else {
            request.members().forEach(m -> leaving.add(new MemberIdentity(m.memberId(), m.groupInstanceId())));
        }
        LeaveResult result = groups.coordinator().leaveGroup(request.groupId(), leaving);
        if (version < 3) {
            ErrorCode error = result.error();
            if (error == ErrorCode.NONE && !result.members().isEmpty()) {
                error = result.members().get(0).error();
            }
            return new LeaveGroupResponseData().setErrorCode(error.code());
        }
        List<MemberResponse> members = new ArrayList<>();
        for (LeaveMemberResult m : result.members()) {
            members.add(new MemberResponse().setMemberId(m.memberId()).setGroupInstanceId(m.groupInstanceId())
                    .setErrorCode(m.error().code()));
        }
        return new LeaveGroupResponseData().setErrorCode(result.error().code()).setMembers(members);
    }
}
