package io.brook.protocol.network;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that has neither read nor written anything for
 * {@code connections.max.idle.ms}, as Kafka does. Netty's IdleStateHandler would do the same but
 * swaps every write's void promise for a real one with a listener; here a write only stamps the time.
 */
final class IdleConnectionCloser extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(IdleConnectionCloser.class);

    private final long idleNanos;
    private long lastActivityNanos;
    private Future<?> check;

    IdleConnectionCloser(long idleMs) {
        if (idleMs <= 0) {
            throw new IllegalArgumentException("idle time must be positive, got " + idleMs + " ms");
        }
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMs);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        lastActivityNanos = now(ctx);
        if (ctx.channel().isRegistered()) {
            scheduleCheck(ctx, idleNanos);
        }
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) throws Exception {
        if (check == null) {
            lastActivityNanos = now(ctx);
            scheduleCheck(ctx, idleNanos);
        }
        super.channelRegistered(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastActivityNanos = now(ctx);
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        lastActivityNanos = now(ctx);
        ctx.write(msg, promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelCheck();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelCheck();
        super.channelInactive(ctx);
    }

    private void scheduleCheck(ChannelHandlerContext ctx, long delayNanos) {
        check = ctx.executor().schedule(() -> checkIdle(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void checkIdle(ChannelHandlerContext ctx) {
        if (!ctx.channel().isOpen()) {
            return;
        }
        long idleFor = now(ctx) - lastActivityNanos;
        if (idleFor >= idleNanos) {
            log.debug("Closing connection from {}: idle for {} ms (connections.max.idle.ms)",
                    ctx.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(idleFor));
            ctx.close();
        } else {
            scheduleCheck(ctx, idleNanos - idleFor);
        }
    }

    private void cancelCheck() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    private static long now(ChannelHandlerContext ctx) {
        return ctx.executor().ticker().nanoTime();
    }
}
