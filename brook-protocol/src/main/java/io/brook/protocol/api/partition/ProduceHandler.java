package io.brook.protocol.api.partition;

import io.brook.protocol.api.TopicResolver;
import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.partition.Partition;
import io.brook.core.partition.PartitionManager;
import io.brook.metadata.image.TopicImage;
import io.brook.protocol.codec.ErrorMapping;
import io.brook.protocol.handler.CloseConnectionException;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import io.brook.storage.AppendResult;
import io.brook.core.error.ErrorCode;
import io.brook.core.partition.TopicPartition;
import io.brook.core.txn.TransactionCoordinator;
import io.brook.storage.record.BatchHeader;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Produce: appends each partition's batches as they arrived (wire format, offsets patched in
 * place by the log). acks=0 gets no response at all.
 */
@KafkaApi(value = ApiKey.PRODUCE, min = 3, max = 13)
public final class ProduceHandler implements SyncApiHandler<ProduceRequestData> {

    private final PartitionManager partitions;
    private final TopicResolver topics;
    private final TransactionCoordinator transactions;

    public ProduceHandler(PartitionManager partitions, TopicResolver topics) {
        this(partitions, topics, null);
    }

    /** With a transaction coordinator, transactional batches are verified against their transaction. */
    public ProduceHandler(PartitionManager partitions, TopicResolver topics, TransactionCoordinator transactions) {
        this.partitions = partitions;
        this.topics = topics;
        this.transactions = transactions;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, ProduceRequestData request) {
        short acks = request.acks();
        ProduceResponseData response = new ProduceResponseData();
        for (TopicProduceData topicData : request.topicData()) {
            Optional<TopicImage> topic = topics.resolve(topicData.name(), topicData.topicId());
            TopicProduceResponse topicResponse = new TopicProduceResponse()
                    .setName(topicData.name()).setTopicId(topicData.topicId());
            for (PartitionProduceData partitionData : topicData.partitionData()) {
                PartitionProduceResponse partitionResponse = new PartitionProduceResponse()
                        .setIndex(partitionData.index())
                        .setBaseOffset(-1)
                        .setLogAppendTimeMs(-1)
                        .setLogStartOffset(-1);
                if (acks != 0 && acks != 1 && acks != -1) {
                    partitionResponse.setErrorCode(Errors.INVALID_REQUIRED_ACKS.code());
                } else if (topic.isEmpty()) {
                    Errors error = topicData.name() == null || topicData.name().isEmpty()
                            ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
                    partitionResponse.setErrorCode(error.code());
                } else {
                    append(topic.get().name(), partitionData, partitionResponse, request.transactionalId());
                }
                topicResponse.partitionResponses().add(partitionResponse);
            }
            response.responses().add(topicResponse);
        }
        if (acks == 0) {
            // No response for acks=0; a failure closes the connection, which is how Kafka tells the client.
            boolean failed = response.responses().stream().flatMap(t -> t.partitionResponses().stream())
                    .anyMatch(p -> p.errorCode() != Errors.NONE.code());
            if (failed) {
                throw new CloseConnectionException("acks=0 produce failed; closing the connection as Kafka does");
            }
            return null;
        }
        return response;
    }

    private void append(String topic, PartitionProduceData data, PartitionProduceResponse response,
                        String transactionalId) {
        Optional<Partition> partition = partitions.partition(topic, data.index());
        if (partition.isEmpty()) {
            response.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            return;
        }
        if (!(data.records() instanceof MemoryRecords records) || records.sizeInBytes() == 0) {
            response.setErrorCode(Errors.INVALID_RECORD.code()).setErrorMessage("Produce request has no records");
            return;
        }
        try {
            BatchHeader first = transactionalBatch(records.buffer());
            if (first != null && transactions != null) {
                appendVerified(new TopicPartition(topic, data.index()), partition.get(), records, first,
                        transactionalId, response);
                return;
            }
            AppendResult result = partition.get().appendAsLeader(records.buffer());
            response.setBaseOffset(result.firstOffset())
                    .setLogAppendTimeMs(result.logAppendTimeMs())
                    .setLogStartOffset(result.logStartOffset());
        } catch (Exception e) {
            var error = ErrorMapping.toApiException(e);
            response.setErrorCode(Errors.forException(error).code()).setErrorMessage(error.getMessage())
                    .setLogStartOffset(partition.get().logStartOffset());
        }
    }

    /** The first batch if it is a transactional v2 batch, else null. */
    private static BatchHeader transactionalBatch(ByteBuffer buf) {
        if (buf.remaining() < BatchHeader.HEADER_SIZE) {
            return null;
        }
        BatchHeader h = BatchHeader.at(buf, buf.position());
        return h.magic() == BatchHeader.MAGIC_V2 && h.isTransactional() ? h : null;
    }

    /**
     * Transactional produce: appended only if the producer's transaction is ongoing and holds the partition
     * (AddPartitionsToTxn came first), atomically with respect to the transaction's markers. This is the
     * partition verification of KIP-890 part 1: a late write can never land after a commit or abort.
     */
    private void appendVerified(TopicPartition tp, Partition partition, MemoryRecords records, BatchHeader first,
                                String transactionalId, PartitionProduceResponse response) {
        if (transactionalId == null) {
            response.setErrorCode(Errors.INVALID_TXN_STATE.code())
                    .setErrorMessage("transactional records without a transactional.id");
            return;
        }
        AppendResult[] result = new AppendResult[1];
        RuntimeException[] failure = new RuntimeException[1];
        ErrorCode error = transactions.runVerified(transactionalId, first.producerId(), first.producerEpoch(), tp, () -> {
            try {
                result[0] = partition.appendAsLeader(records.buffer());
            } catch (Exception e) {
                failure[0] = e instanceof RuntimeException re ? re : new java.io.UncheckedIOException(
                        e.getMessage(), e instanceof java.io.IOException io ? io : new java.io.IOException(e));
            }
        });
        if (error != ErrorCode.NONE) {
            response.setErrorCode(error.code()).setErrorMessage("transaction verification failed for " + tp)
                    .setLogStartOffset(partition.logStartOffset());
            return;
        }
        if (failure[0] != null) {
            var apiError = ErrorMapping.toApiException(failure[0] instanceof java.io.UncheckedIOException u
                    ? u.getCause() : failure[0]);
            response.setErrorCode(Errors.forException(apiError).code()).setErrorMessage(apiError.getMessage())
                    .setLogStartOffset(partition.logStartOffset());
            return;
        }
        response.setBaseOffset(result[0].firstOffset())
                .setLogAppendTimeMs(result[0].logAppendTimeMs())
                .setLogStartOffset(result[0].logStartOffset());
    }
}
