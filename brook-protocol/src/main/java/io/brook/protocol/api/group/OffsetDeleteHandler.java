package io.brook.protocol.api.group;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.error.ErrorCode;
import io.brook.core.group.Groups.OffsetDeleteResult;
import io.brook.core.partition.TopicPartition;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartition;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopic;
import org.apache.kafka.common.protocol.ApiMessage;

/** OffsetDelete v0: GROUP_SUBSCRIBED_TO_TOPIC for topics an active group consumes. */
@KafkaApi(value = ApiKey.OFFSET_DELETE, min = 0, max = 0)
public final class OffsetDeleteHandler implements SyncApiHandler<OffsetDeleteRequestData> {

    private final GroupContext groups;

    public OffsetDeleteHandler(GroupContext groups) {
        this.groups = groups;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, OffsetDeleteRequestData request) {
        List<TopicPartition> known = new ArrayList<>();
        for (OffsetDeleteRequestTopic t : request.topics()) {
            for (OffsetDeleteRequestPartition p : t.partitions()) {
                if (groups.partitionExists(t.name(), p.partitionIndex())) {
                    known.add(new TopicPartition(t.name(), p.partitionIndex()));
                }
            }
        }
        OffsetDeleteResult result = groups.coordinator().deleteOffsets(request.groupId(), known);
        OffsetDeleteResponseData response = new OffsetDeleteResponseData().setErrorCode(result.error().code());
        if (result.error() != ErrorCode.NONE) {
            return response;
        }
        for (OffsetDeleteRequestTopic t : request.topics()) {
            OffsetDeleteResponseTopic rt = new OffsetDeleteResponseTopic().setName(t.name());
            for (OffsetDeleteRequestPartition p : t.partitions()) {
                ErrorCode error = result.partitions().getOrDefault(new TopicPartition(t.name(), p.partitionIndex()),
                        ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
                rt.partitions().add(new OffsetDeleteResponsePartition().setPartitionIndex(p.partitionIndex())
                        .setErrorCode(error.code()));
            }
            response.topics().add(rt);
        }
        return response;
    }
}
