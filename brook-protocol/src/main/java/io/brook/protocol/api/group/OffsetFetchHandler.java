package io.brook.protocol.api.group;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.error.ErrorCode;
import io.brook.core.group.Groups.FetchRequest;
import io.brook.core.group.Groups.FetchResult;
import io.brook.core.group.OffsetAndMetadata;
import io.brook.core.partition.TopicPartition;
import io.brook.metadata.image.TopicImage;
import io.brook.protocol.api.Uuids;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopic;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * OffsetFetch v1-10: one group before v8, several from v8 (member id/epoch checked for consumer
 * groups from v9), topic ids from v10. Null topics (v2+) means every committed offset of the group.
 * require_stable (v7+): a partition whose offsets a transaction has pending is answered
 * UNSTABLE_OFFSET_COMMIT, and the client retries until the transaction is decided.
 */
@KafkaApi(value = ApiKey.OFFSET_FETCH, min = 1, max = 10)
public final class OffsetFetchHandler implements SyncApiHandler<OffsetFetchRequestData> {

    private final GroupContext groups;

    public OffsetFetchHandler(GroupContext groups) {
        this.groups = groups;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, OffsetFetchRequestData request) {
        short version = context.apiVersion();
        if (version < 8) {
            List<TopicPartition> partitions = null;
            if (request.topics() != null) {
                partitions = new ArrayList<>();
                for (OffsetFetchRequestTopic t : request.topics()) {
                    for (int p : t.partitionIndexes()) {
                        partitions.add(new TopicPartition(t.name(), p));
                    }
                }
            }
            FetchResult result = groups.coordinator().fetchOffsets(new FetchRequest(request.groupId(), null, -1,
                    partitions, request.requireStable()));
            OffsetFetchResponseData response = new OffsetFetchResponseData();
            if (result.error() != ErrorCode.NONE) {
                if (version >= 2) {
                    response.setErrorCode(result.error().code());
                }
                if (version < 2 && partitions != null) {
                    partitions.forEach(tp -> addOld(response, tp, null, result.error()));
                }
                return response;
            }
            result.offsets().forEach((tp, o) -> addOld(response, tp, o,
                    result.unstable().contains(tp) ? ErrorCode.UNSTABLE_OFFSET_COMMIT : ErrorCode.NONE));
            return response;
        }
        OffsetFetchResponseData response = new OffsetFetchResponseData();
        for (OffsetFetchRequestGroup g : request.groups()) {
            response.groups().add(fetchGroup(g, version, request.requireStable()));
        }
        return response;
    }

    private static void addOld(OffsetFetchResponseData response, TopicPartition tp, OffsetAndMetadata o,
                               ErrorCode error) {
        OffsetFetchResponseTopic topic = response.topics().stream().filter(t -> t.name().equals(tp.topic()))
                .findFirst().orElse(null);
        if (topic == null) {
            topic = new OffsetFetchResponseTopic().setName(tp.topic());
            response.topics().add(topic);
        }
        topic.partitions().add(new OffsetFetchResponsePartition().setPartitionIndex(tp.partition())
                .setCommittedOffset(o == null ? -1 : o.offset()).setCommittedLeaderEpoch(o == null ? -1 : o.leaderEpoch())
                .setMetadata(o == null ? "" : o.metadata()).setErrorCode(error.code()));
    }

    private OffsetFetchResponseGroup fetchGroup(OffsetFetchRequestGroup g, short version, boolean requireStable) {
        boolean byId = version >= 10;
        OffsetFetchResponseGroup out = new OffsetFetchResponseGroup().setGroupId(g.groupId());
        List<TopicPartition> partitions = null;
        Map<String, Uuid> ids = new LinkedHashMap<>();
        Map<Uuid, List<Integer>> unknownIds = new LinkedHashMap<>();
        if (g.topics() != null) {
            partitions = new ArrayList<>();
            for (OffsetFetchRequestTopics t : g.topics()) {
                String name = t.name();
                if (byId) {
                    Optional<TopicImage> image = groups.topic(t.topicId());
                    if (image.isEmpty()) {
                        unknownIds.put(t.topicId(), t.partitionIndexes());
                        continue;
                    }
                    name = image.get().name();
                    ids.put(name, t.topicId());
                }
                for (int p : t.partitionIndexes()) {
                    partitions.add(new TopicPartition(name, p));
                }
            }
        }
        FetchResult result = groups.coordinator().fetchOffsets(new FetchRequest(g.groupId(),
                version >= 9 ? g.memberId() : null, version >= 9 ? g.memberEpoch() : -1, partitions, requireStable));
        if (result.error() != ErrorCode.NONE) {
            return out.setErrorCode(result.error().code());
        }
        Map<String, OffsetFetchResponseTopics> topics = new LinkedHashMap<>();
        result.offsets().forEach((tp, o) -> {
            OffsetFetchResponseTopics topic = topics.get(tp.topic());
            if (topic == null) {
                Uuid id = Uuid.ZERO_UUID;
                if (byId) {
                    id = ids.get(tp.topic());
                    if (id == null) {
                        Optional<TopicImage> image = groups.topic(tp.topic());
                        if (image.isEmpty()) {
                            return; // topic deleted since the commit: nothing to report by id
                        }
                        id = Uuids.toKafka(image.get().id());
                    }
                }
                topic = new OffsetFetchResponseTopics().setName(byId ? "" : tp.topic()).setTopicId(id);
                topics.put(tp.topic(), topic);
            }
            topic.partitions().add(new OffsetFetchResponsePartitions().setPartitionIndex(tp.partition())
                    .setCommittedOffset(o == null ? -1 : o.offset())
                    .setCommittedLeaderEpoch(o == null ? -1 : o.leaderEpoch())
                    .setMetadata(o == null ? "" : o.metadata())
                    .setErrorCode(result.unstable().contains(tp) ? ErrorCode.UNSTABLE_OFFSET_COMMIT.code() : 0));
        });
        out.topics().addAll(topics.values());
        unknownIds.forEach((id, parts) -> {
            OffsetFetchResponseTopics topic = new OffsetFetchResponseTopics().setName("").setTopicId(id);
            for (int p : parts) {
                topic.partitions().add(new OffsetFetchResponsePartitions().setPartitionIndex(p).setCommittedOffset(-1)
                        .setCommittedLeaderEpoch(-1).setMetadata("")
                        .setErrorCode(ErrorCode.UNKNOWN_TOPIC_ID.code()));
            }
            out.topics().add(topic);
        });
        return out;
    }
}
