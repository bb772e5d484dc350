package io.brook.protocol.api.group;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.group.Groups;
import io.brook.core.group.Groups.JoinMember;
import io.brook.core.group.Groups.JoinRequest;
import io.brook.core.group.Groups.JoinResult;
import io.brook.core.group.Groups.Protocol;
import io.brook.protocol.handler.ApiHandler;
import io.brook.protocol.handler.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * JoinGroup v0-9: MEMBER_ID_REQUIRED for dynamic members from v4, static membership from v5,
 * skip_assignment for a static leader rejoining a stable group from v9. The response waits in the
 * coordinator until the rebalance completes.
 */
@KafkaApi(value = ApiKey.JOIN_GROUP, min = 0, max = 9)
public final class JoinGroupHandler implements ApiHandler<JoinGroupRequestData> {

    private final GroupContext groups;

    public JoinGroupHandler(GroupContext groups) {
        this.groups = groups;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, JoinGroupRequestData request) {
        short version = context.apiVersion();
        List<Protocol> protocols = new ArrayList<>();
        for (JoinGroupRequestProtocol p : request.protocols()) {
            protocols.add(new Protocol(p.name(), p.metadata()));
        }
        String instanceId = version >= 5 ? request.groupInstanceId() : null;
        int rebalanceTimeout = version >= 1 ? request.rebalanceTimeoutMs() : request.sessionTimeoutMs();
        JoinRequest join = new JoinRequest(request.groupId(), request.memberId() == null ? Groups.UNKNOWN_MEMBER_ID
                : request.memberId(), instanceId, context.clientId(), GroupContext.clientHost(context),
                request.sessionTimeoutMs(), rebalanceTimeout, request.protocolType(), protocols,
                version >= 4 && instanceId == null, version >= 9, request.reason());
        return groups.coordinator().joinGroup(join).thenApply(r -> response(r, version));
    }

    private static ApiMessage response(JoinResult r, short version) {
        List<JoinGroupResponseMember> members = new ArrayList<>();
        for (JoinMember m : r.members()) {
            members.add(new JoinGroupResponseMember().setMemberId(m.memberId())
                    .setGroupInstanceId(version >= 5 ? m.groupInstanceId() : null).setMetadata(m.metadata()));
        }
        String protocolName = r.protocolName();
        if (version < 7 && protocolName == null) {
            protocolName = "";
        }
        return new JoinGroupResponseData().setErrorCode(r.error().code()).setGenerationId(r.generationId())
                .setProtocolType(version >= 7 ? r.protocolType() : null).setProtocolName(protocolName)
                .setLeader(r.leader() == null ? "" : r.leader()).setSkipAssignment(r.skipAssignment())
                .setMemberId(r.memberId() == null ? "" : r.memberId()).setMembers(members);
    }
}
