package io.brook.bench.embedded;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Spring's EmbeddedKafka as a test would use it (what {@code @EmbeddedKafka(kraft = true)} builds):
 * one KRaft broker (combined broker+controller via Kafka's KafkaClusterTestKit), one partition.
 */
public final class SpringTarget implements BrokerUnderTest {

    private EmbeddedKafkaKraftBroker broker;

    @Override
    public void start() {
        broker = new EmbeddedKafkaKraftBroker(1, 1, Bench.TOPIC);
        broker.afterPropertiesSet();
    }

    @Override
    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
