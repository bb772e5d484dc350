package io.brook.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.embedded.BrookBootstrap;
import io.brook.embedded.BrookExtension;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** connections.max.idle.ms on real sockets: quiet connections are closed, busy ones are not. */
class IdleConnectionTest {

    private static final long IDLE_MS = 3_000;

    @RegisterExtension
    static final BrookExtension brook = BrookExtension.perClass()
            .config("connections.max.idle.ms", Long.toString(IDLE_MS));

    @Test
    void aQuietConnectionIsClosedOnceItHasBeenIdleForTheConfiguredTime(@BrookBootstrap String bootstrap)
            throws Exception {
        try (Wire w = Wire.connect(Net.parse(bootstrap), 30_000)) {
            w.write(Wire.apiVersionsRequest((short) 3, 1));
            assertThat(Wire.parseApiVersionsV3(w.readFrame()).correlationId()).isEqualTo(1);
            long answeredAt = System.nanoTime();

            assertThat(w.closedByPeer()).as("closed by the broker within the 30 s read timeout").isTrue();
            long idleMs = (System.nanoTime() - answeredAt) / 1_000_000;
            assertThat(idleMs).as("not closed before connections.max.idle.ms").isGreaterThanOrEqualTo(IDLE_MS - 50);
        }
    }

    @Test
    void aConnectionThatKeepsTalkingStaysOpen(@BrookBootstrap String bootstrap) throws Exception {
        try (Wire w = Wire.connect(Net.parse(bootstrap), 30_000)) {
            AtomicInteger correlationId = new AtomicInteger();
            // A request every 100 ms for longer than the idle time: every one is answered on this connection.
            // (The idle time is generous so that a stalled test machine cannot fake a quiet spell.)
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                    .during(Duration.ofMillis(IDLE_MS + 1_000)).atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        int id = correlationId.incrementAndGet();
                        w.write(Wire.apiVersionsRequest((short) 3, id));
                        return Wire.parseApiVersionsV3(w.readFrame()).correlationId() == id;
                    });
            assertThat(correlationId.get()).isGreaterThan(10);
        }
    }
}
