package io.brook.protocol.handler;

import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Who sent a request and how: its header, the connection it arrived on, and that connection's
 * thread, where a handler finishes a response it had to wait for (null outside a server, as in
 * unit tests).
 */
public record RequestContext(RequestHeader header, InetSocketAddress clientAddress, String listenerName,
                             String connectionId, ScheduledExecutorService connectionExecutor) {

    public RequestContext(RequestHeader header, InetSocketAddress clientAddress, String listenerName,
                          String connectionId) {
        this(header, clientAddress, listenerName, connectionId, null);
    }

    public short apiVersion() {
        return header.apiVersion();
    }

    public String clientId() {
        return header.clientId();
    }
}
