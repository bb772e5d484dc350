package io.brook.protocol.api.group;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.error.ErrorCode;
import io.brook.core.group.Groups.GroupDescription;
import io.brook.core.group.Groups.MemberDescription;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * DescribeGroups v0-6. Member metadata and assignment are given only while the group is Stable,
 * as Kafka does. An unknown group is "Dead": with NONE before v6, GROUP_ID_NOT_FOUND from v6.
 */
@KafkaApi(value = ApiKey.DESCRIBE_GROUPS, min = 0, max = 6)
public final class DescribeGroupsHandler implements SyncApiHandler<DescribeGroupsRequestData> {

    private final GroupContext groups;

    public DescribeGroupsHandler(GroupContext groups) {
        this.groups = groups;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, DescribeGroupsRequestData request) {
        short version = context.apiVersion();
        DescribeGroupsResponseData response = new DescribeGroupsResponseData();
        for (String groupId : request.groups()) {
            DescribedGroup out = new DescribedGroup().setGroupId(groupId).setAuthorizedOperations(Integer.MIN_VALUE);
            ErrorCode notHere = groups.coordinator().checkCoordinator(groupId == null ? "" : groupId);
            if (notHere != null) {
                response.groups().add(out.setErrorCode(notHere.code()).setGroupState("").setProtocolType("")
                        .setProtocolData(""));
                continue;
            }
            GroupDescription d = groups.coordinator().describeGroup(groupId);
            out.setGroupState(d.state()).setProtocolType(d.protocolType() == null ? "" : d.protocolType())
                    .setProtocolData(d.protocol() == null ? "" : d.protocol());
            if (!d.found()) {
                if (version >= 6) {
                    out.setErrorCode(ErrorCode.GROUP_ID_NOT_FOUND.code())
                            .setErrorMessage("Group " + groupId + " not found.");
                }
                response.groups().add(out);
                continue;
            }
            for (MemberDescription m : d.members()) {
                out.members().add(new DescribedGroupMember().setMemberId(m.memberId())
                        .setGroupInstanceId(version >= 4 ? m.groupInstanceId() : null).setClientId(m.clientId())
                        .setClientHost(m.clientHost()).setMemberMetadata(m.metadata())
                        .setMemberAssignment(m.assignment()));
            }
            response.groups().add(out);
        }
        return response;
    }
}
