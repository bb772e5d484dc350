package io.brook.protocol.codec;

import io.brook.protocol.handler.ApiHandler;
import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.CloseConnectionException;
import io.brook.protocol.handler.HandlerRegistry;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.RequestHeader;
import io.brook.protocol.api.ApiVersionsHandler;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;

/**
 * Decodes one request frame, runs its handler and encodes the answer. A frame that is not a
 * valid request throws {@link InvalidFrameException}; a handler failure becomes the request's
 * own Kafka error response.
 */
public final class RequestDispatcher {

    private final HandlerRegistry registry;
    private final ApiVersionsHandler apiVersions;

    public RequestDispatcher(HandlerRegistry registry, ApiVersionsHandler apiVersions) {
        this.registry = registry;
        this.apiVersions = apiVersions;
    }

    /** What the connection does with the frame: the encoded response parts, or null for no response. */
    public CompletableFuture<List<Object>> dispatch(ByteBuffer frame, InetSocketAddress client, String listener,
                                                    String connectionId, ScheduledExecutorService connectionExecutor,
                                                    ByteBufAllocator allocator) {
        if (frame.remaining() < 8) {
            throw new InvalidFrameException("Request of " + frame.remaining() + " bytes is too short for a header");
        }
        short apiKeyId = frame.getShort(frame.position());
        short version = frame.getShort(frame.position() + 2);
        ApiKey apiKey = ApiKey.forId(apiKeyId);
        if (apiKey == null) {
            throw new InvalidFrameException("Unknown API key " + apiKeyId);
        }
        RequestHeader header;
        try {
            header = RequestHeader.parse(apiKey, frame);
        } catch (RuntimeException e) {
            throw new InvalidFrameException("Malformed " + apiKey + " v" + version + " request header", e);
        }
        if (!registry.supports(apiKey, version)) {
            if (apiKey == ApiKey.API_VERSIONS) {
                // KIP-511: answer with v0 so any client can read which versions we do support.
                ApiVersionsResponseData response = apiVersions.unsupportedVersionResponse();
                return CompletableFuture.completedFuture(
                        ResponseEncoder.encode(allocator, header, response, (short) 0));
            }
            throw new InvalidFrameException(apiKey + " v" + version + " is not supported by Brook");
        }
        ApiMessage request;
        try {
            request = KafkaRequests.parse(apiKey, version, new ByteBufferAccessor(frame));
        } catch (RuntimeException e) {
            throw new InvalidFrameException("Malformed " + apiKey + " v" + version + " request body", e);
        }
        RequestContext context = new RequestContext(header, client, listener, connectionId, connectionExecutor);
        @SuppressWarnings("unchecked")
        ApiHandler<ApiMessage> handler = (ApiHandler<ApiMessage>) registry.find(apiKey).orElseThrow();
        CompletableFuture<ApiMessage> result;
        try {
            result = handler.handle(context, request);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.handle((response, failure) -> {
            if (failure != null && ErrorMapping.unwrap(failure) instanceof CloseConnectionException close) {
                throw new InvalidFrameException(close.getMessage());
            }
            ApiMessage body = response;
            if (failure != null) {
                body = KafkaRequests.errorResponse(apiKey, version, request, ErrorMapping.toApiException(failure));
                if (body == null) {
                    // An acks=0 Produce gets no response: Kafka closes the connection to tell of a failure.
                    throw new InvalidFrameException(apiKey + " v" + version + " without response failed: "
                            + ErrorMapping.unwrap(failure));
                }
            }
            return body == null ? null : ResponseEncoder.encode(allocator, header, body, version);
        });
    }
}
