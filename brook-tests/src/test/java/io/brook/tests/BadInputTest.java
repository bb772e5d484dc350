package io.brook.tests;

import io.brook.embedded.BrookBootstrap;
import io.brook.embedded.BrookExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static io.brook.tests.Clients.TIMEOUT_S;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and unusual input on raw sockets: each may close only its own connection or answer
 * with an error, and the broker keeps serving everyone else.
 */
class BadInputTest {

    @RegisterExtension
    static final BrookExtension brook = BrookExtension.perClass().topic("healthy", 1);

    private static String bootstrap;
    private static Admin admin;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void clients(@BrookBootstrap String bootstrapServers) {
        bootstrap = bootstrapServers;
        admin = Clients.admin(bootstrap);
        producer = Clients.producer(bootstrap);
    }

    @AfterAll
    static void closeClients() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(10));
        }
    }

    /** After every abuse: new connections are answered and ordinary clients still work. */
    @AfterEach
    void brokerStillServes() throws Exception {
        try (Wire w = Wire.connect(bootstrap)) {
            w.write(Wire.apiVersionsRequest((short) 3, 4242));
            Wire.ApiVersionsResponse r = Wire.parseApiVersionsV3(w.readFrame());
            assertThat(r.correlationId()).isEqualTo(4242);
            assertThat(r.errorCode()).isZero();
        }
        assertThat(admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS)).contains("healthy");
        producer.send(new ProducerRecord<>("healthy", RecordAssert.utf8("still"), RecordAssert.utf8("alive")))
                .get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    private static void assertClosedOrAnswered(Wire.Outcome outcome, int correlationId) {
        assertThat(outcome).as("the broker must close the connection or answer, not hang")
                .isNotInstanceOf(Wire.Silent.class);
        if (outcome instanceof Wire.Answered a) {
            assertThat(a.correlationId()).as("an error answer carries the request's correlation id").isEqualTo(correlationId);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void garbageFrame(long seed) throws Exception {
        Random random = new Random(seed);
        byte[] junk = RecordAssert.randomBytes(random, 16 + random.nextInt(200));
        try (Wire w = Wire.connect(bootstrap)) {
            w.write(new Wire.Buf().i32(junk.length).raw(junk).bytes());
            Wire.Outcome outcome = w.await();
            assertThat(outcome).isNotInstanceOf(Wire.Silent.class);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13})
    void garbageBytesThenEndOfStream(long seed) throws Exception {
        byte[] junk = RecordAssert.randomBytes(new Random(seed), 300);
        try (Wire w = Wire.connect(bootstrap)) {
            w.write(junk);
            w.shutdownOutput();
            assertThat(w.await()).isNotInstanceOf(Wire.Silent.class);
        }
    }

    @Test
    void negativeLengthPrefixClosesTheConnection() throws Exception {
        try (Wire w = Wire.connect(bootstrap)) {
            w.write(new Wire.Buf().i32(-16).raw(new byte[16]).bytes());
            assertThat(w.await()).isInstanceOf(Wire.Closed.class);
        }
    }

    @Test
    void twoGigabyteLengthPrefixClosesTheConnection() throws Exception {
        try (Wire w = Wire.connect(bootstrap)) {
            w.write(new Wire.Buf().i32(Integer.MAX_VALUE).i16(Wire.PRODUCE).i16(9).i32(1).bytes());
            assertThat(w.await()).isInstanceOf(Wire.Closed.class);
        }
    }

    @Test
    void truncatedRequestThenClose() throws Exception {
        byte[] full = Wire.apiVersionsRequest((short) 3, 7);
        try (Wire w = Wire.connect(bootstrap)) {
            w.write(java.util.Arrays.copyOf(full, full.length - 5));
        } // closed mid-request
        try (Wire w = Wire.connect(bootstrap)) {
            w.write(java.util.Arrays.copyOf(full, 3)); // not even a whole size prefix
        }
    }

    @Test
    void unknownApiKey() throws Exception {
        try (Wire w = Wire.connect(bootstrap)) {
            w.write(Wire.frameV1((short) 32000, (short) 0, 99, "brook-tests", new byte[8]));
            assertClosedOrAnswered(w.await(), 99);
        }
    }

    /** KIP-511: an ApiVersions version the broker does not know gets a v0 answer with its ranges. */
    @Test
    void unsupportedApiVersionsVersionGetsV0ResponseWithRanges() throws Exception {
        try (Wire w = Wire.connect(bootstrap)) {
            w.write(Wire.apiVersionsRequest((short) 127, 31));
            Wire.ApiVersionsResponse r = Wire.parseApiVersionsV0(w.readFrame());
            assertThat(r.correlationId()).isEqualTo(31);
            assertThat(r.errorCode()).isEqualTo(Wire.UNSUPPORTED_VERSION);
            assertThat(r.range(Wire.API_VERSIONS)).as("ApiVersions range").isNotNull();
            assertThat(r.range(Wire.API_VERSIONS)[0]).isZero();
            assertThat(r.range(Wire.API_VERSIONS)[1]).isGreaterThanOrEqualTo((short) 3);
            // KIP-511 requires the ApiVersions range; Kafka sends only that one, more is allowed

            // the client retries on the same connection with a version it now knows
            w.write(Wire.apiVersionsRequest((short) 3, 32));
            Wire.ApiVersionsResponse ok = Wire.parseApiVersionsV3(w.readFrame());
            assertThat(ok.correlationId()).isEqualTo(32);
            assertThat(ok.errorCode()).isZero();
            assertThat(ok.ranges()).containsKeys((short) 0, (short) 1, (short) 3, Wire.API_VERSIONS);
            assertThat(ok.range(Wire.API_VERSIONS)).isEqualTo(r.range(Wire.API_VERSIONS));
        }
    }

    @Test
    void unsupportedProduceVersion() throws Exception {
        short[] produce;
        try (Wire w = Wire.connect(bootstrap)) {
            w.write(Wire.apiVersionsRequest((short) 3, 1));
            produce = Wire.parseApiVersionsV3(w.readFrame()).range(Wire.PRODUCE);
        }
        assertThat(produce).as("Produce is advertised").isNotNull();
        List<Short> unsupported = new ArrayList<>(List.of((short) (produce[1] + 1), (short) 127));
        if (produce[0] > 0) {
            unsupported.add((short) (produce[0] - 1));
        }
        int correlationId = 500;
        for (short version : unsupported) {
            try (Wire w = Wire.connect(bootstrap)) {
                // header v2 + a small body: the broker must refuse by version, before the body matters
                byte[] body = new Wire.Buf().uvarint(0).i16(-1).i32(1000).uvarint(1).uvarint(0).bytes();
                w.write(version >= 9
                        ? Wire.frameV2(Wire.PRODUCE, version, correlationId, "brook-tests", body)
                        : Wire.frameV1(Wire.PRODUCE, version, correlationId, "brook-tests", body));
                assertClosedOrAnswered(w.await(), correlationId);
            }
            correlationId++;
        }
    }

    @Test
    void twoHundredConcurrentConnectionsAreAllAnswered() throws Exception {
        int n = 200;
        List<Wire> wires = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                wires.add(Wire.connect(bootstrap));
            }
            for (int i = 0; i < n; i++) {
                wires.get(i).write(Wire.apiVersionsRequest((short) 3, 10_000 + i));
            }
            for (int i = 0; i < n; i++) {
                ByteBuffer frame = wires.get(i).readFrame();
                Wire.ApiVersionsResponse r = Wire.parseApiVersionsV3(frame);
                assertThat(r.correlationId()).as("connection %d", i).isEqualTo(10_000 + i);
                assertThat(r.errorCode()).as("connection %d", i).isZero();
                assertThat(r.ranges()).as("connection %d", i).containsKey(Wire.API_VERSIONS);
            }
        } finally {
            wires.forEach(Wire::close);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (Wire w = Wire.connect(bootstrap)) {
            Wire.Buf all = new Wire.Buf();
            for (int i = 0; i < 50; i++) {
                all.raw(Wire.apiVersionsRequest((short) (i % 4), 700 + i));
            }
            w.write(all.bytes()); // one write, many requests
            for (int i = 0; i < 50; i++) {
                ByteBuffer f = w.readFrame();
                assertThat(f.getInt(0)).as("response %d", i).isEqualTo(700 + i);
            }
        }
    }

}
