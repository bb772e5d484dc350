package io.brook.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.protocol.handler.ApiHandler;
import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.HandlerRegistry;
import io.brook.protocol.handler.RequestContext;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.junit.jupiter.api.Test;

/**
 * {@link KafkaRequests} against kafka-clients' {@code AbstractRequest.parseRequest} and
 * {@code getErrorResponse}: the same request data, and the same error responses, field for field and
 * byte for byte, for every API Brook reads at every version Kafka defines.
 */
class KafkaRequestsTest {

    private static final List<ApiException> FAILURES = List.of(
            new InvalidRequestException("this request is wrong"),
            new UnknownServerException("Unexpected broker error: boom"),
            Errors.NOT_COORDINATOR.exception(),
            Errors.UNSUPPORTED_VERSION.exception("no such version"),
            Errors.TOPIC_AUTHORIZATION_FAILED.exception(Errors.TOPIC_AUTHORIZATION_FAILED.message()));

    @Test
    void readsRequestsAndAnswersFailuresAsKafkaDoes() {
        int checked = 0;
        for (ApiKey key : KafkaRequests.SUPPORTED) {
            ApiKeys kafkaKey = ApiKeys.forId(key.id());
            Class<? extends ApiMessage> type = requestClass(key);
            for (short v = kafkaKey.oldestVersion(); v <= kafkaKey.latestVersion(true); v++) {
                for (ApiMessage sample : samples(key, type, v)) {
                    ByteBuffer body = MessageSamples.write(sample, v);
                    AbstractRequest kafka = AbstractRequest.parseRequest(kafkaKey, v,
                            new ByteBufferAccessor(body.duplicate())).request;
                    ApiMessage brook = KafkaRequests.parse(key, v, new ByteBufferAccessor(body.duplicate()));
                    assertThat(brook).as("%s v%d request", key, v).isEqualTo(kafka.data());
                    for (ApiException failure : FAILURES) {
                        AbstractResponse expected = kafka.getErrorResponse(0, failure);
                        ApiMessage actual = KafkaRequests.errorResponse(key, v, brook, failure);
                        String what = key + " v" + v + " error response to " + failure;
                        if (expected == null) {
                            assertThat(actual).as(what).isNull();
                            continue;
                        }
                        assertThat(actual).as(what).isEqualTo(expected.data());
                        assertThat(wire(actual, v)).as(what).isEqualTo(wire(expected.data(), v));
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }

    /** An empty request, one with every field of the version set, and a few that matter to one API. */
    private static List<ApiMessage> samples(ApiKey key, Class<? extends ApiMessage> type, short version) {
        List<ApiMessage> samples = new ArrayList<>();
        samples.add(MessageSamples.empty(type));
        samples.add(MessageSamples.full(type, version));
        if (key == ApiKey.PRODUCE) {
            samples.add(MessageSamples.full(ProduceRequestData.class, version).setAcks((short) 0));
            samples.add(MessageSamples.full(ProduceRequestData.class, version).setAcks((short) -1));
        } else if (key == ApiKey.METADATA && version >= 1) {
            samples.add(MessageSamples.full(MetadataRequestData.class, version).setTopics(null));
        } else if (key == ApiKey.JOIN_GROUP) {
            samples.add(MessageSamples.full(JoinGroupRequestData.class, version).setSessionTimeoutMs(45_000));
        }
        return samples;
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends ApiMessage> requestClass(ApiKey key) {
        try {
            return (Class<? extends ApiMessage>) Class.forName(
                    "org.apache.kafka.common.message." + key.kafkaName() + "RequestData");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The message's bytes at {@code version}, or what made it unwritable. */
    private static String wire(ApiMessage message, short version) {
        try {
            ByteBuffer buffer = MessageSamples.write(message, version);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return Arrays.toString(bytes);
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    @Test
    void joinGroupV0TakesTheSessionTimeoutForTheRebalanceTimeout() {
        JoinGroupRequestData request = new JoinGroupRequestData().setGroupId("g").setSessionTimeoutMs(12_345)
                .setProtocolType("consumer");
        var parsed = (JoinGroupRequestData) KafkaRequests.parse(ApiKey.JOIN_GROUP, (short) 0,
                new ByteBufferAccessor(MessageSamples.write(request, (short) 0)));
        assertThat(parsed.rebalanceTimeoutMs()).isEqualTo(12_345);
    }

    @Test
    void anAcksZeroProduceHasNoErrorResponse() {
        assertThat(KafkaRequests.errorResponse(ApiKey.PRODUCE, (short) 11,
                new ProduceRequestData().setAcks((short) 0), new InvalidRequestException("x"))).isNull();
    }

    @Test
    void readsOnlyTheApisItKnows() {
        assertThatThrownBy(() -> KafkaRequests.parse(ApiKey.SASL_HANDSHAKE, (short) 1,
                new ByteBufferAccessor(ByteBuffer.allocate(0))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HandlerRegistry().register(new ApiHandler<>() {
            @Override
            public ApiKey apiKey() {
                return ApiKey.SASL_HANDSHAKE;
            }

            @Override
            public short minVersion() {
                return 0;
            }

            @Override
            public short maxVersion() {
                return 1;
            }

            @Override
            public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage request) {
                throw new UnsupportedOperationException();
            }
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SASL_HANDSHAKE");
    }
}
