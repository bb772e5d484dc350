package io.brook.protocol.network;

import io.brook.protocol.codec.ErrorMapping;
import io.brook.protocol.codec.InvalidFrameException;
import io.brook.protocol.codec.RequestDispatcher;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection. Requests are dispatched in arrival order; their responses may complete
 * in any order (a long-polling fetch), but leave the connection in request order, as Kafka
 * clients require.
 */
final class KafkaConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(KafkaConnection.class);

    private final RequestDispatcher dispatcher;
    private final String listenerName;
    private final ArrayDeque<CompletableFuture<List<Object>>> inFlight = new ArrayDeque<>();
    private String connectionId;

    KafkaConnection(RequestDispatcher dispatcher, String listenerName) {
        this.dispatcher = dispatcher;
        this.listenerName = listenerName;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        connectionId = ctx.channel().localAddress() + "-" + ctx.channel().remoteAddress() + "-" + ctx.channel().id();
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        CompletableFuture<List<Object>> response;
        try {
            response = dispatcher.dispatch(frame.nioBuffer(), clientAddress(ctx),
                    listenerName, connectionId, ctx.executor(), ctx.alloc());
        } catch (InvalidFrameException e) {
            log.warn("Closing connection from {}: {}{}", ctx.channel().remoteAddress(), e.getMessage(),
                    e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")");
            ctx.close();
            return;
        } finally {
            frame.release();
        }
        inFlight.add(response);
        if (response.isDone()) {
            drain(ctx);
        } else {
            // A delayed response (a long-polling fetch) usually completes on this connection's own
            // thread: write it at once rather than queue a task for later.
            response.whenComplete((r, e) -> {
                if (ctx.executor().inEventLoop()) {
                    drain(ctx);
                } else {
                    ctx.executor().execute(() -> drain(ctx));
                }
            });
        }
    }

    private static InetSocketAddress clientAddress(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress inet ? inet : null;
    }

    /** Writes every completed response at the head of the queue, keeping request order. */
    private void drain(ChannelHandlerContext ctx) {
        boolean wrote = false;
        while (!inFlight.isEmpty() && inFlight.peek().isDone()) {
            CompletableFuture<List<Object>> head = inFlight.poll();
            List<Object> parts;
            try {
                parts = head.join();
            } catch (RuntimeException e) {
                if (ErrorMapping.unwrap(e) instanceof InvalidFrameException closing) {
                    log.debug("Closing connection from {}: {}", ctx.channel().remoteAddress(), closing.getMessage());
                } else {
                    log.error("Closing connection from {}: could not encode a response", ctx.channel().remoteAddress(), e);
                }
                ctx.flush();
                ctx.close();
                return;
            }
            if (parts == null) {
                continue;
            }
            if (!ctx.channel().isActive()) {
                parts.forEach(ReferenceCountUtil::release);
                continue;
            }
            parts.forEach(part -> ctx.write(part, ctx.voidPromise()));
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        inFlight.forEach(f -> f.thenAccept(parts -> {
            if (parts != null) {
                parts.forEach(ReferenceCountUtil::release);
            }
        }));
        inFlight.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("Closing connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
