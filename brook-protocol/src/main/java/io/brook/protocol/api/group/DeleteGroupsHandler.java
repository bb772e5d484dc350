package io.brook.protocol.api.group;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.protocol.ApiMessage;

/** DeleteGroups v0-2: only empty groups; their offsets and metadata are tombstoned in __consumer_offsets. */
@KafkaApi(value = ApiKey.DELETE_GROUPS, min = 0, max = 2)
public final class DeleteGroupsHandler implements SyncApiHandler<DeleteGroupsRequestData> {

    private final GroupContext groups;

    public DeleteGroupsHandler(GroupContext groups) {
        this.groups = groups;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, DeleteGroupsRequestData request) {
        DeleteGroupsResponseData response = new DeleteGroupsResponseData();
        groups.coordinator().deleteGroups(request.groupsNames()).forEach((groupId, error) ->
                response.results().add(new DeletableGroupResult().setGroupId(groupId).setErrorCode(error.code())));
        return response;
    }
}
