package io.brook.bench.embedded;

/**
 * One embedded broker implementation under measurement. {@link #start()} returns once the
 * implementation says the broker is started, with the topic {@link Bench#TOPIC} (1 partition)
 * created; readiness is then checked from the outside with an Admin client.
 */
public interface BrokerUnderTest extends AutoCloseable {

    /** Starts the broker, bound to 127.0.0.1 on an ephemeral port, with topic {@link Bench#TOPIC}. */
    void start() throws Exception;

    /** {@code host:port} for bootstrap.servers. */
    String bootstrapServers();

    /** Stops the broker and releases its threads and files. */
    @Override
    void close() throws Exception;
}
