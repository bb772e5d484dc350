package io.brook.protocol.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.junit.jupiter.api.Test;

/** Brook's API table and request header parsing, against kafka-clients' {@code ApiKeys} and {@code RequestHeader}. */
class ApiKeyTest {

    @Test
    void everyKafkaApiKeyIsInTheTableWithTheSameFacts() {
        assertThat(ApiKey.values()).hasSameSizeAs(ApiKeys.values());
        for (ApiKeys kafka : ApiKeys.values()) {
            ApiKey brook = ApiKey.forId(kafka.id);
            assertThat(brook).as("key %d", kafka.id).isNotNull();
            assertThat(brook.name()).isEqualTo(kafka.name());
            assertThat(brook.id()).isEqualTo(kafka.id);
            assertThat(brook.kafkaName()).isEqualTo(kafka.name);
            assertThat(brook.oldestVersion()).as("%s oldest", kafka).isEqualTo(kafka.oldestVersion());
            assertThat(brook.latestVersion()).as("%s latest stable", kafka).isEqualTo(kafka.latestVersion(false));
            assertThat(brook.hasVersions()).as("%s has versions", kafka).isEqualTo(kafka.hasValidVersion());
        }
    }

    @Test
    void headerVersionsAreKafkasForEveryVersion() {
        for (ApiKeys kafka : ApiKeys.values()) {
            ApiKey brook = ApiKey.forId(kafka.id);
            if (!kafka.hasValidVersion()) {
                assertThatThrownBy(() -> kafka.requestHeaderVersion((short) 0))
                        .isInstanceOf(UnsupportedVersionException.class);
                assertThatThrownBy(() -> brook.requestHeaderVersion((short) 0))
                        .isInstanceOf(UnsupportedVersionException.class);
                assertThatThrownBy(() -> brook.responseHeaderVersion((short) 0))
                        .isInstanceOf(UnsupportedVersionException.class);
                continue;
            }
            // From 0 (older versions than a key's oldest too) to past the latest, unstable included.
            for (short v = 0; v <= kafka.latestVersion(true) + 1; v++) {
                assertThat(brook.requestHeaderVersion(v)).as("%s v%d request header", kafka, v)
                        .isEqualTo(kafka.requestHeaderVersion(v));
                assertThat(brook.responseHeaderVersion(v)).as("%s v%d response header", kafka, v)
                        .isEqualTo(kafka.responseHeaderVersion(v));
            }
        }
    }

    @Test
    void unknownIdsHaveNoKey() {
        for (int id : new int[] {-1, ApiKey.values().length, 1000, Short.MAX_VALUE}) {
            assertThat(ApiKeys.hasId(id)).isFalse();
            assertThat(ApiKey.forId(id)).isNull();
        }
    }

    @Test
    void parsesRequestHeadersAsKafkaDoes() {
        for (ApiKeys kafka : ApiKeys.values()) {
            if (!kafka.hasValidVersion()) {
                continue;
            }
            for (short v = kafka.oldestVersion(); v <= kafka.latestVersion(true); v++) {
                for (String clientId : new String[] {"client-1", "", null}) {
                    ByteBuffer frame = header(kafka, v, clientId);
                    var expected = org.apache.kafka.common.requests.RequestHeader.parse(frame.duplicate());
                    ByteBuffer buffer = frame.duplicate();
                    RequestHeader header = RequestHeader.parse(ApiKey.forId(kafka.id), buffer);
                    assertThat(header.apiKey().id()).isEqualTo(expected.apiKey().id);
                    assertThat(header.apiVersion()).isEqualTo(expected.apiVersion());
                    assertThat(header.clientId()).as("%s v%d client id %s", kafka, v, clientId)
                            .isEqualTo(expected.clientId());
                    assertThat(header.correlationId()).isEqualTo(expected.correlationId());
                    assertThat(buffer.position()).as("at the body").isEqualTo(expected.size());
                }
            }
        }
    }

    @Test
    void refusesTheHeaderOfAnApiKafkaRemovedWithKafkasError() {
        ByteBuffer frame = ByteBuffer.allocate(8).putShort(ApiKeys.LEADER_AND_ISR.id).putShort((short) 7).putInt(1)
                .flip();
        assertThatThrownBy(() -> org.apache.kafka.common.requests.RequestHeader.parse(frame.duplicate()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Unsupported api with key 4 (LeaderAndIsr) and version 7");
        assertThatThrownBy(() -> RequestHeader.parse(ApiKey.LEADER_AND_ISR, frame.duplicate()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Unsupported api with key 4 (LeaderAndIsr) and version 7");
    }

    @Test
    void aTruncatedHeaderIsAnInvalidRequest() {
        ByteBuffer frame = ByteBuffer.allocate(6).putShort(ApiKeys.METADATA.id).putShort((short) 12).putShort((short) 0)
                .flip();
        assertThatThrownBy(() -> RequestHeader.parse(ApiKey.METADATA, frame))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Error parsing request header");
    }

    private static ByteBuffer header(ApiKeys key, short version, String clientId) {
        RequestHeaderData data = new RequestHeaderData().setRequestApiKey(key.id).setRequestApiVersion(version)
                .setCorrelationId(4242).setClientId(clientId);
        short headerVersion = key.requestHeaderVersion(version);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer buffer = ByteBuffer.allocate(data.size(cache, headerVersion) + 3);
        data.write(new ByteBufferAccessor(buffer), cache, headerVersion);
        return buffer.put(new byte[] {1, 2, 3}).flip();
    }
}
