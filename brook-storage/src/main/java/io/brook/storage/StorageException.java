package io.brook.storage;

/**
 * An error raised by the storage layer to its callers. Each subclass carries the Kafka protocol error
 * code it maps to, so the protocol layer can answer without knowing storage internals.
 */
public class StorageException extends RuntimeException {
    private final int kafkaErrorCode;

    public StorageException(int kafkaErrorCode, String message) {
        super(message);
        this.kafkaErrorCode = kafkaErrorCode;
    }

    public StorageException(int kafkaErrorCode, String message, Throwable cause) {
        super(message, cause);
        this.kafkaErrorCode = kafkaErrorCode;
    }

    /** The Kafka error code (e.g. 2 = CORRUPT_MESSAGE) this error should be reported as. */
    public int kafkaErrorCode() {
        return kafkaErrorCode;
    }
}
