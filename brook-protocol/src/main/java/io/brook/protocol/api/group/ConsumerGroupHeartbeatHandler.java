package io.brook.protocol.api.group;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.group.ConsumerGroups.HeartbeatRequest;
import io.brook.core.group.ConsumerGroups.HeartbeatResult;
import io.brook.protocol.api.Uuids;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData.Assignment;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData.TopicPartitions;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * ConsumerGroupHeartbeat v0-1 (KIP-848): joins, heartbeats, reconciles and leaves consumer-protocol
 * groups. v1 (Kafka 4.0) has the client generate its member id and accept regular expressions.
 */
@KafkaApi(value = ApiKey.CONSUMER_GROUP_HEARTBEAT, min = 0, max = 1)
public final class ConsumerGroupHeartbeatHandler implements SyncApiHandler<ConsumerGroupHeartbeatRequestData> {

    private final GroupContext groups;

    public ConsumerGroupHeartbeatHandler(GroupContext groups) {
        this.groups = groups;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, ConsumerGroupHeartbeatRequestData request) {
        Map<UUID, Set<Integer>> owned = null;
        if (request.topicPartitions() != null) {
            owned = new HashMap<>();
            for (ConsumerGroupHeartbeatRequestData.TopicPartitions tp : request.topicPartitions()) {
                owned.computeIfAbsent(Uuids.fromKafka(tp.topicId()), t -> new HashSet<>()).addAll(tp.partitions());
            }
        }
        HeartbeatResult result = groups.coordinator().consumerGroups().heartbeat(new HeartbeatRequest(
                request.groupId(), request.memberId() == null ? "" : request.memberId(), request.memberEpoch(),
                request.instanceId(), request.rackId(), request.rebalanceTimeoutMs(), request.subscribedTopicNames(),
                request.subscribedTopicRegex(), request.serverAssignor(), owned, context.clientId(),
                GroupContext.clientHost(context), context.apiVersion()));
        ConsumerGroupHeartbeatResponseData response = new ConsumerGroupHeartbeatResponseData()
                .setErrorCode(result.error().code()).setErrorMessage(result.errorMessage())
                .setMemberId(result.memberId()).setMemberEpoch(result.memberEpoch())
                .setHeartbeatIntervalMs(result.heartbeatIntervalMs());
        if (result.assignment() != null) {
            List<TopicPartitions> topics = new ArrayList<>();
            result.assignment().forEach((topic, partitions) -> topics.add(new TopicPartitions()
                    .setTopicId(Uuids.toKafka(topic)).setPartitions(new ArrayList<>(new TreeSet<>(partitions)))));
            response.setAssignment(new Assignment().setTopicPartitions(topics));
        }
        return response;
    }
}
