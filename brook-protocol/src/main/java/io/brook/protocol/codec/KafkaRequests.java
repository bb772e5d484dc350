package io.brook.protocol.codec;

import io.brook.protocol.handler.ApiKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResultCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResultCollection;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResultCollection;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerPartitionResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.ApiError;

/**
 * Request bodies of the APIs Brook serves, read with kafka-clients' generated message classes, and
 * the error response Kafka gives to each when the request fails as a whole.
 *
 * <p>What kafka-clients' {@code AbstractRequest.parseRequest} and {@code getErrorResponse} do, without
 * their {@code ApiKeys}: initialising that loads every API's schemas. Each message class loads only
 * when its API is first used. {@code KafkaRequestsTest} checks both against kafka-clients for every
 * API here and every version.
 */
public final class KafkaRequests {

    /** The APIs whose requests this class reads; a handler for another API cannot be registered. */
    public static final Set<ApiKey> SUPPORTED = Collections.unmodifiableSet(EnumSet.of(
            ApiKey.PRODUCE, ApiKey.FETCH, ApiKey.LIST_OFFSETS, ApiKey.METADATA, ApiKey.OFFSET_COMMIT,
            ApiKey.OFFSET_FETCH, ApiKey.FIND_COORDINATOR, ApiKey.JOIN_GROUP, ApiKey.HEARTBEAT, ApiKey.LEAVE_GROUP,
            ApiKey.SYNC_GROUP, ApiKey.DESCRIBE_GROUPS, ApiKey.LIST_GROUPS, ApiKey.API_VERSIONS, ApiKey.CREATE_TOPICS,
            ApiKey.DELETE_TOPICS, ApiKey.DELETE_RECORDS, ApiKey.INIT_PRODUCER_ID, ApiKey.OFFSET_FOR_LEADER_EPOCH,
            ApiKey.ADD_PARTITIONS_TO_TXN, ApiKey.ADD_OFFSETS_TO_TXN, ApiKey.END_TXN, ApiKey.WRITE_TXN_MARKERS,
            ApiKey.TXN_OFFSET_COMMIT, ApiKey.DESCRIBE_CONFIGS, ApiKey.ALTER_CONFIGS, ApiKey.DESCRIBE_LOG_DIRS,
            ApiKey.CREATE_PARTITIONS, ApiKey.DELETE_GROUPS, ApiKey.INCREMENTAL_ALTER_CONFIGS, ApiKey.OFFSET_DELETE,
            ApiKey.DESCRIBE_CLUSTER, ApiKey.DESCRIBE_PRODUCERS, ApiKey.DESCRIBE_TRANSACTIONS,
            ApiKey.LIST_TRANSACTIONS, ApiKey.CONSUMER_GROUP_HEARTBEAT, ApiKey.CONSUMER_GROUP_DESCRIBE,
            ApiKey.DESCRIBE_TOPIC_PARTITIONS));

    private KafkaRequests() {
    }

    /**
     * Reads the body of a request of {@code key} at {@code version}, which must be a version Kafka
     * defines for it.
     *
     * @throws IllegalArgumentException for an API not in {@link #SUPPORTED}
     * @throws RuntimeException if the body is not a valid one
     */
    public static ApiMessage parse(ApiKey key, short version, Readable body) {
        switch (key) {
            case PRODUCE: return new ProduceRequestData(body, version);
            case FETCH: return new FetchRequestData(body, version);
            case LIST_OFFSETS: return new ListOffsetsRequestData(body, version);
            case METADATA: return new MetadataRequestData(body, version);
            case OFFSET_COMMIT: return new OffsetCommitRequestData(body, version);
            case OFFSET_FETCH: return new OffsetFetchRequestData(body, version);
            case FIND_COORDINATOR: return new FindCoordinatorRequestData(body, version);
            case JOIN_GROUP: return joinGroup(new JoinGroupRequestData(body, version), version);
            case HEARTBEAT: return new HeartbeatRequestData(body, version);
            case LEAVE_GROUP: return new LeaveGroupRequestData(body, version);
            case SYNC_GROUP: return new SyncGroupRequestData(body, version);
            case DESCRIBE_GROUPS: return new DescribeGroupsRequestData(body, version);
            case LIST_GROUPS: return new ListGroupsRequestData(body, version);
            case API_VERSIONS: return new ApiVersionsRequestData(body, version);
            case CREATE_TOPICS: return new CreateTopicsRequestData(body, version);
            case DELETE_TOPICS: return new DeleteTopicsRequestData(body, version);
            case DELETE_RECORDS: return new DeleteRecordsRequestData(body, version);
            case INIT_PRODUCER_ID: return new InitProducerIdRequestData(body, version);
            case OFFSET_FOR_LEADER_EPOCH: return new OffsetForLeaderEpochRequestData(body, version);
            case ADD_PARTITIONS_TO_TXN: return new AddPartitionsToTxnRequestData(body, version);
            case ADD_OFFSETS_TO_TXN: return new AddOffsetsToTxnRequestData(body, version);
            case END_TXN: return new EndTxnRequestData(body, version);
            case WRITE_TXN_MARKERS: return new WriteTxnMarkersRequestData(body, version);
            case TXN_OFFSET_COMMIT: return new TxnOffsetCommitRequestData(body, version);
            case DESCRIBE_CONFIGS: return new DescribeConfigsRequestData(body, version);
            case ALTER_CONFIGS: return new AlterConfigsRequestData(body, version);
            case DESCRIBE_LOG_DIRS: return new DescribeLogDirsRequestData(body, version);
            case CREATE_PARTITIONS: return new CreatePartitionsRequestData(body, version);
            case DELETE_GROUPS: return new DeleteGroupsRequestData(body, version);
            case INCREMENTAL_ALTER_CONFIGS: return new IncrementalAlterConfigsRequestData(body, version);
            case OFFSET_DELETE: return new OffsetDeleteRequestData(body, version);
            case DESCRIBE_CLUSTER: return new DescribeClusterRequestData(body, version);
            case DESCRIBE_PRODUCERS: return new DescribeProducersRequestData(body, version);
            case DESCRIBE_TRANSACTIONS: return new DescribeTransactionsRequestData(body, version);
            case LIST_TRANSACTIONS: return new ListTransactionsRequestData(body, version);
            case CONSUMER_GROUP_HEARTBEAT: return new ConsumerGroupHeartbeatRequestData(body, version);
            case CONSUMER_GROUP_DESCRIBE: return new ConsumerGroupDescribeRequestData(body, version);
            case DESCRIBE_TOPIC_PARTITIONS: return new DescribeTopicPartitionsRequestData(body, version);
            default: throw unsupported(key);
        }
    }

    /** JoinGroup v0 has no rebalance timeout: the session timeout stands for it. */
    private static JoinGroupRequestData joinGroup(JoinGroupRequestData request, short version) {
        return version == 0 ? request.setRebalanceTimeoutMs(request.sessionTimeoutMs()) : request;
    }

    /**
     * The response Kafka sends when {@code request} (of {@code key} at {@code version}) fails with
     * {@code e}: its error on every part of the request. Null for an acks=0 Produce, which gets no
     * response.
     */
    public static ApiMessage errorResponse(ApiKey key, short version, ApiMessage request, Throwable e) {
        switch (key) {
            case PRODUCE: return produceError((ProduceRequestData) request, e);
            case FETCH: return fetchError((FetchRequestData) request, version, e);
            case LIST_OFFSETS: return listOffsetsError((ListOffsetsRequestData) request, e);
            case METADATA: return metadataError((MetadataRequestData) request, e);
            case OFFSET_COMMIT: return offsetCommitError((OffsetCommitRequestData) request, e);
            case OFFSET_FETCH: return offsetFetchError((OffsetFetchRequestData) request, version, e);
            case FIND_COORDINATOR: return findCoordinatorError((FindCoordinatorRequestData) request, version, e);
            case JOIN_GROUP: return joinGroupError(version, e);
            case HEARTBEAT: return new HeartbeatResponseData().setErrorCode(code(e));
            case LEAVE_GROUP: return new LeaveGroupResponseData().setErrorCode(code(e));
            case SYNC_GROUP: return new SyncGroupResponseData().setErrorCode(code(e)).setAssignment(new byte[0]);
            case DESCRIBE_GROUPS: return describeGroupsError((DescribeGroupsRequestData) request, e);
            case LIST_GROUPS: return new ListGroupsResponseData().setGroups(Collections.emptyList()).setErrorCode(code(e));
            case API_VERSIONS: return apiVersionsError(e);
            case CREATE_TOPICS: return createTopicsError((CreateTopicsRequestData) request, e);
            case DELETE_TOPICS: return deleteTopicsError((DeleteTopicsRequestData) request, version, e);
            case DELETE_RECORDS: return deleteRecordsError((DeleteRecordsRequestData) request, e);
            case INIT_PRODUCER_ID:
                return new InitProducerIdResponseData().setErrorCode(code(e)).setProducerId(-1L).setProducerEpoch((short) -1);
            case OFFSET_FOR_LEADER_EPOCH: return offsetForLeaderEpochError((OffsetForLeaderEpochRequestData) request, e);
            case ADD_PARTITIONS_TO_TXN: return addPartitionsToTxnError((AddPartitionsToTxnRequestData) request, version, e);
            case ADD_OFFSETS_TO_TXN: return new AddOffsetsToTxnResponseData().setErrorCode(code(e));
            case END_TXN: return new EndTxnResponseData().setErrorCode(code(e));
            case WRITE_TXN_MARKERS: return writeTxnMarkersError((WriteTxnMarkersRequestData) request, e);
            case TXN_OFFSET_COMMIT: return txnOffsetCommitError((TxnOffsetCommitRequestData) request, e);
            case DESCRIBE_CONFIGS: return describeConfigsError((DescribeConfigsRequestData) request, e);
            case ALTER_CONFIGS: return alterConfigsError((AlterConfigsRequestData) request, e);
            case DESCRIBE_LOG_DIRS: return new DescribeLogDirsResponseData().setErrorCode(code(e));
            case CREATE_PARTITIONS: return createPartitionsError((CreatePartitionsRequestData) request, e);
            case DELETE_GROUPS: return deleteGroupsError((DeleteGroupsRequestData) request, e);
            case INCREMENTAL_ALTER_CONFIGS:
                return incrementalAlterConfigsError((IncrementalAlterConfigsRequestData) request, e);
            case OFFSET_DELETE: return new OffsetDeleteResponseData().setErrorCode(code(e));
            case DESCRIBE_CLUSTER: return describeClusterError(e);
            case DESCRIBE_PRODUCERS: return describeProducersError((DescribeProducersRequestData) request, e);
            case DESCRIBE_TRANSACTIONS:
                return describeTransactionsError((DescribeTransactionsRequestData) request, e);
            case LIST_TRANSACTIONS: return new ListTransactionsResponseData().setErrorCode(code(e));
            case CONSUMER_GROUP_HEARTBEAT: return new ConsumerGroupHeartbeatResponseData().setErrorCode(code(e));
            case CONSUMER_GROUP_DESCRIBE:
                return consumerGroupDescribeError((ConsumerGroupDescribeRequestData) request, e);
            case DESCRIBE_TOPIC_PARTITIONS:
                return describeTopicPartitionsError((DescribeTopicPartitionsRequestData) request, e);
            default: throw unsupported(key);
        }
    }

    private static IllegalArgumentException unsupported(ApiKey key) {
        return new IllegalArgumentException("Brook reads no " + key + " requests");
    }

    private static short code(Throwable e) {
        return Errors.forException(e).code();
    }

    private static ProduceResponseData produceError(ProduceRequestData request, Throwable e) {
        if (request.acks() == 0) {
            return null;
        }
        ApiError error = ApiError.fromThrowable(e);
        // Kafka answers in the order of a HashMap of the partitions, filled with compute() (which puts a
        // new key first in its bucket, unlike put()): so does Brook.
        Map<TopicIdPartition, Boolean> partitions = new HashMap<>();
        request.topicData().forEach(topic -> topic.partitionData().forEach(partition -> partitions.compute(
                new TopicIdPartition(topic.topicId(), partition.index(), topic.name()), (key, seen) -> true)));
        ProduceResponseData response = new ProduceResponseData();
        for (TopicIdPartition partition : partitions.keySet()) {
            TopicProduceResponse topic = response.responses().find(partition.topic(), partition.topicId());
            if (topic == null) {
                topic = new TopicProduceResponse().setName(partition.topic()).setTopicId(partition.topicId());
                response.responses().add(topic);
            }
            topic.partitionResponses().add(new PartitionProduceResponse().setIndex(partition.partition())
                    .setRecordErrors(Collections.emptyList()).setBaseOffset(-1L).setLogAppendTimeMs(-1L)
                    .setLogStartOffset(-1L).setErrorMessage(error.message()).setErrorCode(error.error().code()));
        }
        return response;
    }

    private static FetchResponseData fetchError(FetchRequestData request, short version, Throwable e) {
        // The top-level error code, and (before v13, which has none) the same error on every partition.
        short code = code(e);
        List<FetchableTopicResponse> topics = new ArrayList<>();
        if (version < 13) {
            request.topics().forEach(topic -> {
                List<FetchResponseData.PartitionData> partitions = new ArrayList<>();
                topic.partitions().forEach(partition -> partitions.add(new FetchResponseData.PartitionData()
                        .setPartitionIndex(partition.partition()).setErrorCode(code).setHighWatermark(-1L)
                        .setRecords(MemoryRecords.EMPTY)));
                topics.add(new FetchableTopicResponse().setTopic(topic.topic()).setTopicId(topic.topicId())
                        .setPartitions(partitions));
            });
        }
        return new FetchResponseData().setErrorCode(code).setSessionId(request.sessionId()).setResponses(topics);
    }

    private static ListOffsetsResponseData listOffsetsError(ListOffsetsRequestData request, Throwable e) {
        short code = code(e);
        List<ListOffsetsTopicResponse> topics = new ArrayList<>();
        request.topics().forEach(topic -> {
            List<ListOffsetsPartitionResponse> partitions = new ArrayList<>();
            topic.partitions().forEach(partition -> partitions.add(new ListOffsetsPartitionResponse()
                    .setErrorCode(code).setPartitionIndex(partition.partitionIndex()).setOffset(-1L).setTimestamp(-1L)));
            topics.add(new ListOffsetsTopicResponse().setName(topic.name()).setPartitions(partitions));
        });
        return new ListOffsetsResponseData().setTopics(topics);
    }

    private static MetadataResponseData metadataError(MetadataRequestData request, Throwable e) {
        short code = code(e);
        MetadataResponseData response = new MetadataResponseData();
        if (request.topics() != null) {
            request.topics().forEach(topic -> response.topics().add(new MetadataResponseTopic()
                    .setName(topic.name() == null ? "" : topic.name()).setTopicId(topic.topicId())
                    .setErrorCode(code).setIsInternal(false).setPartitions(Collections.emptyList())));
        }
        return response.setErrorCode(code);
    }

    private static OffsetCommitResponseData offsetCommitError(OffsetCommitRequestData request, Throwable e) {
        short code = code(e);
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        request.topics().forEach(topic -> {
            OffsetCommitResponseTopic responseTopic = new OffsetCommitResponseTopic().setTopicId(topic.topicId())
                    .setName(topic.name());
            response.topics().add(responseTopic);
            topic.partitions().forEach(partition -> responseTopic.partitions().add(new OffsetCommitResponsePartition()
                    .setPartitionIndex(partition.partitionIndex()).setErrorCode(code)));
        });
        return response;
    }

    private static OffsetFetchResponseData offsetFetchError(OffsetFetchRequestData request, short version, Throwable e) {
        short code = code(e);
        if (version < 2) {
            List<OffsetFetchResponseTopic> topics = new ArrayList<>();
            request.topics().forEach(topic -> {
                List<OffsetFetchResponsePartition> partitions = new ArrayList<>();
                topic.partitionIndexes().forEach(partition -> partitions.add(new OffsetFetchResponsePartition()
                        .setPartitionIndex(partition).setErrorCode(code).setCommittedOffset(-1L).setMetadata("")
                        .setCommittedLeaderEpoch(-1)));
                topics.add(new OffsetFetchResponseTopic().setName(topic.name()).setPartitions(partitions));
            });
            return new OffsetFetchResponseData().setTopics(topics);
        }
        if (version < 8) {
            return new OffsetFetchResponseData().setErrorCode(code);
        }
        List<OffsetFetchResponseGroup> groups = new ArrayList<>();
        request.groups().forEach(group -> groups.add(new OffsetFetchResponseGroup().setGroupId(group.groupId())
                .setErrorCode(code)));
        return new OffsetFetchResponseData().setGroups(groups);
    }

    private static FindCoordinatorResponseData findCoordinatorError(FindCoordinatorRequestData request, short version,
                                                                    Throwable e) {
        Errors error = Errors.forException(e);
        Node none = Node.noNode();
        if (version < 4) {
            return new FindCoordinatorResponseData().setErrorCode(error.code()).setErrorMessage(error.message())
                    .setNodeId(none.id()).setHost(none.host()).setPort(none.port());
        }
        List<Coordinator> coordinators = new ArrayList<>(request.coordinatorKeys().size());
        for (String key : request.coordinatorKeys()) {
            coordinators.add(new Coordinator().setErrorCode(error.code()).setErrorMessage(error.message()).setKey(key)
                    .setHost(none.host()).setPort(none.port()).setNodeId(none.id()));
        }
        return new FindCoordinatorResponseData().setCoordinators(coordinators);
    }

    private static JoinGroupResponseData joinGroupError(short version, Throwable e) {
        // From v7 the protocol name is nullable, and an error response has none.
        return new JoinGroupResponseData().setErrorCode(code(e)).setGenerationId(-1)
                .setProtocolName(version >= 7 ? null : "").setLeader("").setMemberId("")
                .setMembers(Collections.emptyList());
    }

    private static DescribeGroupsResponseData describeGroupsError(DescribeGroupsRequestData request, Throwable e) {
        short code = code(e);
        DescribeGroupsResponseData response = new DescribeGroupsResponseData();
        request.groups().forEach(group -> response.groups().add(new DescribeGroupsResponseData.DescribedGroup()
                .setGroupId(group).setErrorCode(code).setGroupState("").setProtocolType("").setProtocolData("")
                .setMembers(Collections.emptyList()).setAuthorizedOperations(Integer.MIN_VALUE)));
        return response;
    }

    private static ApiVersionsResponseData apiVersionsError(Throwable e) {
        Errors error = Errors.forException(e);
        ApiVersionsResponseData response = new ApiVersionsResponseData().setErrorCode(error.code());
        if (error == Errors.UNSUPPORTED_VERSION) {
            ApiVersionCollection keys = new ApiVersionCollection();
            keys.add(new ApiVersion().setApiKey(ApiKey.API_VERSIONS.id())
                    .setMinVersion(ApiKey.API_VERSIONS.oldestVersion()).setMaxVersion(ApiKey.API_VERSIONS.latestVersion()));
            response.setApiKeys(keys);
        }
        return response;
    }

    private static CreateTopicsResponseData createTopicsError(CreateTopicsRequestData request, Throwable e) {
        ApiError error = ApiError.fromThrowable(e);
        CreateTopicsResponseData response = new CreateTopicsResponseData();
        request.topics().forEach(topic -> response.topics().add(new CreatableTopicResult().setName(topic.name())
                .setErrorCode(error.error().code()).setErrorMessage(error.message())));
        return response;
    }

    private static DeleteTopicsResponseData deleteTopicsError(DeleteTopicsRequestData request, short version,
                                                              Throwable e) {
        short code = ApiError.fromThrowable(e).error().code();
        List<DeleteTopicState> topics = request.topics();
        if (version < 6) {
            topics = new ArrayList<>();
            for (String name : request.topicNames()) {
                topics.add(new DeleteTopicState().setName(name));
            }
        }
        DeleteTopicsResponseData response = new DeleteTopicsResponseData();
        topics.forEach(topic -> response.responses().add(new DeletableTopicResult().setName(topic.name())
                .setTopicId(topic.topicId()).setErrorCode(code)));
        return response;
    }

    private static DeleteRecordsResponseData deleteRecordsError(DeleteRecordsRequestData request, Throwable e) {
        short code = code(e);
        DeleteRecordsResponseData response = new DeleteRecordsResponseData();
        request.topics().forEach(topic -> {
            DeleteRecordsTopicResult result = new DeleteRecordsTopicResult().setName(topic.name());
            response.topics().add(result);
            topic.partitions().forEach(partition -> result.partitions().add(new DeleteRecordsPartitionResult()
                    .setPartitionIndex(partition.partitionIndex()).setErrorCode(code).setLowWatermark(-1L)));
        });
        return response;
    }

    private static OffsetForLeaderEpochResponseData offsetForLeaderEpochError(OffsetForLeaderEpochRequestData request,
                                                                              Throwable e) {
        short code = code(e);
        OffsetForLeaderEpochResponseData response = new OffsetForLeaderEpochResponseData();
        request.topics().forEach(topic -> {
            OffsetForLeaderTopicResult result = new OffsetForLeaderTopicResult().setTopic(topic.topic());
            topic.partitions().forEach(partition -> result.partitions().add(new EpochEndOffset()
                    .setPartition(partition.partition()).setErrorCode(code).setLeaderEpoch(-1).setEndOffset(-1L)));
            response.topics().add(result);
        });
        return response;
    }

    private static AddPartitionsToTxnResponseData addPartitionsToTxnError(AddPartitionsToTxnRequestData request,
                                                                          short version, Throwable e) {
        short code = code(e);
        AddPartitionsToTxnResponseData response = new AddPartitionsToTxnResponseData();
        if (version >= 4) {
            return response.setErrorCode(code);
        }
        AddPartitionsToTxnTopicResultCollection topics = new AddPartitionsToTxnTopicResultCollection();
        for (AddPartitionsToTxnTopic topic : request.v3AndBelowTopics()) {
            AddPartitionsToTxnPartitionResultCollection partitions = new AddPartitionsToTxnPartitionResultCollection();
            for (Integer partition : topic.partitions()) {
                partitions.add(new AddPartitionsToTxnPartitionResult().setPartitionIndex(partition)
                        .setPartitionErrorCode(code));
            }
            topics.add(new AddPartitionsToTxnTopicResult().setName(topic.name()).setResultsByPartition(partitions));
        }
        return response.setResultsByTopicV3AndBelow(topics);
    }

    private static WriteTxnMarkersResponseData writeTxnMarkersError(WriteTxnMarkersRequestData request, Throwable e) {
        // Kafka gathers the partitions in hash maps, by producer id and by topic, and answers in their order.
        Errors error = Errors.forException(e);
        Map<Long, Map<TopicPartition, Errors>> errors = new HashMap<>(request.markers().size());
        request.markers().forEach(marker -> {
            Map<TopicPartition, Errors> partitions = new HashMap<>();
            marker.topics().forEach(topic -> topic.partitionIndexes().forEach(partition ->
                    partitions.put(new TopicPartition(topic.name(), partition), error)));
            errors.put(marker.producerId(), partitions);
        });
        List<WritableTxnMarkerResult> markers = new ArrayList<>();
        errors.forEach((producerId, partitions) -> {
            Map<String, WritableTxnMarkerTopicResult> topics = new HashMap<>();
            partitions.forEach((partition, partitionError) -> {
                WritableTxnMarkerTopicResult topic = topics.getOrDefault(partition.topic(),
                        new WritableTxnMarkerTopicResult().setName(partition.topic()));
                topic.partitions().add(new WritableTxnMarkerPartitionResult().setErrorCode(partitionError.code())
                        .setPartitionIndex(partition.partition()));
                topics.put(partition.topic(), topic);
            });
            markers.add(new WritableTxnMarkerResult().setProducerId(producerId).setTopics(new ArrayList<>(topics.values())));
        });
        return new WriteTxnMarkersResponseData().setMarkers(markers);
    }

    private static TxnOffsetCommitResponseData txnOffsetCommitError(TxnOffsetCommitRequestData request, Throwable e) {
        short code = code(e);
        List<TxnOffsetCommitResponseTopic> topics = new ArrayList<>();
        request.topics().forEach(topic -> {
            List<TxnOffsetCommitResponsePartition> partitions = new ArrayList<>();
            topic.partitions().forEach(partition -> partitions.add(new TxnOffsetCommitResponsePartition()
                    .setPartitionIndex(partition.partitionIndex()).setErrorCode(code)));
            topics.add(new TxnOffsetCommitResponseTopic().setName(topic.name()).setPartitions(partitions));
        });
        return new TxnOffsetCommitResponseData().setTopics(topics);
    }

    private static DescribeConfigsResponseData describeConfigsError(DescribeConfigsRequestData request, Throwable e) {
        // The error's default message, not the exception's.
        Errors error = Errors.forException(e);
        List<DescribeConfigsResponseData.DescribeConfigsResult> results = new ArrayList<>();
        request.resources().forEach(resource -> results.add(new DescribeConfigsResponseData.DescribeConfigsResult()
                .setErrorCode(error.code()).setErrorMessage(error.message()).setResourceName(resource.resourceName())
                .setResourceType(resource.resourceType())));
        return new DescribeConfigsResponseData().setResults(results);
    }

    private static AlterConfigsResponseData alterConfigsError(AlterConfigsRequestData request, Throwable e) {
        ApiError error = ApiError.fromThrowable(e);
        AlterConfigsResponseData response = new AlterConfigsResponseData();
        request.resources().forEach(resource -> response.responses().add(
                new AlterConfigsResponseData.AlterConfigsResourceResponse().setResourceType(resource.resourceType())
                        .setResourceName(resource.resourceName()).setErrorMessage(error.message())
                        .setErrorCode(error.error().code())));
        return response;
    }

    private static CreatePartitionsResponseData createPartitionsError(CreatePartitionsRequestData request,
                                                                      Throwable e) {
        ApiError error = ApiError.fromThrowable(e);
        CreatePartitionsResponseData response = new CreatePartitionsResponseData();
        request.topics().forEach(topic -> response.results().add(new CreatePartitionsTopicResult()
                .setName(topic.name()).setErrorCode(error.error().code()).setErrorMessage(error.message())));
        return response;
    }

    private static DeleteGroupsResponseData deleteGroupsError(DeleteGroupsRequestData request, Throwable e) {
        short code = code(e);
        DeletableGroupResultCollection results = new DeletableGroupResultCollection();
        request.groupsNames().forEach(group -> results.add(new DeletableGroupResult().setGroupId(group)
                .setErrorCode(code)));
        return new DeleteGroupsResponseData().setResults(results);
    }

    private static IncrementalAlterConfigsResponseData incrementalAlterConfigsError(
            IncrementalAlterConfigsRequestData request, Throwable e) {
        ApiError error = ApiError.fromThrowable(e);
        IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData();
        request.resources().forEach(resource -> response.responses().add(
                new IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse()
                        .setResourceName(resource.resourceName()).setResourceType(resource.resourceType())
                        .setErrorCode(error.error().code()).setErrorMessage(error.message())));
        return response;
    }

    private static DescribeClusterResponseData describeClusterError(Throwable e) {
        ApiError error = ApiError.fromThrowable(e);
        return new DescribeClusterResponseData().setErrorCode(error.error().code()).setErrorMessage(error.message());
    }

    private static DescribeProducersResponseData describeProducersError(DescribeProducersRequestData request,
                                                                        Throwable e) {
        short code = code(e);
        DescribeProducersResponseData response = new DescribeProducersResponseData();
        request.topics().forEach(topic -> {
            DescribeProducersResponseData.TopicResponse result =
                    new DescribeProducersResponseData.TopicResponse().setName(topic.name());
            topic.partitionIndexes().forEach(partition -> result.partitions().add(
                    new DescribeProducersResponseData.PartitionResponse().setPartitionIndex(partition).setErrorCode(code)));
            response.topics().add(result);
        });
        return response;
    }

    private static DescribeTransactionsResponseData describeTransactionsError(DescribeTransactionsRequestData request,
                                                                              Throwable e) {
        short code = code(e);
        DescribeTransactionsResponseData response = new DescribeTransactionsResponseData();
        request.transactionalIds().forEach(id -> response.transactionStates().add(
                new DescribeTransactionsResponseData.TransactionState().setTransactionalId(id).setErrorCode(code)));
        return response;
    }

    private static ConsumerGroupDescribeResponseData consumerGroupDescribeError(ConsumerGroupDescribeRequestData request,
                                                                                Throwable e) {
        short code = code(e);
        ConsumerGroupDescribeResponseData response = new ConsumerGroupDescribeResponseData();
        request.groupIds().forEach(group -> response.groups().add(
                new ConsumerGroupDescribeResponseData.DescribedGroup().setGroupId(group).setErrorCode(code)));
        return response;
    }

    private static DescribeTopicPartitionsResponseData describeTopicPartitionsError(
            DescribeTopicPartitionsRequestData request, Throwable e) {
        short code = code(e);
        DescribeTopicPartitionsResponseData response = new DescribeTopicPartitionsResponseData();
        request.topics().forEach(topic -> response.topics().add(new DescribeTopicPartitionsResponseTopic()
                .setName(topic.name()).setErrorCode(code).setIsInternal(false).setPartitions(Collections.emptyList())));
        return response;
    }
}
