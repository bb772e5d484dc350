package io.brook.bench.embedded;

import io.brook.embedded.EmbeddedBrook;

/** Brook through its public embedded API: ephemeral port on 127.0.0.1, temporary data directory. */
public final class BrookTarget implements BrokerUnderTest {

    private EmbeddedBrook brook;

    @Override
    public void start() {
        brook = EmbeddedBrook.builder().topic(Bench.TOPIC, 1).build().start();
    }

    @Override
    public String bootstrapServers() {
        return brook.bootstrapServers();
    }

    @Override
    public void close() {
        brook.close();
    }
}
