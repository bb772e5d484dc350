package io.brook.storage;

/** A requested offset is outside [logStartOffset, logEndOffset] (OFFSET_OUT_OF_RANGE). Maps to Kafka error 1. */
public class OffsetOutOfRangeException extends StorageException {
    public static final int ERROR_CODE = 1;

    public OffsetOutOfRangeException(String message) {
        super(ERROR_CODE, message);
    }
}
