package io.brook.protocol.api.txn;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.error.ErrorCode;
import io.brook.core.txn.TransactionCoordinator;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.protocol.ApiMessage;

/** AddOffsetsToTxn v0-4: adds the group's {@code __consumer_offsets} partition to the transaction. */
@KafkaApi(value = ApiKey.ADD_OFFSETS_TO_TXN, min = 0, max = 4)
public final class AddOffsetsToTxnHandler implements SyncApiHandler<AddOffsetsToTxnRequestData> {
    private final TransactionCoordinator coordinator;

    public AddOffsetsToTxnHandler(TransactionCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, AddOffsetsToTxnRequestData request) {
        ErrorCode error = coordinator.addOffsets(request.transactionalId(), request.producerId(),
                request.producerEpoch(), request.groupId());
        return new AddOffsetsToTxnResponseData().setErrorCode(TxnErrors.code(error, context.apiVersion(), (short) 2));
    }
}
