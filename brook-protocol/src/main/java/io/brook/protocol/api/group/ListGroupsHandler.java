package io.brook.protocol.api.group;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.group.Groups.GroupListing;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.ApiMessage;

/** ListGroups v0-5: state filter from v4, type filter ("classic", "consumer") from v5. */
@KafkaApi(value = ApiKey.LIST_GROUPS, min = 0, max = 5)
public final class ListGroupsHandler implements SyncApiHandler<ListGroupsRequestData> {

    private final GroupContext groups;

    public ListGroupsHandler(GroupContext groups) {
        this.groups = groups;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, ListGroupsRequestData request) {
        short version = context.apiVersion();
        Set<String> states = version >= 4 && request.statesFilter() != null ? new HashSet<>(request.statesFilter())
                : Set.of();
        Set<String> types = version >= 5 && request.typesFilter() != null ? new HashSet<>(request.typesFilter())
                : Set.of();
        ListGroupsResponseData response = new ListGroupsResponseData();
        for (GroupListing g : groups.coordinator().listGroups(states, types)) {
            response.groups().add(new ListedGroup().setGroupId(g.groupId()).setProtocolType(g.protocolType())
                    .setGroupState(g.state()).setGroupType(g.type()));
        }
        return response;
    }
}
