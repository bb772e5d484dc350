package io.brook.protocol.api.topic;

import io.brook.protocol.api.AuthorizedOperations;
import io.brook.protocol.api.Uuids;
import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.controller.ClusterController;
import io.brook.core.controller.TopicNames;
import io.brook.metadata.image.MetadataImage;
import io.brook.metadata.image.PartitionImage;
import io.brook.metadata.image.TopicImage;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData.TopicRequest;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.Cursor;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * DescribeTopicPartitions (what Admin.describeTopics uses in Kafka 4): topics sorted by name,
 * at most response_partition_limit partitions (capped at Kafka's default
 * max.request.partition.size.limit, 2000) and a next_cursor where the page ends, exactly as
 * Kafka's KRaftMetadataCache paginates. An empty topic list means every topic; then missing
 * topics are skipped rather than reported.
 */
@KafkaApi(value = ApiKey.DESCRIBE_TOPIC_PARTITIONS, min = 0, max = 0)
public final class DescribeTopicPartitionsHandler implements SyncApiHandler<DescribeTopicPartitionsRequestData> {

    /** Kafka's max.request.partition.size.limit default. */
    static final int MAX_PARTITIONS = 2000;

    private final ClusterController controller;

    public DescribeTopicPartitionsHandler(ClusterController controller) {
        this.controller = controller;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, DescribeTopicPartitionsRequestData request) {
        MetadataImage image = controller.image();
        boolean allTopics = request.topics().isEmpty();
        DescribeTopicPartitionsRequestData.Cursor cursor = request.cursor();
        String cursorTopic = cursor != null ? cursor.topicName() : "";
        TreeSet<String> topics = new TreeSet<>();
        if (allTopics) {
            image.topicsByName().keySet().stream().filter(t -> t.compareTo(cursorTopic) >= 0).forEach(topics::add);
        } else {
            for (TopicRequest topic : request.topics()) {
                if (topic.name().compareTo(cursorTopic) >= 0) {
                    topics.add(topic.name());
                }
            }
            if (cursor != null && !topics.contains(cursor.topicName())) {
                throw new InvalidRequestException("DescribeTopicPartitionsRequest topic list should contain the "
                        + "cursor topic: " + cursor.topicName());
            }
        }
        int limit = Math.min(MAX_PARTITIONS, request.responsePartitionLimit());
        return describe(image, topics.iterator(), name -> name.equals(cursorTopic) ? cursor.partitionIndex() : 0,
                limit, allTopics);
    }

    private static DescribeTopicPartitionsResponseData describe(MetadataImage image, Iterator<String> topics,
                                                                java.util.function.ToIntFunction<String> startIndex,
                                                                int limit, boolean ignoreMissing) {
        DescribeTopicPartitionsResponseData result = new DescribeTopicPartitionsResponseData();
        int remaining = limit;
        while (topics.hasNext()) {
            String name = topics.next();
            if (remaining > 0) {
                TopicImage topic = image.topic(name).orElse(null);
                if (topic == null) {
                    if (!ignoreMissing) {
                        Errors error = TopicNames.isValid(name) ? Errors.UNKNOWN_TOPIC_OR_PARTITION
                                : Errors.INVALID_TOPIC_EXCEPTION;
                        result.topics().add(new DescribeTopicPartitionsResponseTopic().setErrorCode(error.code())
                                .setName(name).setTopicId(Uuid.ZERO_UUID)
                                .setIsInternal(TopicNames.INTERNAL.contains(name))
                                .setTopicAuthorizedOperations(AuthorizedOperations.TOPIC));
                    }
                    continue;
                }
                int start = startIndex.applyAsInt(name);
                int count = topic.partitionCount();
                int upper = Math.min(count, start + remaining);
                List<DescribeTopicPartitionsResponsePartition> partitions = new ArrayList<>();
                for (int p = start; p < upper; p++) {
                    PartitionImage partition = topic.partitions().get(p);
                    if (partition != null) {
                        partitions.add(describe(partition));
                    }
                }
                result.topics().add(new DescribeTopicPartitionsResponseTopic()
                        .setName(name).setTopicId(Uuids.toKafka(topic.id()))
                        .setIsInternal(TopicNames.INTERNAL.contains(name))
                        .setPartitions(partitions)
                        .setTopicAuthorizedOperations(AuthorizedOperations.TOPIC));
                if (upper < count) {
                    result.setNextCursor(new Cursor().setTopicName(name).setPartitionIndex(upper));
                    break;
                }
                remaining -= partitions.size();
            } else if (remaining == 0) {
                result.setNextCursor(new Cursor().setTopicName(name).setPartitionIndex(0));
                break;
            }
        }
        return result;
    }

    private static DescribeTopicPartitionsResponsePartition describe(PartitionImage partition) {
        return new DescribeTopicPartitionsResponsePartition()
                .setPartitionIndex(partition.partition())
                .setLeaderId(partition.leader())
                .setLeaderEpoch(partition.leaderEpoch())
                .setReplicaNodes(partition.replicas())
                .setIsrNodes(partition.isr())
                .setEligibleLeaderReplicas(List.of())
                .setLastKnownElr(List.of())
                .setOfflineReplicas(List.of());
    }
}
