package io.brook.protocol.api;

import io.brook.protocol.handler.ApiHandler;
import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.KafkaApi;
import io.brook.protocol.handler.HandlerRegistry;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import java.util.Comparator;
import java.util.regex.Pattern;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/** ApiVersions: advertises exactly the version ranges the registered handlers declare. */
@KafkaApi(value = ApiKey.API_VERSIONS, min = 0, max = 4)
public final class ApiVersionsHandler implements SyncApiHandler<ApiVersionsRequestData> {

    /** The Produce min version Kafka 4 advertises ({@code ApiKeys.PRODUCE_API_VERSIONS_RESPONSE_MIN_VERSION}). */
    static final short PRODUCE_ADVERTISED_MIN_VERSION = 0;

    /** KIP-511: client software names and versions must look like this. */
    private static final Pattern SOFTWARE = Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?");

    private final HandlerRegistry registry;

    public ApiVersionsHandler(HandlerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ApiMessage handleNow(RequestContext context, ApiVersionsRequestData request) {
        if (context.apiVersion() >= 3 && (!SOFTWARE.matcher(request.clientSoftwareName()).matches()
                || !SOFTWARE.matcher(request.clientSoftwareVersion()).matches())) {
            return response(Errors.INVALID_REQUEST);
        }
        return response(Errors.NONE);
    }

    /**
     * KIP-511: the v0 answer to an ApiVersions version Brook does not speak. Like Kafka, it lists
     * only ApiVersions' own range: enough for the client to retry at a version both sides know.
     */
    public ApiVersionsResponseData unsupportedVersionResponse() {
        ApiVersionCollection keys = new ApiVersionCollection();
        keys.add(versionOf(this));
        return new ApiVersionsResponseData().setErrorCode(Errors.UNSUPPORTED_VERSION.code()).setApiKeys(keys);
    }

    /** The response listing every supported API, with the given error code. */
    public ApiVersionsResponseData response(Errors error) {
        ApiVersionCollection keys = new ApiVersionCollection();
        registry.all().stream().sorted(Comparator.comparingInt(h -> h.apiKey().id()))
                .forEach(h -> keys.add(versionOf(h)));
        return new ApiVersionsResponseData().setErrorCode(error.code()).setApiKeys(keys);
    }

    private static ApiVersion versionOf(ApiHandler<?> handler) {
        return new ApiVersion().setApiKey(handler.apiKey().id()).setMinVersion(advertisedMinVersion(handler))
                .setMaxVersion(handler.maxVersion());
    }

    /**
     * The min version put in the response. Equal to the handler's, except Produce: like Kafka 4
     * (KAFKA-18659, {@link #PRODUCE_ADVERTISED_MIN_VERSION}), Brook advertises
     * Produce from v0 although it accepts v3+ only, because librdkafka before 2.8 enables
     * gzip/snappy/lz4 only when the broker lists Produce v0 and otherwise silently sends
     * uncompressed batches. A v0-v2 Produce request still closes the connection, as in Kafka.
     */
    static short advertisedMinVersion(ApiHandler<?> handler) {
        if (handler.apiKey() == ApiKey.PRODUCE) {
            return (short) Math.min(handler.minVersion(), PRODUCE_ADVERTISED_MIN_VERSION);
        }
        return handler.minVersion();
    }
}
