package io.brook.protocol.api.txn;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.error.ErrorCode;
import io.brook.core.partition.PartitionManager;
import io.brook.core.partition.TopicPartition;
import io.brook.core.txn.TransactionCoordinator;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResultCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResultCollection;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * AddPartitionsToTxn v0-5: the client form (v0-3, one transaction) and the broker form (v4+, a batch of
 * transactions, each possibly verify_only — the KIP-890 verification a partition leader asks for). Unknown
 * partitions fail with UNKNOWN_TOPIC_OR_PARTITION and the others of that transaction get
 * OPERATION_NOT_ATTEMPTED, as in Kafka.
 */
@KafkaApi(value = ApiKey.ADD_PARTITIONS_TO_TXN, min = 0, max = 5)
public final class AddPartitionsToTxnHandler implements SyncApiHandler<AddPartitionsToTxnRequestData> {
    private final TransactionCoordinator coordinator;
    private final PartitionManager partitions;

    public AddPartitionsToTxnHandler(TransactionCoordinator coordinator, PartitionManager partitions) {
        this.coordinator = coordinator;
        this.partitions = partitions;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, AddPartitionsToTxnRequestData request) {
        short version = context.apiVersion();
        AddPartitionsToTxnResponseData response = new AddPartitionsToTxnResponseData();
        if (version < 4) {
            Map<TopicPartition, ErrorCode> result = handle(request.v3AndBelowTransactionalId(),
                    request.v3AndBelowProducerId(), request.v3AndBelowProducerEpoch(), false,
                    request.v3AndBelowTopics());
            return response.setResultsByTopicV3AndBelow(toTopicResults(result, version));
        }
        AddPartitionsToTxnResponseData.AddPartitionsToTxnResultCollection results =
                new AddPartitionsToTxnResponseData.AddPartitionsToTxnResultCollection();
        for (AddPartitionsToTxnTransaction txn : request.transactions()) {
            Map<TopicPartition, ErrorCode> result = handle(txn.transactionalId(), txn.producerId(),
                    txn.producerEpoch(), txn.verifyOnly(), txn.topics());
            results.add(new AddPartitionsToTxnResult().setTransactionalId(txn.transactionalId())
                    .setTopicResults(toTopicResults(result, version)));
        }
        return response.setResultsByTransaction(results);
    }

    private Map<TopicPartition, ErrorCode> handle(String txnId, long pid, short epoch, boolean verifyOnly,
                                                  AddPartitionsToTxnTopicCollection topics) {
        Map<TopicPartition, ErrorCode> result = new LinkedHashMap<>();
        List<TopicPartition> wanted = new ArrayList<>();
        boolean unknown = false;
        for (AddPartitionsToTxnTopic topic : topics) {
            for (int p : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), p);
                wanted.add(tp);
                if (partitions.partition(tp).isEmpty()) {
                    result.put(tp, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
                    unknown = true;
                }
            }
        }
        if (unknown) {
            for (TopicPartition tp : wanted) {
                result.putIfAbsent(tp, ErrorCode.OPERATION_NOT_ATTEMPTED);
            }
            return result;
        }
        if (verifyOnly) {
            for (TopicPartition tp : wanted) {
                result.put(tp, coordinator.verify(txnId, pid, epoch, tp));
            }
            return result;
        }
        ErrorCode error = coordinator.addPartitions(txnId, pid, epoch, wanted);
        wanted.forEach(tp -> result.put(tp, error));
        return result;
    }

    private static AddPartitionsToTxnTopicResultCollection toTopicResults(Map<TopicPartition, ErrorCode> result,
                                                                          short version) {
        Map<String, AddPartitionsToTxnPartitionResultCollection> byTopic = new LinkedHashMap<>();
        result.forEach((tp, error) -> byTopic.computeIfAbsent(tp.topic(),
                t -> new AddPartitionsToTxnPartitionResultCollection()).add(new AddPartitionsToTxnPartitionResult()
                .setPartitionIndex(tp.partition()).setPartitionErrorCode(TxnErrors.code(error, version, (short) 2))));
        AddPartitionsToTxnTopicResultCollection out = new AddPartitionsToTxnTopicResultCollection();
        byTopic.forEach((topic, parts) -> out.add(new AddPartitionsToTxnTopicResult().setName(topic)
                .setResultsByPartition(parts)));
        return out;
    }

    static Errors errors(ErrorCode e) {
        return Errors.forCode(e.code());
    }
}
