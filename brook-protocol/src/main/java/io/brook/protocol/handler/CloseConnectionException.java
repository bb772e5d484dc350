package io.brook.protocol.handler;

/**
 * Thrown (or completed exceptionally) by a handler that must answer by closing the connection —
 * Kafka's way of telling an acks=0 producer that its request failed, since it gets no response.
 */
public class CloseConnectionException extends RuntimeException {

    public CloseConnectionException(String message) {
        super(message, null, false, false);
    }
}
