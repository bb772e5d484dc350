package io.brook.protocol.api.txn;

import io.brook.core.error.ErrorCode;
import org.apache.kafka.common.protocol.Errors;

/** Error translation shared by the transaction APIs. */
final class TxnErrors {
    private TxnErrors() {
    }

    /**
     * Kafka answers PRODUCER_FENCED only to request versions that know it (KIP-588); older versions get
     * INVALID_PRODUCER_EPOCH instead.
     */
    static short code(ErrorCode error, short version, short firstVersionWithProducerFenced) {
        if (error == ErrorCode.PRODUCER_FENCED && version < firstVersionWithProducerFenced) {
            return Errors.INVALID_PRODUCER_EPOCH.code();
        }
        return error.code();
    }
}
