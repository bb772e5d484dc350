package io.brook.protocol.api.txn;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.error.ErrorCode;
import io.brook.core.txn.TransactionCoordinator;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * EndTxn v0-5: commit or abort. Answers once PREPARE_* is durable (the markers follow). Brook runs
 * transactions version 1, so a v5 response carries the producer's unchanged id and epoch.
 */
@KafkaApi(value = ApiKey.END_TXN, min = 0, max = 5)
public final class EndTxnHandler implements SyncApiHandler<EndTxnRequestData> {
    private final TransactionCoordinator coordinator;

    public EndTxnHandler(TransactionCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, EndTxnRequestData request) {
        ErrorCode error = coordinator.endTxn(request.transactionalId(), request.producerId(), request.producerEpoch(),
                request.committed());
        EndTxnResponseData response = new EndTxnResponseData()
                .setErrorCode(TxnErrors.code(error, context.apiVersion(), (short) 2));
        if (error == ErrorCode.NONE) {
            response.setProducerId(request.producerId()).setProducerEpoch(request.producerEpoch());
        }
        return response;
    }
}
