package io.brook.protocol.api;

import io.brook.core.producer.ProducerIdManager;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * InitProducerId for idempotent producers: a fresh producer id with epoch 0, as Kafka does for
 * producers without a transactional.id. Transactional ids need the transaction coordinator.
 */
public final class InitProducerIdHandler implements SyncApiHandler<InitProducerIdRequestData> {

    private final ProducerIdManager producerIds;

    public InitProducerIdHandler(ProducerIdManager producerIds) {
        this.producerIds = producerIds;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INIT_PRODUCER_ID;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 6;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, InitProducerIdRequestData request) {
        if (request.transactionalId() != null) {
            return new InitProducerIdResponseData().setProducerId(-1).setProducerEpoch((short) -1)
                    .setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code());
        }
        return new InitProducerIdResponseData().setProducerId(producerIds.nextProducerId()).setProducerEpoch((short) 0);
    }
}
