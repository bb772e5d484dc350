package io.brook.protocol.api;

import io.brook.protocol.api.config.DescribeConfigsHandler;
import io.brook.protocol.api.config.IncrementalAlterConfigsHandler;
import io.brook.protocol.api.partition.DeleteRecordsHandler;
import io.brook.protocol.api.partition.OffsetForLeaderEpochHandler;
import io.brook.protocol.api.topic.CreatePartitionsHandler;
import io.brook.protocol.api.topic.CreateTopicsHandler;
import io.brook.protocol.api.topic.DescribeTopicPartitionsHandler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.core.config.BrookConfig;
import io.brook.core.config.TopicConfigResolver;
import io.brook.core.controller.ClusterController;
import io.brook.core.controller.NewTopic;
import io.brook.core.log.DataDirectory;
import io.brook.core.partition.PartitionManager;
import io.brook.metadata.log.FileMetadataLog;
import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.RequestHeader;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminHandlersTest {

    private static final byte TOPIC = 2;
    private static final byte BROKER = 4;

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private BrookConfig config;
    private ClusterController controller;
    private PartitionManager partitions;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : reversed(open)) {
            c.close();
        }
    }

    private static List<AutoCloseable> reversed(List<AutoCloseable> list) {
        List<AutoCloseable> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private void start() throws Exception {
        config = BrookConfig.parse(Map.of("log.dirs", dir.resolve("data").toString(), "log.retention.hours", "100"));
        DataDirectory data = DataDirectory.open(dir.resolve("data"), 1, null);
        open.add(data);
        FileMetadataLog log = new FileMetadataLog(dir.resolve("meta"));
        open.add(log);
        partitions = new PartitionManager(1, List.of(data), new TopicConfigResolver(config), Clock.systemUTC());
        open.add(partitions);
        controller = new ClusterController(log, config, partitions::onImage);
        controller.start();
    }

    private void restart() throws Exception {
        close();
        open.clear();
        start();
    }

    private static RequestContext context(ApiKey key, short version) {
        return new RequestContext(new RequestHeader(key, version, "test", 1), null, "PLAINTEXT", "c1");
    }

    private DescribeConfigsResponseData.DescribeConfigsResult describe(byte type, String name, boolean synonyms) {
        DescribeConfigsRequestData request = new DescribeConfigsRequestData().setIncludeSynonyms(synonyms)
                .setIncludeDocumentation(true);
        request.resources().add(new DescribeConfigsResource().setResourceType(type).setResourceName(name)
                .setConfigurationKeys(null));
        var response = (DescribeConfigsResponseData) new DescribeConfigsHandler(controller, config)
                .handleNow(context(ApiKey.DESCRIBE_CONFIGS, (short) 4), request);
        return response.results().get(0);
    }

    private static DescribeConfigsResourceResult entry(DescribeConfigsResponseData.DescribeConfigsResult result,
                                                       String name) {
        return result.configs().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse alter(byte type, String name,
                                                                                   AlterableConfig... configs) {
        IncrementalAlterConfigsRequestData request = new IncrementalAlterConfigsRequestData();
        AlterConfigsResource resource = new AlterConfigsResource().setResourceType(type).setResourceName(name);
        for (AlterableConfig c : configs) {
            resource.configs().add(c);
        }
        request.resources().add(resource);
        var response = (IncrementalAlterConfigsResponseData) new IncrementalAlterConfigsHandler(controller)
                .handleNow(context(ApiKey.INCREMENTAL_ALTER_CONFIGS, (short) 1), request);
        return response.responses().get(0);
    }

    private static AlterableConfig op(String key, int op, String value) {
        return new AlterableConfig().setName(key).setConfigOperation((byte) op).setValue(value);
    }

    @Test
    void describesTopicConfigsWithKafkaSourcesAndSynonyms() throws Exception {
        start();
        controller.createTopic(new NewTopic("t", 1, (short) 1, Map.of(), Map.of("segment.bytes", "1048576")), false);

        var result = describe(TOPIC, "t", true);

        assertThat(result.errorCode()).isZero();
        var segment = entry(result, "segment.bytes");
        assertThat(segment.value()).isEqualTo("1048576");
        assertThat(segment.configSource()).isEqualTo(ConfigSource.TOPIC_CONFIG.id());
        assertThat(segment.synonyms()).extracting(s -> s.name() + "=" + s.value() + "@" + s.source())
                .containsExactly("segment.bytes=1048576@" + ConfigSource.TOPIC_CONFIG.id(),
                        "log.segment.bytes=1073741824@" + ConfigSource.DEFAULT_CONFIG.id());
        assertThat(segment.configType()).isEqualTo((byte) 3);
        assertThat(segment.documentation()).isNotBlank();
        // log.retention.hours=100 in server.properties: value derived, and Kafka's chain for retention.ms is empty.
        var retention = entry(result, "retention.ms");
        assertThat(retention.value()).isEqualTo(String.valueOf(100 * 3_600_000L));
        assertThat(retention.configSource()).isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
        assertThat(retention.synonyms()).isEmpty();

        assertThat(describe(TOPIC, "missing", false).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        var wrongBroker = describe(BROKER, "7", false);
        assertThat(wrongBroker.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(wrongBroker.errorMessage()).isEqualTo(
                "Unexpected broker id, expected 1 or empty string, but received 7");
        var broker = describe(BROKER, "1", true);
        assertThat(entry(broker, "log.retention.hours").configSource())
                .isEqualTo(ConfigSource.STATIC_BROKER_CONFIG.id());
        assertThat(entry(broker, "num.partitions").readOnly()).isTrue();
    }

    @Test
    void incrementalAlterConfigsPersistsAndReachesTheLog() throws Exception {
        start();
        controller.createTopic(new NewTopic("t", 1, (short) 1, Map.of(), Map.of()), false);

        assertThat(alter(TOPIC, "t", op("retention.ms", 0, "3600000"), op("cleanup.policy", 2, "compact"))
                .errorCode()).isZero();
        assertThat(partitions.partition("t", 0).orElseThrow().log().config().retentionMs()).isEqualTo(3_600_000L);

        var notList = alter(TOPIC, "t", op("retention.ms", 2, "1"));
        assertThat(notList.errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
        assertThat(notList.errorMessage()).isEqualTo("Can't APPEND to key retention.ms because its type is not LIST.");
        var invalid = alter(TOPIC, "t", op("segment.bytes", 0, "1"));
        assertThat(invalid.errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
        assertThat(invalid.errorMessage()).contains("segment.bytes");
        assertThat(alter(TOPIC, "nope", op("retention.ms", 0, "1")).errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(alter(TOPIC, "t", op("retention.ms", 0, "1"), op("retention.ms", 1, null)).errorMessage())
                .isEqualTo("Error due to duplicate config keys");
        assertThat(alter(BROKER, "", op("log.segment.bytes", 0, "2000000")).errorCode()).isZero();

        restart();

        var described = describe(TOPIC, "t", false);
        assertThat(entry(described, "retention.ms").value()).isEqualTo("3600000");
        assertThat(entry(described, "cleanup.policy").value()).isEqualTo("delete,compact");
        assertThat(entry(described, "segment.bytes").configSource())
                .isEqualTo(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG.id());
        assertThat(partitions.partition("t", 0).orElseThrow().log().config().segmentBytes()).isEqualTo(2_000_000);

        assertThat(alter(TOPIC, "t", op("retention.ms", 1, null), op("cleanup.policy", 3, "compact")).errorCode())
                .isZero();
        assertThat(controller.image().topic("t").orElseThrow().configs()).containsExactly(
                Map.entry("cleanup.policy", "delete"));
    }

    /** kafka-python shows error_message; Kafka sends null (not the generated default "") on success. */
    @Test
    void createTopicsSuccessHasANullErrorMessageLikeKafka() throws Exception {
        start();
        var handler = new CreateTopicsHandler(controller, new TopicConfigResolver(config));
        for (boolean validateOnly : new boolean[] {true, false}) {
            CreateTopicsRequestData request = new CreateTopicsRequestData().setValidateOnly(validateOnly);
            request.topics().add(new CreateTopicsRequestData.CreatableTopic().setName("ok").setNumPartitions(1)
                    .setReplicationFactor((short) 1));
            var response = (CreateTopicsResponseData) handler.handleNow(context(ApiKey.CREATE_TOPICS, (short) 3),
                    request);
            assertThat(response.topics().find("ok").errorCode()).isZero();
            assertThat(response.topics().find("ok").errorMessage()).as("validateOnly=%s", validateOnly).isNull();
        }
        CreateTopicsRequestData again = new CreateTopicsRequestData();
        again.topics().add(new CreateTopicsRequestData.CreatableTopic().setName("ok").setNumPartitions(1)
                .setReplicationFactor((short) 1));
        var response = (CreateTopicsResponseData) handler.handleNow(context(ApiKey.CREATE_TOPICS, (short) 3), again);
        assertThat(response.topics().find("ok").errorCode()).isEqualTo(Errors.TOPIC_ALREADY_EXISTS.code());
        assertThat(response.topics().find("ok").errorMessage()).isNotNull();
    }

    @Test
    void createTopicsAnswersEachTopicOfAMixedRequest() throws Exception {
        start();
        var handler = new CreateTopicsHandler(controller, new TopicConfigResolver(config));
        CreateTopicsRequestData request = new CreateTopicsRequestData();
        for (String name : List.of("a", "dup", "bad name", "dup", "b")) {
            request.topics().add(new CreateTopicsRequestData.CreatableTopic().setName(name).setNumPartitions(2)
                    .setReplicationFactor((short) 1));
        }
        request.topics().find("b").configs().add(new CreateTopicsRequestData.CreatableTopicConfig()
                .setName("retention.ms").setValue("1000"));
        var response = (CreateTopicsResponseData) handler.handleNow(context(ApiKey.CREATE_TOPICS, (short) 5),
                request);

        assertThat(response.topics()).extracting(CreateTopicsResponseData.CreatableTopicResult::name)
                .containsExactly("a", "dup", "bad name", "b");
        assertThat(response.topics().find("a").errorCode()).isZero();
        assertThat(response.topics().find("a").numPartitions()).isEqualTo(2);
        assertThat(response.topics().find("dup").errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(response.topics().find("bad name").errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        var b = response.topics().find("b");
        assertThat(b.errorCode()).isZero();
        assertThat(b.topicId()).isEqualTo(Uuids.toKafka(controller.image().topic("b").orElseThrow().id()));
        assertThat(b.configs().stream().filter(c -> c.name().equals("retention.ms")).findFirst().orElseThrow()
                .value()).isEqualTo("1000");
        assertThat(controller.image().topicsByName()).containsOnlyKeys("a", "b");
    }

    @Test
    void createPartitionsAnswersKafkasMessages() throws Exception {
        start();
        controller.createTopic(new NewTopic("t", 2, (short) 1, Map.of(), Map.of()), false);
        CreatePartitionsRequestData request = new CreatePartitionsRequestData();
        request.topics().add(new CreatePartitionsTopic().setName("t").setCount(2).setAssignments(null));
        request.topics().add(new CreatePartitionsTopic().setName("x").setCount(2).setAssignments(null));
        var handler = new CreatePartitionsHandler(controller);
        var response = (CreatePartitionsResponseData) handler.handleNow(context(ApiKey.CREATE_PARTITIONS, (short) 3),
                request);
        assertThat(response.results()).extracting(r -> r.errorCode() + ":" + r.errorMessage()).containsExactly(
                Errors.INVALID_PARTITIONS.code() + ":Topic already has 2 partition(s).",
                Errors.UNKNOWN_TOPIC_OR_PARTITION.code() + ":null");

        request = new CreatePartitionsRequestData();
        request.topics().add(new CreatePartitionsTopic().setName("t").setCount(4)
                .setAssignments(List.of(new CreatePartitionsAssignment().setBrokerIds(List.of(1)))));
        response = (CreatePartitionsResponseData) handler.handleNow(context(ApiKey.CREATE_PARTITIONS, (short) 3),
                request);
        assertThat(response.results().get(0).errorMessage())
                .isEqualTo("Attempted to add 2 additional partition(s), but only 1 assignment(s) were specified.");

        request = new CreatePartitionsRequestData().setValidateOnly(true);
        request.topics().add(new CreatePartitionsTopic().setName("t").setCount(5).setAssignments(null));
        handler.handleNow(context(ApiKey.CREATE_PARTITIONS, (short) 3), request);
        assertThat(controller.image().topic("t").orElseThrow().partitionCount()).isEqualTo(2);

        request = new CreatePartitionsRequestData();
        request.topics().add(new CreatePartitionsTopic().setName("t").setCount(5).setAssignments(null));
        response = (CreatePartitionsResponseData) handler.handleNow(context(ApiKey.CREATE_PARTITIONS, (short) 3),
                request);
        assertThat(response.results().get(0).errorCode()).isZero();
        assertThat(partitions.partition("t", 4)).isPresent();
    }

    @Test
    void describeTopicPartitionsPaginatesLikeKafka() throws Exception {
        start();
        controller.createTopic(new NewTopic("b", 3, (short) 1, Map.of(), Map.of()), false);
        controller.createTopic(new NewTopic("a", 2, (short) 1, Map.of(), Map.of()), false);
        controller.createTopic(new NewTopic("c", 1, (short) 1, Map.of(), Map.of()), false);
        var handler = new DescribeTopicPartitionsHandler(controller);
        var ctx = context(ApiKey.DESCRIBE_TOPIC_PARTITIONS, (short) 0);

        var page1 = (DescribeTopicPartitionsResponseData) handler.handleNow(ctx,
                new DescribeTopicPartitionsRequestData().setResponsePartitionLimit(3));
        assertThat(page1.topics()).extracting(t -> t.name() + "/" + t.partitions().size())
                .containsExactly("a/2", "b/1");
        assertThat(page1.nextCursor().topicName()).isEqualTo("b");
        assertThat(page1.nextCursor().partitionIndex()).isEqualTo(1);

        var page2 = (DescribeTopicPartitionsResponseData) handler.handleNow(ctx,
                new DescribeTopicPartitionsRequestData().setResponsePartitionLimit(2).setCursor(
                        new DescribeTopicPartitionsRequestData.Cursor().setTopicName("b").setPartitionIndex(1)));
        assertThat(page2.topics()).extracting(t -> t.name() + "/" + t.partitions().get(0).partitionIndex())
                .containsExactly("b/1");
        assertThat(page2.nextCursor().topicName()).isEqualTo("c");
        assertThat(page2.nextCursor().partitionIndex()).isZero();

        var named = new DescribeTopicPartitionsRequestData();
        named.topics().add(new DescribeTopicPartitionsRequestData.TopicRequest().setName("zz"));
        named.topics().add(new DescribeTopicPartitionsRequestData.TopicRequest().setName("c"));
        var response = (DescribeTopicPartitionsResponseData) handler.handleNow(ctx, named);
        assertThat(response.topics()).extracting(t -> t.name() + ":" + t.errorCode())
                .containsExactly("c:0", "zz:" + Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(response.nextCursor()).isNull();

        named.setCursor(new DescribeTopicPartitionsRequestData.Cursor().setTopicName("a"));
        assertThatThrownBy(() -> handler.handleNow(ctx, named)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void deleteRecordsAndOffsetForLeaderEpoch() throws Exception {
        start();
        controller.createTopic(new NewTopic("t", 1, (short) 1, Map.of(), Map.of()), false);
        var partition = partitions.partition("t", 0).orElseThrow();
        for (int i = 0; i < 5; i++) {
            MemoryRecords records = MemoryRecords.withRecords(org.apache.kafka.common.compress.Compression.NONE,
                    new SimpleRecord(("v" + i).getBytes()));
            partition.appendAsLeader(records.buffer().duplicate());
        }

        var deleteRequest = new DeleteRecordsRequestData();
        deleteRequest.topics().add(new DeleteRecordsRequestData.DeleteRecordsTopic().setName("t").setPartitions(List.of(
                new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(0).setOffset(3),
                new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(1).setOffset(3))));
        var deleteHandler = new DeleteRecordsHandler(partitions, controller, new TopicConfigResolver(config), 1);
        var deleted = (DeleteRecordsResponseData) deleteHandler.handleNow(context(ApiKey.DELETE_RECORDS, (short) 2),
                deleteRequest);
        var results = deleted.topics().find("t").partitions();
        assertThat(results.find(0).lowWatermark()).isEqualTo(3);
        assertThat(results.find(1).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());

        deleteRequest.topics().clear();
        deleteRequest.topics().add(new DeleteRecordsRequestData.DeleteRecordsTopic().setName("t").setPartitions(List.of(
                new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(0).setOffset(6))));
        deleted = (DeleteRecordsResponseData) deleteHandler.handleNow(context(ApiKey.DELETE_RECORDS, (short) 2),
                deleteRequest);
        assertThat(deleted.topics().find("t").partitions().find(0).errorCode())
                .isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code());
        assertThat(partition.logStartOffset()).isEqualTo(3);

        var epochHandler = new OffsetForLeaderEpochHandler(partitions);
        var request = new OffsetForLeaderEpochRequestData().setReplicaId(-1);
        var topic = new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic("t");
        topic.partitions().add(new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(0)
                .setCurrentLeaderEpoch(0).setLeaderEpoch(0));
        request.topics().add(topic);
        var response = (OffsetForLeaderEpochResponseData) epochHandler.handleNow(
                context(ApiKey.OFFSET_FOR_LEADER_EPOCH, (short) 4), request);
        var result = response.topics().find("t").partitions().get(0);
        assertThat(result.errorCode()).isZero();
        assertThat(result.leaderEpoch()).isZero();
        assertThat(result.endOffset()).isEqualTo(5);

        topic.partitions().get(0).setCurrentLeaderEpoch(3);
        response = (OffsetForLeaderEpochResponseData) epochHandler.handleNow(
                context(ApiKey.OFFSET_FOR_LEADER_EPOCH, (short) 4), request);
        assertThat(response.topics().find("t").partitions().get(0).errorCode())
                .isEqualTo(Errors.UNKNOWN_LEADER_EPOCH.code());
        topic.partitions().get(0).setCurrentLeaderEpoch(-1).setLeaderEpoch(2);
        response = (OffsetForLeaderEpochResponseData) epochHandler.handleNow(
                context(ApiKey.OFFSET_FOR_LEADER_EPOCH, (short) 4), request);
        assertThat(response.topics().find("t").partitions().get(0).endOffset()).isEqualTo(-1);
    }
}
