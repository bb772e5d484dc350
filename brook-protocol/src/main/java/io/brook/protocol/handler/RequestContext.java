package io.brook.protocol.handler;

import java.net.InetSocketAddress;

/** Who sent a request and how: its header and the connection it arrived on. */
public record RequestContext(RequestHeader header, InetSocketAddress clientAddress, String listenerName,
                             String connectionId) {

    public short apiVersion() {
        return header.apiVersion();
    }

    public String clientId() {
        return header.clientId();
    }
}
