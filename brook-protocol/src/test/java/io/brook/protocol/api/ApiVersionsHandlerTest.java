package io.brook.protocol.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.protocol.handler.ApiHandler;
import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.HandlerRegistry;
import io.brook.protocol.handler.RequestContext;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

class ApiVersionsHandlerTest {

    private static ApiHandler<ApiMessage> stub(ApiKey key, int min, int max) {
        return new ApiHandler<>() {
            @Override
            public ApiKey apiKey() {
                return key;
            }

            @Override
            public short minVersion() {
                return (short) min;
            }

            @Override
            public short maxVersion() {
                return (short) max;
            }

            @Override
            public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage request) {
                throw new UnsupportedOperationException();
            }
        };
    }

    /** KAFKA-18659: Kafka 4 lists Produce from v0 (librdkafka < 2.8 compresses only then) but accepts v3+. */
    @Test
    void advertisesProduceFromVersionZeroLikeKafkaButStillRejectsOldVersions() {
        HandlerRegistry registry = new HandlerRegistry();
        ApiVersionsHandler handler = new ApiVersionsHandler(registry);
        registry.register(handler).register(stub(ApiKey.PRODUCE, 3, 13)).register(stub(ApiKey.FETCH, 4, 17));

        ApiVersionsResponseData data = handler.response(Errors.NONE);

        assertThat(data.apiKeys().find(ApiKey.PRODUCE.id()).minVersion()).isEqualTo((short) 0);
        assertThat(data.apiKeys().find(ApiKey.PRODUCE.id()).maxVersion()).isEqualTo((short) 13);
        assertThat(data.apiKeys().find(ApiKey.FETCH.id()).minVersion()).isEqualTo((short) 4);
        assertThat(registry.supports(ApiKey.PRODUCE, (short) 2)).isFalse();
        assertThat(registry.supports(ApiKey.PRODUCE, (short) 3)).isTrue();
    }
}
