package io.brook.protocol.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** connections.max.idle.ms on an EmbeddedChannel, whose clock the test moves by hand. */
class IdleConnectionCloserTest {

    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(new IdleConnectionCloser(1_000));
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    private void advanceMs(long ms) {
        channel.advanceTimeBy(ms, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void closesAConnectionThatStaysQuietForTheIdleTime() {
        advanceMs(999);
        assertThat(channel.isOpen()).isTrue();
        advanceMs(1);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aReadRestartsTheIdleClock() {
        advanceMs(900);
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {1}));
        channel.releaseInbound();
        advanceMs(900);
        assertThat(channel.isOpen()).as("900 ms after the read").isTrue();
        advanceMs(100);
        assertThat(channel.isOpen()).as("1000 ms after the read").isFalse();
    }

    @Test
    void aWriteRestartsTheIdleClockToo() {
        advanceMs(900);
        channel.writeOutbound(Unpooled.wrappedBuffer(new byte[] {1}));
        channel.releaseOutbound();
        advanceMs(999);
        assertThat(channel.isOpen()).as("999 ms after the write").isTrue();
        advanceMs(1);
        assertThat(channel.isOpen()).as("1000 ms after the write").isFalse();
    }

    @Test
    void refusesANonPositiveIdleTime() {
        assertThatThrownBy(() -> new IdleConnectionCloser(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
