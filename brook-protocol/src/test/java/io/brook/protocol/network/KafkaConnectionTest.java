package io.brook.protocol.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.protocol.api.ApiVersionsHandler;
import io.brook.protocol.codec.RequestDispatcher;
import io.brook.protocol.handler.ApiHandler;
import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.HandlerRegistry;
import io.brook.protocol.handler.RequestContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connection pipeline on an EmbeddedChannel: framing, bad input, KIP-511 and response order. */
class KafkaConnectionTest {

    /** A Metadata handler whose answers the test completes by hand, in any order. */
    private final List<CompletableFuture<ApiMessage>> pending = new ArrayList<>();
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        HandlerRegistry registry = new HandlerRegistry();
        ApiVersionsHandler apiVersions = new ApiVersionsHandler(registry);
        registry.register(apiVersions).register(new ApiHandler<MetadataRequestData>() {
            @Override
            public ApiKey apiKey() {
                return ApiKey.METADATA;
            }

            @Override
            public short minVersion() {
                return 0;
            }

            @Override
            public short maxVersion() {
                return 12;
            }

            @Override
            public CompletableFuture<ApiMessage> handle(RequestContext context, MetadataRequestData request) {
                CompletableFuture<ApiMessage> future = new CompletableFuture<>();
                pending.add(future);
                return future;
            }
        });
        registry.register(new ApiHandler<org.apache.kafka.common.message.ProduceRequestData>() {
            @Override
            public ApiKey apiKey() {
                return ApiKey.PRODUCE;
            }

            @Override
            public short minVersion() {
                return 3;
            }

            @Override
            public short maxVersion() {
                return 13;
            }

            @Override
            public CompletableFuture<ApiMessage> handle(RequestContext context,
                                                        org.apache.kafka.common.message.ProduceRequestData request) {
                return CompletableFuture.failedFuture(new io.brook.protocol.handler.CloseConnectionException("acks=0"));
            }
        });
        channel = new EmbeddedChannel(new FrameDecoder(1024 * 1024),
                new KafkaConnection(new RequestDispatcher(registry, apiVersions), "PLAINTEXT"));
    }

    private static ByteBuf frame(ApiKeys key, short version, int correlationId, ApiMessage body) {
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(key.id).setRequestApiVersion(version)
                .setCorrelationId(correlationId).setClientId("test");
        short headerVersion = key.requestHeaderVersion(version);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(4 + size);
        buffer.putInt(size);
        ByteBufferAccessor accessor = new ByteBufferAccessor(buffer);
        header.write(accessor, cache, headerVersion);
        body.write(accessor, cache, version);
        buffer.flip();
        return Unpooled.wrappedBuffer(buffer);
    }

    private ByteBuffer readResponse() {
        channel.runPendingTasks();
        ByteBuf out = channel.readOutbound();
        assertThat(out).as("a response was written").isNotNull();
        ByteBuffer buffer = ByteBuffer.allocate(out.readableBytes());
        out.readBytes(buffer);
        out.release();
        buffer.flip();
        assertThat(buffer.getInt()).isEqualTo(buffer.remaining());
        return buffer;
    }

    @Test
    void answersApiVersionsWithTheRegisteredRanges() {
        channel.writeInbound(frame(ApiKeys.API_VERSIONS, (short) 3, 7, new ApiVersionsRequestData()
                .setClientSoftwareName("test").setClientSoftwareVersion("1.0")));
        ByteBuffer response = readResponse();
        assertThat(response.getInt()).isEqualTo(7);
        ApiVersionsResponseData data = new ApiVersionsResponseData(new ByteBufferAccessor(response), (short) 3);
        assertThat(data.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(data.apiKeys().find(ApiKeys.METADATA.id).maxVersion()).isEqualTo((short) 12);
        assertThat(data.apiKeys().find(ApiKeys.FETCH.id)).as("no handler, not advertised").isNull();
    }

    @Test
    void unsupportedApiVersionsVersionGetsV0ResponseWithItsOwnRange() {
        ByteBuf request = frame(ApiKeys.API_VERSIONS, (short) 3, 9, new ApiVersionsRequestData()
                .setClientSoftwareName("test").setClientSoftwareVersion("1.0"));
        request.setShort(6, 127); // api_version sits after size (4) and api_key (2)
        channel.writeInbound(request);
        ByteBuffer response = readResponse();
        assertThat(response.getInt()).isEqualTo(9);
        ApiVersionsResponseData data = new ApiVersionsResponseData(new ByteBufferAccessor(response), (short) 0);
        assertThat(data.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
        assertThat(data.apiKeys()).hasSize(1);
        assertThat(data.apiKeys().find(ApiKeys.API_VERSIONS.id).maxVersion()).isEqualTo((short) 4);
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void responsesLeaveInRequestOrderWhateverOrderTheyComplete() {
        channel.writeInbound(frame(ApiKeys.METADATA, (short) 12, 1, new MetadataRequestData()));
        channel.writeInbound(frame(ApiKeys.METADATA, (short) 12, 2, new MetadataRequestData()));
        channel.writeInbound(frame(ApiKeys.API_VERSIONS, (short) 0, 3, new ApiVersionsRequestData()));
        assertThat(pending).hasSize(2);
        channel.runPendingTasks();
        assertThat((Object) channel.readOutbound()).as("nothing before request 1 completes").isNull();

        pending.get(1).complete(new MetadataResponseData().setClusterId("second"));
        channel.runPendingTasks();
        assertThat((Object) channel.readOutbound()).isNull();

        pending.get(0).complete(new MetadataResponseData().setClusterId("first"));
        assertThat(readResponse().getInt()).isEqualTo(1);
        assertThat(readResponse().getInt()).isEqualTo(2);
        assertThat(readResponse().getInt()).isEqualTo(3);
    }

    @Test
    void aHandlerCanAnswerByClosingAfterEarlierResponsesLeft() {
        channel.writeInbound(frame(ApiKeys.API_VERSIONS, (short) 0, 1, new ApiVersionsRequestData()));
        channel.writeInbound(frame(ApiKeys.PRODUCE, (short) 9, 2,
                new org.apache.kafka.common.message.ProduceRequestData().setAcks((short) 0)));
        assertThat(readResponse().getInt()).isEqualTo(1);
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void negativeLengthClosesTheConnection() {
        channel.writeInbound(Unpooled.buffer().writeInt(-5).writeInt(0));
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void oversizedLengthClosesTheConnection() {
        channel.writeInbound(Unpooled.buffer().writeInt(Integer.MAX_VALUE).writeInt(0));
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void unknownApiKeyClosesTheConnection() {
        channel.writeInbound(Unpooled.buffer().writeInt(10).writeShort(32000).writeShort(0).writeInt(1)
                .writeShort(-1));
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void unsupportedVersionOfAnotherApiClosesTheConnection() {
        channel.writeInbound(frame(ApiKeys.METADATA, (short) 13, 1, new MetadataRequestData()));
        assertThat(channel.isActive()).isFalse();
        assertThat(pending).isEmpty();
    }

    @Test
    void garbageBodyClosesTheConnection() {
        channel.writeInbound(Unpooled.buffer().writeInt(12).writeShort(ApiKeys.METADATA.id).writeShort(12)
                .writeInt(1).writeInt(0xFFFFFFFF));
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void partialFrameWaitsForTheRest() {
        ByteBuf whole = frame(ApiKeys.API_VERSIONS, (short) 0, 4, new ApiVersionsRequestData());
        channel.writeInbound(whole.readRetainedSlice(5));
        channel.runPendingTasks();
        assertThat((Object) channel.readOutbound()).isNull();
        channel.writeInbound(whole);
        assertThat(readResponse().getInt()).isEqualTo(4);
    }
}
