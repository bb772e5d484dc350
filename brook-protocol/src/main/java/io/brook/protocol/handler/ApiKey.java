package io.brook.protocol.handler;

import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Every Kafka API key (as of Kafka 4.3), with the facts the broker needs to frame a request and its
 * response: the version range Kafka defines and the first version whose messages are flexible (tagged
 * fields), from which the header versions follow.
 *
 * <p>Brook's own table rather than kafka-clients' {@code ApiKeys}: initialising {@code ApiKeys} builds
 * the request and response schemas of every API (hundreds of classes and megabytes of heap and
 * metaspace that an idle broker keeps for nothing). {@code ApiKeyTest} checks this table against
 * {@code ApiKeys} for every key and version.
 *
 * <p>Columns: id, Kafka name, oldest version, latest stable version, first flexible version (-1: none).
 */
public enum ApiKey {
    PRODUCE(0, "Produce", 3, 13, 9),
    FETCH(1, "Fetch", 4, 18, 12),
    LIST_OFFSETS(2, "ListOffsets", 1, 11, 6),
    METADATA(3, "Metadata", 0, 13, 9),
    LEADER_AND_ISR(4, "LeaderAndIsr", 0, -1, -1),  // removed from Kafka 4: no versions left
    STOP_REPLICA(5, "StopReplica", 0, -1, -1),  // removed from Kafka 4: no versions left
    UPDATE_METADATA(6, "UpdateMetadata", 0, -1, -1),  // removed from Kafka 4: no versions left
    CONTROLLED_SHUTDOWN(7, "ControlledShutdown", 0, -1, -1),  // removed from Kafka 4: no versions left
    OFFSET_COMMIT(8, "OffsetCommit", 2, 10, 8),
    OFFSET_FETCH(9, "OffsetFetch", 1, 10, 6),
    FIND_COORDINATOR(10, "FindCoordinator", 0, 6, 3),
    JOIN_GROUP(11, "JoinGroup", 0, 9, 6),
    HEARTBEAT(12, "Heartbeat", 0, 4, 4),
    LEAVE_GROUP(13, "LeaveGroup", 0, 5, 4),
    SYNC_GROUP(14, "SyncGroup", 0, 5, 4),
    DESCRIBE_GROUPS(15, "DescribeGroups", 0, 6, 5),
    LIST_GROUPS(16, "ListGroups", 0, 5, 3),
    SASL_HANDSHAKE(17, "SaslHandshake", 0, 1, -1),
    API_VERSIONS(18, "ApiVersions", 0, 4, 3),
    CREATE_TOPICS(19, "CreateTopics", 2, 7, 5),
    DELETE_TOPICS(20, "DeleteTopics", 1, 6, 4),
    DELETE_RECORDS(21, "DeleteRecords", 0, 2, 2),
    INIT_PRODUCER_ID(22, "InitProducerId", 0, 5, 2),  // v6 is unstable in Kafka 4.3
    OFFSET_FOR_LEADER_EPOCH(23, "OffsetForLeaderEpoch", 2, 4, 4),
    ADD_PARTITIONS_TO_TXN(24, "AddPartitionsToTxn", 0, 5, 3),
    ADD_OFFSETS_TO_TXN(25, "AddOffsetsToTxn", 0, 4, 3),
    END_TXN(26, "EndTxn", 0, 5, 3),
    WRITE_TXN_MARKERS(27, "WriteTxnMarkers", 1, 2, 1),
    TXN_OFFSET_COMMIT(28, "TxnOffsetCommit", 0, 5, 3),
    DESCRIBE_ACLS(29, "DescribeAcls", 1, 3, 2),
    CREATE_ACLS(30, "CreateAcls", 1, 3, 2),
    DELETE_ACLS(31, "DeleteAcls", 1, 3, 2),
    DESCRIBE_CONFIGS(32, "DescribeConfigs", 1, 4, 4),
    ALTER_CONFIGS(33, "AlterConfigs", 0, 2, 2),
    ALTER_REPLICA_LOG_DIRS(34, "AlterReplicaLogDirs", 1, 2, 2),
    DESCRIBE_LOG_DIRS(35, "DescribeLogDirs", 1, 5, 2),
    SASL_AUTHENTICATE(36, "SaslAuthenticate", 0, 2, 2),
    CREATE_PARTITIONS(37, "CreatePartitions", 0, 3, 2),
    CREATE_DELEGATION_TOKEN(38, "CreateDelegationToken", 1, 3, 2),
    RENEW_DELEGATION_TOKEN(39, "RenewDelegationToken", 1, 2, 2),
    EXPIRE_DELEGATION_TOKEN(40, "ExpireDelegationToken", 1, 2, 2),
    DESCRIBE_DELEGATION_TOKEN(41, "DescribeDelegationToken", 1, 3, 2),
    DELETE_GROUPS(42, "DeleteGroups", 0, 2, 2),
    ELECT_LEADERS(43, "ElectLeaders", 0, 2, 2),
    INCREMENTAL_ALTER_CONFIGS(44, "IncrementalAlterConfigs", 0, 1, 1),
    ALTER_PARTITION_REASSIGNMENTS(45, "AlterPartitionReassignments", 0, 1, 0),
    LIST_PARTITION_REASSIGNMENTS(46, "ListPartitionReassignments", 0, 0, 0),
    OFFSET_DELETE(47, "OffsetDelete", 0, 0, -1),
    DESCRIBE_CLIENT_QUOTAS(48, "DescribeClientQuotas", 0, 1, 1),
    ALTER_CLIENT_QUOTAS(49, "AlterClientQuotas", 0, 1, 1),
    DESCRIBE_USER_SCRAM_CREDENTIALS(50, "DescribeUserScramCredentials", 0, 0, 0),
    ALTER_USER_SCRAM_CREDENTIALS(51, "AlterUserScramCredentials", 0, 0, 0),
    VOTE(52, "Vote", 0, 2, 0),
    BEGIN_QUORUM_EPOCH(53, "BeginQuorumEpoch", 0, 1, 1),
    END_QUORUM_EPOCH(54, "EndQuorumEpoch", 0, 1, 1),
    DESCRIBE_QUORUM(55, "DescribeQuorum", 0, 2, 0),
    ALTER_PARTITION(56, "AlterPartition", 2, 3, 2),
    UPDATE_FEATURES(57, "UpdateFeatures", 0, 2, 0),
    ENVELOPE(58, "Envelope", 0, 0, 0),
    FETCH_SNAPSHOT(59, "FetchSnapshot", 0, 1, 0),
    DESCRIBE_CLUSTER(60, "DescribeCluster", 0, 2, 0),
    DESCRIBE_PRODUCERS(61, "DescribeProducers", 0, 0, 0),
    BROKER_REGISTRATION(62, "BrokerRegistration", 0, 4, 0),
    BROKER_HEARTBEAT(63, "BrokerHeartbeat", 0, 2, 0),
    UNREGISTER_BROKER(64, "UnregisterBroker", 0, 0, 0),
    DESCRIBE_TRANSACTIONS(65, "DescribeTransactions", 0, 0, 0),
    LIST_TRANSACTIONS(66, "ListTransactions", 0, 2, 0),
    ALLOCATE_PRODUCER_IDS(67, "AllocateProducerIds", 0, 0, 0),
    CONSUMER_GROUP_HEARTBEAT(68, "ConsumerGroupHeartbeat", 0, 1, 0),
    CONSUMER_GROUP_DESCRIBE(69, "ConsumerGroupDescribe", 0, 1, 0),
    CONTROLLER_REGISTRATION(70, "ControllerRegistration", 0, 0, 0),
    GET_TELEMETRY_SUBSCRIPTIONS(71, "GetTelemetrySubscriptions", 0, 0, 0),
    PUSH_TELEMETRY(72, "PushTelemetry", 0, 0, 0),
    ASSIGN_REPLICAS_TO_DIRS(73, "AssignReplicasToDirs", 0, 0, 0),
    LIST_CONFIG_RESOURCES(74, "ListConfigResources", 0, 1, 0),
    DESCRIBE_TOPIC_PARTITIONS(75, "DescribeTopicPartitions", 0, 0, 0),
    SHARE_GROUP_HEARTBEAT(76, "ShareGroupHeartbeat", 1, 1, 1),
    SHARE_GROUP_DESCRIBE(77, "ShareGroupDescribe", 1, 1, 1),
    SHARE_FETCH(78, "ShareFetch", 1, 2, 1),
    SHARE_ACKNOWLEDGE(79, "ShareAcknowledge", 1, 2, 1),
    ADD_RAFT_VOTER(80, "AddRaftVoter", 0, 1, 0),
    REMOVE_RAFT_VOTER(81, "RemoveRaftVoter", 0, 0, 0),
    UPDATE_RAFT_VOTER(82, "UpdateRaftVoter", 0, 0, 0),
    INITIALIZE_SHARE_GROUP_STATE(83, "InitializeShareGroupState", 0, 0, 0),
    READ_SHARE_GROUP_STATE(84, "ReadShareGroupState", 0, 0, 0),
    WRITE_SHARE_GROUP_STATE(85, "WriteShareGroupState", 0, 1, 0),
    DELETE_SHARE_GROUP_STATE(86, "DeleteShareGroupState", 0, 0, 0),
    READ_SHARE_GROUP_STATE_SUMMARY(87, "ReadShareGroupStateSummary", 0, 1, 0),
    STREAMS_GROUP_HEARTBEAT(88, "StreamsGroupHeartbeat", 0, 0, 0),
    STREAMS_GROUP_DESCRIBE(89, "StreamsGroupDescribe", 0, 0, 0),
    DESCRIBE_SHARE_GROUP_OFFSETS(90, "DescribeShareGroupOffsets", 0, 1, 0),
    ALTER_SHARE_GROUP_OFFSETS(91, "AlterShareGroupOffsets", 0, 0, 0),
    DELETE_SHARE_GROUP_OFFSETS(92, "DeleteShareGroupOffsets", 0, 0, 0);

    /** {@link #firstFlexibleVersion} of an API none of whose versions is flexible. */
    public static final short NONE = -1;

    private static final ApiKey[] BY_ID;

    static {
        ApiKey[] keys = values();
        BY_ID = new ApiKey[keys[keys.length - 1].id + 1];
        for (ApiKey key : keys) {
            BY_ID[key.id] = key;
        }
    }

    private final short id;
    private final String kafkaName;
    private final short oldestVersion;
    private final short latestVersion;
    private final short firstFlexibleVersion;

    ApiKey(int id, String kafkaName, int oldestVersion, int latestVersion, int firstFlexibleVersion) {
        this.id = (short) id;
        this.kafkaName = kafkaName;
        this.oldestVersion = (short) oldestVersion;
        this.latestVersion = (short) latestVersion;
        this.firstFlexibleVersion = (short) firstFlexibleVersion;
    }

    /** The key with this id, or null if Kafka defines none. */
    public static ApiKey forId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    public short id() {
        return id;
    }

    /** The API's name in Kafka's protocol documentation, e.g. "Produce". */
    public String kafkaName() {
        return kafkaName;
    }

    public short oldestVersion() {
        return oldestVersion;
    }

    /** The latest stable version (Kafka's {@code ApiKeys.latestVersion(false)}). */
    public short latestVersion() {
        return latestVersion;
    }

    /**
     * The first version (within {@link #oldestVersion()} and later) whose messages carry tagged
     * fields, or {@link #NONE}.
     */
    public short firstFlexibleVersion() {
        return firstFlexibleVersion;
    }

    /** False for the APIs Kafka 4 removed (LeaderAndIsr, StopReplica, UpdateMetadata, ControlledShutdown). */
    public boolean hasVersions() {
        return oldestVersion <= latestVersion;
    }

    /**
     * The request header version of a request of this API at {@code apiVersion}: 2 for flexible
     * versions, else 1. Like Kafka's generated code, an API all of whose versions are flexible
     * answers 2 for any version.
     */
    public short requestHeaderVersion(short apiVersion) {
        if (!hasVersions()) {
            throw new UnsupportedVersionException("Unsupported API key " + id);
        }
        if (firstFlexibleVersion == NONE) {
            return 1;
        }
        return firstFlexibleVersion <= oldestVersion || apiVersion >= firstFlexibleVersion ? (short) 2 : 1;
    }

    /**
     * The response header version: 1 for flexible versions, else 0. ApiVersions always answers with
     * a v0 header, so that a client can read the response whichever version it asked for (KIP-511).
     */
    public short responseHeaderVersion(short apiVersion) {
        short requestHeaderVersion = requestHeaderVersion(apiVersion);
        return this == API_VERSIONS ? 0 : (short) (requestHeaderVersion - 1);
    }
}
