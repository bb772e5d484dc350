package io.brook.storage;

/** A producer epoch older than the current one (INVALID_PRODUCER_EPOCH). Maps to Kafka error 47. */
public class InvalidProducerEpochException extends StorageException {
    public static final int ERROR_CODE = 47;

    public InvalidProducerEpochException(String message) {
        super(ERROR_CODE, message);
    }
}
