package io.brook.storage;

/** An idempotent producer's sequence number does not follow the last one (OUT_OF_ORDER_SEQUENCE_NUMBER). Maps to Kafka error 45. */
public class OutOfOrderSequenceException extends StorageException {
    public static final int ERROR_CODE = 45;

    public OutOfOrderSequenceException(String message) {
        super(ERROR_CODE, message);
    }
}
