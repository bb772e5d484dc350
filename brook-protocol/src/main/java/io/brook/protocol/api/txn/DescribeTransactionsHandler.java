package io.brook.protocol.api.txn;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.partition.TopicPartition;
import io.brook.core.txn.TransactionCoordinator;
import io.brook.core.txn.TxnMetadata;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TopicData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TransactionState;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/** DescribeTransactions v0: state, producer, timeout, start time and partitions of each transactional id. */
@KafkaApi(value = ApiKey.DESCRIBE_TRANSACTIONS, min = 0, max = 0)
public final class DescribeTransactionsHandler implements SyncApiHandler<DescribeTransactionsRequestData> {
    private final TransactionCoordinator coordinator;

    public DescribeTransactionsHandler(TransactionCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, DescribeTransactionsRequestData request) {
        DescribeTransactionsResponseData response = new DescribeTransactionsResponseData();
        for (String id : request.transactionalIds()) {
            TransactionState state = new TransactionState().setTransactionalId(id).setTransactionState("")
                    .setProducerId(-1).setProducerEpoch((short) -1).setTransactionStartTimeMs(-1);
            Optional<TxnMetadata> m = id == null || id.isEmpty() ? Optional.empty() : coordinator.describe(id);
            if (m.isEmpty()) {
                state.setErrorCode(Errors.TRANSACTIONAL_ID_NOT_FOUND.code());
            } else {
                TxnMetadata t = m.get();
                state.setTransactionState(t.state().kafkaName()).setTransactionTimeoutMs(t.timeoutMs())
                        .setTransactionStartTimeMs(t.startTimestampMs()).setProducerId(t.producerId())
                        .setProducerEpoch(t.producerEpoch());
                Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
                for (TopicPartition tp : t.partitions()) {
                    byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>()).add(tp.partition());
                }
                byTopic.forEach((topic, parts) -> state.topics().add(new TopicData().setTopic(topic).setPartitions(parts)));
            }
            response.transactionStates().add(state);
        }
        return response;
    }
}
