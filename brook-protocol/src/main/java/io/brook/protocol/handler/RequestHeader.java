package io.brook.protocol.handler;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;

/** The header of a request: which API at which version, and the client's id for it. */
public record RequestHeader(ApiKey apiKey, short apiVersion, String clientId, int correlationId) {

    /**
     * Reads the header of a request of {@code apiKey} (the frame's first two bytes) from the frame's
     * position, leaving the frame at the request body. As Kafka's {@code RequestHeader.parse}: an API
     * Kafka removed is refused, and a null client id reads as "".
     *
     * @throws InvalidRequestException if the header is not a valid one
     */
    public static RequestHeader parse(ApiKey apiKey, ByteBuffer frame) {
        short apiVersion = frame.getShort(frame.position() + 2);
        if (!apiKey.hasVersions()) {
            throw new InvalidRequestException("Unsupported api with key " + apiKey.id() + " ("
                    + apiKey.kafkaName() + ") and version " + apiVersion);
        }
        RequestHeaderData data;
        try {
            data = new RequestHeaderData(new ByteBufferAccessor(frame), apiKey.requestHeaderVersion(apiVersion));
        } catch (RuntimeException e) {
            throw new InvalidRequestException("Error parsing request header. Our best guess of the apiKeyId is: "
                    + apiKey.id(), e);
        }
        return new RequestHeader(apiKey, apiVersion, data.clientId() == null ? "" : data.clientId(),
                data.correlationId());
    }
}
