package io.brook.storage;

/** A record timestamp outside the accepted range (INVALID_TIMESTAMP). Maps to Kafka error 32. */
public class InvalidTimestampException extends StorageException {
    public static final int ERROR_CODE = 32;

    public InvalidTimestampException(String message) {
        super(ERROR_CODE, message);
    }
}
