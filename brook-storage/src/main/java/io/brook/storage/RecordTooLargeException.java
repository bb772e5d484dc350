package io.brook.storage;

/** A batch exceeds max.message.bytes or the segment size (MESSAGE_TOO_LARGE). Maps to Kafka error 10. */
public class RecordTooLargeException extends StorageException {
    public static final int ERROR_CODE = 10;

    public RecordTooLargeException(String message) {
        super(ERROR_CODE, message);
    }
}
