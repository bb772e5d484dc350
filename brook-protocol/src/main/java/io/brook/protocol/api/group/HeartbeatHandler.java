package io.brook.protocol.api.group;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiMessage;

/** Heartbeat v0-4 of classic group members. */
@KafkaApi(value = ApiKey.HEARTBEAT, min = 0, max = 4)
public final class HeartbeatHandler implements SyncApiHandler<HeartbeatRequestData> {

    private final GroupContext groups;

    public HeartbeatHandler(GroupContext groups) {
        this.groups = groups;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, HeartbeatRequestData request) {
        return new HeartbeatResponseData().setErrorCode(groups.coordinator().heartbeat(request.groupId(),
                request.memberId(), context.apiVersion() >= 3 ? request.groupInstanceId() : null,
                request.generationId()).code());
    }
}
