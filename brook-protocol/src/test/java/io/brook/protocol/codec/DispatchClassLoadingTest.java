package io.brook.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.protocol.api.ApiVersionsHandler;
import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.HandlerRegistry;
import io.brook.protocol.handler.KafkaApi;
import io.brook.protocol.handler.RequestContext;
import io.brook.protocol.handler.SyncApiHandler;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.junit.jupiter.api.Test;

/**
 * Serving requests leaves kafka-clients' {@code ApiKeys} (whose initialiser builds every API's
 * schemas) and its request/response classes unloaded: a fresh JVM that registers handlers and
 * dispatches a few requests, answered, refused and failed, logs its class loading for the test to read.
 */
class DispatchClassLoadingTest {

    private static final Pattern FORBIDDEN = Pattern.compile("org\\.apache\\.kafka\\.common\\.("
            + "protocol\\.ApiKeys|message\\.ApiMessageType"
            + "|requests\\.(AbstractRequest|AbstractResponse|RequestHeader|ApiVersionsResponse))\\b");

    @Test
    void dispatchingLoadsNeitherApiKeysNorKafkaRequestClasses() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"),
                Child.class.getName()).redirectErrorStream(true).start();
        child.getOutputStream().close();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("dispatched 3 requests").contains("org.apache.kafka.common.message.MetadataRequestData");
        assertThat(output.lines().filter(line -> FORBIDDEN.matcher(line).find())).isEmpty();
    }

    /** The child JVM: dispatches an ApiVersions request, one at a version Brook lacks, and a failing Metadata. */
    public static final class Child {

        public static void main(String[] args) {
            HandlerRegistry registry = new HandlerRegistry();
            ApiVersionsHandler apiVersions = new ApiVersionsHandler(registry);
            registry.register(apiVersions).register(new FailingMetadata());
            RequestDispatcher dispatcher = new RequestDispatcher(registry, apiVersions);
            List<ByteBuffer> frames = List.of(
                    frame(ApiKey.API_VERSIONS, (short) 3, new ApiVersionsRequestData()
                            .setClientSoftwareName("test").setClientSoftwareVersion("1")),
                    frame(ApiKey.API_VERSIONS, (short) 99, null),
                    frame(ApiKey.METADATA, (short) 12, new MetadataRequestData()));
            int answered = 0;
            for (ByteBuffer frame : frames) {
                List<Object> parts = dispatcher.dispatch(frame, null, "PLAINTEXT", "c1", null,
                        UnpooledByteBufAllocator.DEFAULT).join();
                if (parts != null && !parts.isEmpty()) {
                    answered++;
                    parts.forEach(ReferenceCountUtil::release);
                }
            }
            System.out.println("dispatched " + answered + " requests");
        }

        private static ByteBuffer frame(ApiKey key, short version, ApiMessage body) {
            RequestHeaderData header = new RequestHeaderData().setRequestApiKey(key.id()).setRequestApiVersion(version)
                    .setCorrelationId(1).setClientId("test");
            short headerVersion = key.requestHeaderVersion(version);
            ObjectSerializationCache cache = new ObjectSerializationCache();
            int size = header.size(cache, headerVersion) + (body == null ? 0 : body.size(cache, version));
            ByteBuffer buffer = ByteBuffer.allocate(size);
            header.write(new ByteBufferAccessor(buffer), cache, headerVersion);
            if (body != null) {
                body.write(new ByteBufferAccessor(buffer), cache, version);
            }
            return buffer.flip();
        }
    }

    @KafkaApi(value = ApiKey.METADATA, min = 0, max = 13)
    static final class FailingMetadata implements SyncApiHandler<MetadataRequestData> {
        @Override
        public ApiMessage handleNow(RequestContext context, MetadataRequestData request) {
            throw new InvalidRequestException("refused by the test");
        }
    }
}
