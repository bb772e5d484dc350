package io.brook.core.group;

import java.util.Set;

/**
 * Reads the topics out of a classic "consumer" protocol subscription (ConsumerProtocolSubscription
 * bytes). Supplied by the protocol layer, which owns the Kafka schemas; null topics on bad input.
 */
@FunctionalInterface
public interface SubscriptionParser {

    Set<String> topics(byte[] subscription);
}
