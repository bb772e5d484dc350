package io.brook.protocol.codec;

import io.brook.protocol.handler.ApiHandler;
import io.brook.protocol.handler.CloseConnectionException;
import io.brook.protocol.handler.HandlerRegistry;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.api.ApiVersionsHandler;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;

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
                                                    String connectionId, ByteBufAllocator allocator) {
        if (frame.remaining() < 8) {
            throw new InvalidFrameException("Request of " + frame.remaining() + " bytes is too short for a header");
        }
        short apiKeyId = frame.getShort(frame.position());
        short version = frame.getShort(frame.position() + 2);
        if (!ApiKeys.hasId(apiKeyId)) {
            throw new InvalidFrameException("Unknown API key " + apiKeyId);
        }
        ApiKeys apiKey = ApiKeys.forId(apiKeyId);
        RequestHeader header;
        try {
            header = RequestHeader.parse(frame);
        } catch (RuntimeException e) {
            throw new InvalidFrameException("Malformed " + apiKey + " v" + version + " request header", e);
        }
        if (!registry.supports(apiKey, version)) {
            if (apiKey == ApiKeys.API_VERSIONS) {
                // KIP-511: answer with v0 so any client can read which versions we do support.
                ApiVersionsResponseData response = apiVersions.unsupportedVersionResponse();
                return CompletableFuture.completedFuture(
                        ResponseEncoder.encode(allocator, header, response, (short) 0));
            }
            throw new InvalidFrameException(apiKey + " v" + version + " is not supported by Brook");
        }
        AbstractRequest request;
        try {
            request = AbstractRequest.parseRequest(apiKey, version, new ByteBufferAccessor(frame)).request;
        } catch (RuntimeException e) {
            throw new InvalidFrameException("Malformed " + apiKey + " v" + version + " request body", e);
        }
        RequestContext context = new RequestContext(header, client, listener, connectionId);
        @SuppressWarnings("unchecked")
        ApiHandler<ApiMessage> handler = (ApiHandler<ApiMessage>) registry.find(apiKey).orElseThrow();
        CompletableFuture<ApiMessage> result;
        try {
            result = handler.handle(context, request.data());
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.handle((response, failure) -> {
            if (failure != null && ErrorMapping.unwrap(failure) instanceof CloseConnectionException close) {
                throw new InvalidFrameException(close.getMessage());
            }
            ApiMessage body = failure == null ? response
                    : request.getErrorResponse(0, ErrorMapping.toApiException(failure)).data();
            return body == null ? null : ResponseEncoder.encode(allocator, header, body, version);
        });
    }
}
