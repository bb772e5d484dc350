package io.brook.protocol.api.group;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.group.ConsumerGroups.Description;
import io.brook.core.group.ConsumerGroups.MemberDescription;
import io.brook.metadata.image.TopicImage;
import io.brook.protocol.api.Uuids;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.Assignment;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.Member;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.TopicPartitions;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * ConsumerGroupDescribe v0-1. A classic group (or none) is GROUP_ID_NOT_FOUND, so that Admin's
 * describeConsumerGroups falls back to DescribeGroups. v1 adds the member type (1 = consumer protocol).
 */
@KafkaApi(value = ApiKey.CONSUMER_GROUP_DESCRIBE, min = 0, max = 1)
public final class ConsumerGroupDescribeHandler implements SyncApiHandler<ConsumerGroupDescribeRequestData> {

    private static final byte CONSUMER_MEMBER_TYPE = 1;

    private final GroupContext groups;

    public ConsumerGroupDescribeHandler(GroupContext groups) {
        this.groups = groups;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, ConsumerGroupDescribeRequestData request) {
        ConsumerGroupDescribeResponseData response = new ConsumerGroupDescribeResponseData();
        for (Description d : groups.coordinator().consumerGroups().describe(request.groupIds())) {
            DescribedGroup out = new DescribedGroup().setGroupId(d.groupId()).setErrorCode(d.error().code())
                    .setErrorMessage(d.errorMessage()).setGroupState(d.state()).setGroupEpoch(d.groupEpoch())
                    .setAssignmentEpoch(d.assignmentEpoch()).setAssignorName(d.assignorName())
                    .setAuthorizedOperations(Integer.MIN_VALUE);
            for (MemberDescription m : d.members()) {
                out.members().add(new Member().setMemberId(m.memberId()).setInstanceId(m.instanceId())
                        .setRackId(m.rackId()).setMemberEpoch(m.memberEpoch()).setClientId(m.clientId())
                        .setClientHost(m.clientHost()).setSubscribedTopicNames(new ArrayList<>(m.subscribedTopicNames()))
                        .setSubscribedTopicRegex(m.subscribedTopicRegex())
                        .setAssignment(assignment(m.assignment())).setTargetAssignment(assignment(m.targetAssignment()))
                        .setMemberType(CONSUMER_MEMBER_TYPE));
            }
            response.groups().add(out);
        }
        return response;
    }

    /** Partitions with their topic names; topics deleted since are left out. */
    private Assignment assignment(Map<UUID, Set<Integer>> partitions) {
        List<TopicPartitions> topics = new ArrayList<>();
        partitions.forEach((id, ps) -> {
            TopicImage topic = groups.controller().image().topic(id).orElse(null);
            if (topic != null) {
                topics.add(new TopicPartitions().setTopicId(Uuids.toKafka(id)).setTopicName(topic.name())
                        .setPartitions(new ArrayList<>(new TreeSet<>(ps))));
            }
        });
        return new Assignment().setTopicPartitions(topics);
    }
}
