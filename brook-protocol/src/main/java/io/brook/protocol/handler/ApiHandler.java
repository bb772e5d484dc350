package io.brook.protocol.handler;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * Serves one Kafka API over the version range it declares with {@link KafkaApi}. ApiVersions
 * advertises exactly these ranges, so a handler is the single place that says what Brook implements.
 *
 * @param <Q> the request message type
 */
public interface ApiHandler<Q extends ApiMessage> {

    default ApiKey apiKey() {
        return declaration().value();
    }

    default short minVersion() {
        return declaration().min();
    }

    default short maxVersion() {
        return declaration().max();
    }

    private KafkaApi declaration() {
        KafkaApi api = getClass().getAnnotation(KafkaApi.class);
        if (api == null) {
            throw new IllegalStateException(getClass().getName() + " must be annotated with @KafkaApi "
                    + "or override apiKey(), minVersion() and maxVersion()");
        }
        return api;
    }

    /**
     * Handles the request. The future may complete later (a long-polling fetch) and on any
     * thread. A future completed with null means "send no response" (acks=0 produce). Exceptions
     * become the request's Kafka error response.
     */
    CompletableFuture<ApiMessage> handle(RequestContext context, Q request);
}
