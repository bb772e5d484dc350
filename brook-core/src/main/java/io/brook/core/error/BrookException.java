package io.brook.core.error;

/** A failure the client should see as a specific Kafka error code, with a human message. */
public class BrookException extends RuntimeException {

    private final ErrorCode error;

    public BrookException(ErrorCode error, String message) {
        super(message);
        this.error = error;
    }

    public ErrorCode error() {
        return error;
    }
}
