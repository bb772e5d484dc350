package io.brook.protocol.codec;

/** A frame that cannot be a Kafka request: the connection that sent it is closed. */
public class InvalidFrameException extends RuntimeException {

    public InvalidFrameException(String message) {
        super(message);
    }

    public InvalidFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
