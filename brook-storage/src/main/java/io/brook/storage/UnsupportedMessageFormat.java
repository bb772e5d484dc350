package io.brook.storage;

/** A batch with magic &lt; 2; Brook stores only the v2 format (UNSUPPORTED_FOR_MESSAGE_FORMAT). Maps to Kafka error 43. */
public class UnsupportedMessageFormat extends StorageException {
    public static final int ERROR_CODE = 43;

    public UnsupportedMessageFormat(String message) {
        super(ERROR_CODE, message);
    }
}
