package io.brook.protocol.api;

import io.brook.core.config.Listener;
import java.util.List;

/** What clients are told about this broker: its id, cluster id and advertised addresses. */
public record BrokerIdentity(int nodeId, String clusterId, List<Listener> advertisedListeners) {

    /** The advertised address for the listener a request arrived on (first one if none matches). */
    public Listener advertisedFor(String listenerName) {
        return advertisedListeners.stream().filter(l -> l.name().equals(listenerName)).findFirst()
                .orElse(advertisedListeners.get(0));
    }
}
