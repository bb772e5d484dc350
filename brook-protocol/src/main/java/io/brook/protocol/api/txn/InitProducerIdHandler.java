package io.brook.protocol.api.txn;

import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.core.producer.ProducerIdManager;
import io.brook.core.txn.TransactionCoordinator;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * InitProducerId v0-6. Without a transactional.id: a fresh producer id with epoch 0 (idempotent producer).
 * With one: the transaction coordinator's answer — a new id, or an epoch bump that fences the previous
 * producer and aborts its pending transaction.
 */
@KafkaApi(value = ApiKey.INIT_PRODUCER_ID, min = 0, max = 5) // v6 (KIP-939 two-phase commit) is unstable in Kafka 4.3
public final class InitProducerIdHandler implements SyncApiHandler<InitProducerIdRequestData> {

    private final ProducerIdManager producerIds;
    private final TransactionCoordinator coordinator;

    public InitProducerIdHandler(ProducerIdManager producerIds) {
        this(producerIds, null);
    }

    public InitProducerIdHandler(ProducerIdManager producerIds, TransactionCoordinator coordinator) {
        this.producerIds = producerIds;
        this.coordinator = coordinator;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, InitProducerIdRequestData request) {
        if (request.transactionalId() == null) {
            return new InitProducerIdResponseData().setProducerId(producerIds.nextProducerId()).setProducerEpoch((short) 0);
        }
        if (coordinator == null) {
            return new InitProducerIdResponseData().setProducerId(-1).setProducerEpoch((short) -1)
                    .setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code());
        }
        short version = context.apiVersion();
        long expectedPid = version >= 3 ? request.producerId() : -1;
        short expectedEpoch = version >= 3 ? request.producerEpoch() : -1;
        TransactionCoordinator.InitResult result = coordinator.initProducerId(request.transactionalId(),
                request.transactionTimeoutMs(), expectedPid, expectedEpoch);
        return new InitProducerIdResponseData().setProducerId(result.producerId())
                .setProducerEpoch(result.producerEpoch())
                .setErrorCode(TxnErrors.code(result.error(), version, (short) 4));
    }
}
