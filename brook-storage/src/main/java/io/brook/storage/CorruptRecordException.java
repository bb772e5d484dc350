package io.brook.storage;

/** A batch failed its size or CRC check (CORRUPT_MESSAGE). Maps to Kafka error 2. */
public class CorruptRecordException extends StorageException {
    public static final int ERROR_CODE = 2;

    public CorruptRecordException(String message) {
        super(ERROR_CODE, message);
    }
}
