package io.brook.storage;

/** The producer id is not known to this partition (UNKNOWN_PRODUCER_ID). Maps to Kafka error 59. */
public class UnknownProducerIdException extends StorageException {
    public static final int ERROR_CODE = 59;

    public UnknownProducerIdException(String message) {
        super(ERROR_CODE, message);
    }
}
