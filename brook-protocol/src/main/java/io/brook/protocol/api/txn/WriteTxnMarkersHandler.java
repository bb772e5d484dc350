package io.brook.protocol.api.txn;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.partition.TopicPartition;
import io.brook.core.txn.TxnMarkerWriter;
import io.brook.protocol.codec.ErrorMapping;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarker;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarkerTopic;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerPartitionResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * WriteTxnMarkers v1-2: the coordinator-to-leader request that writes commit / abort markers (control
 * batches) to partitions this broker leads, completing transactional offsets on {@code __consumer_offsets}.
 * Brook's own coordinator calls the same {@link TxnMarkerWriter} directly.
 */
@KafkaApi(value = ApiKey.WRITE_TXN_MARKERS, min = 1, max = 2)
public final class WriteTxnMarkersHandler implements SyncApiHandler<WriteTxnMarkersRequestData> {
    private final TxnMarkerWriter markers;
    private final io.brook.core.partition.PartitionManager partitions;

    public WriteTxnMarkersHandler(TxnMarkerWriter markers, io.brook.core.partition.PartitionManager partitions) {
        this.markers = markers;
        this.partitions = partitions;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, WriteTxnMarkersRequestData request) {
        WriteTxnMarkersResponseData response = new WriteTxnMarkersResponseData();
        for (WritableTxnMarker marker : request.markers()) {
            WritableTxnMarkerResult result = new WritableTxnMarkerResult().setProducerId(marker.producerId());
            for (WritableTxnMarkerTopic topic : marker.topics()) {
                WritableTxnMarkerTopicResult t = new WritableTxnMarkerTopicResult().setName(topic.name());
                for (int p : topic.partitionIndexes()) {
                    TopicPartition tp = new TopicPartition(topic.name(), p);
                    Errors error = Errors.NONE;
                    if (partitions.partition(tp).isEmpty()) {
                        error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
                    } else {
                        try {
                            markers.writeMarker(tp, marker.producerId(), marker.producerEpoch(),
                                    marker.coordinatorEpoch(), marker.transactionResult());
                        } catch (RuntimeException e) {
                            error = ErrorMapping.toErrors(e);
                        }
                    }
                    t.partitions().add(new WritableTxnMarkerPartitionResult().setPartitionIndex(p)
                            .setErrorCode(error.code()));
                }
                result.topics().add(t);
            }
            response.markers().add(result);
        }
        return response;
    }
}
