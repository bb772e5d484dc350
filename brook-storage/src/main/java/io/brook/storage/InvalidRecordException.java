package io.brook.storage;

/** A batch is structurally valid but not acceptable, e.g. bad record count (INVALID_RECORD). Maps to Kafka error 87. */
public class InvalidRecordException extends StorageException {
    public static final int ERROR_CODE = 87;

    public InvalidRecordException(String message) {
        super(ERROR_CODE, message);
    }
}
