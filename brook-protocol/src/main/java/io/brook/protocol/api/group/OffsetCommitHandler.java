package io.brook.protocol.api.group;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.error.ErrorCode;
import io.brook.core.group.Groups.CommitEntry;
import io.brook.core.group.Groups.CommitRequest;
import io.brook.core.group.Groups.CommitResult;
import io.brook.core.partition.TopicPartition;
import io.brook.metadata.image.TopicImage;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * OffsetCommit v2-10: generation (classic) or member epoch (KIP-848, v9+) checked by the
 * coordinator; unknown topics/partitions rejected here; topic ids from v10. The offsets are in
 * __consumer_offsets before the response is sent.
 */
@KafkaApi(value = ApiKey.OFFSET_COMMIT, min = 2, max = 10)
public final class OffsetCommitHandler implements SyncApiHandler<OffsetCommitRequestData> {

    private final GroupContext groups;

    public OffsetCommitHandler(GroupContext groups) {
        this.groups = groups;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, OffsetCommitRequestData request) {
        short version = context.apiVersion();
        boolean byId = version >= 10;
        Map<TopicPartition, ErrorCode> early = new LinkedHashMap<>();
        List<CommitEntry> entries = new ArrayList<>();
        for (OffsetCommitRequestTopic topic : request.topics()) {
            Optional<TopicImage> image = byId ? groups.topic(topic.topicId()) : groups.topic(topic.name());
            String name = image.map(TopicImage::name).orElse(topic.name());
            for (OffsetCommitRequestPartition p : topic.partitions()) {
                TopicPartition tp = new TopicPartition(byId ? topic.topicId().toString() : name, p.partitionIndex());
                if (image.isEmpty()) {
                    early.put(tp, byId ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
                } else if (!image.get().partitions().containsKey(p.partitionIndex())) {
                    early.put(tp, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
                } else {
                    entries.add(new CommitEntry(new TopicPartition(name, p.partitionIndex()), p.committedOffset(),
                            version >= 6 ? p.committedLeaderEpoch() : -1, p.committedMetadata()));
                }
            }
        }
        long retention = version >= 2 && version <= 4 ? request.retentionTimeMs() : -1;
        CommitResult result = groups.coordinator().commitOffsets(new CommitRequest(request.groupId(),
                request.memberId(), version >= 7 ? request.groupInstanceId() : null,
                request.generationIdOrMemberEpoch(), retention, version, entries));

        OffsetCommitResponseData response = new OffsetCommitResponseData();
        for (OffsetCommitRequestTopic topic : request.topics()) {
            Optional<TopicImage> image = byId ? groups.topic(topic.topicId()) : groups.topic(topic.name());
            String name = image.map(TopicImage::name).orElse(topic.name());
            OffsetCommitResponseTopic rt = new OffsetCommitResponseTopic().setName(byId ? "" : topic.name())
                    .setTopicId(topic.topicId());
            for (OffsetCommitRequestPartition p : topic.partitions()) {
                ErrorCode error = early.get(new TopicPartition(byId ? topic.topicId().toString() : name,
                        p.partitionIndex()));
                if (error == null) {
                    error = result.error() != ErrorCode.NONE ? result.error()
                            : result.partitions().getOrDefault(new TopicPartition(name, p.partitionIndex()),
                            ErrorCode.UNKNOWN_SERVER_ERROR);
                }
                rt.partitions().add(new OffsetCommitResponsePartition().setPartitionIndex(p.partitionIndex())
                        .setErrorCode(error.code()));
            }
            response.topics().add(rt);
        }
        return response;
    }
}
