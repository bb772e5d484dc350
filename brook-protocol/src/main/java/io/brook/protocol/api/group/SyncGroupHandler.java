package io.brook.protocol.api.group;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.group.Groups.SyncRequest;
import io.brook.protocol.handler.ApiHandler;
import io.brook.protocol.handler.RequestContext;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/** SyncGroup v0-5: the leader's assignment reaches every member; v5 checks protocol type and name. */
@KafkaApi(value = ApiKey.SYNC_GROUP, min = 0, max = 5)
public final class SyncGroupHandler implements ApiHandler<SyncGroupRequestData> {

    private final GroupContext groups;

    public SyncGroupHandler(GroupContext groups) {
        this.groups = groups;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, SyncGroupRequestData request) {
        short version = context.apiVersion();
        if (version >= 5 && (request.protocolType() == null || request.protocolName() == null)) {
            return CompletableFuture.completedFuture(new SyncGroupResponseData()
                    .setErrorCode(Errors.INCONSISTENT_GROUP_PROTOCOL.code()).setAssignment(new byte[0]));
        }
        Map<String, byte[]> assignments = new HashMap<>();
        request.assignments().forEach(a -> assignments.put(a.memberId(), a.assignment()));
        SyncRequest sync = new SyncRequest(request.groupId(), request.generationId(), request.memberId(),
                version >= 3 ? request.groupInstanceId() : null, version >= 5 ? request.protocolType() : null,
                version >= 5 ? request.protocolName() : null, assignments);
        return groups.coordinator().syncGroup(sync).thenApply(r -> new SyncGroupResponseData()
                .setErrorCode(r.error().code())
                .setProtocolType(version >= 5 ? r.protocolType() : null)
                .setProtocolName(version >= 5 ? r.protocolName() : null)
                .setAssignment(r.assignment() == null ? new byte[0] : r.assignment()));
    }
}
