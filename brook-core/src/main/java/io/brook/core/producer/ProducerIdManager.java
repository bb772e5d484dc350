package io.brook.core.producer;

import io.brook.core.controller.ClusterController;

/**
 * Hands out producer ids from blocks reserved in the metadata log, so an id is never reused,
 * even after a crash (an unused remainder of a block is simply skipped).
 */
public final class ProducerIdManager {

    static final int BLOCK_SIZE = 1000;

    private final ClusterController controller;
    private long next;
    private long blockEnd;

    public ProducerIdManager(ClusterController controller) {
        this.controller = controller;
    }

    public synchronized long nextProducerId() {
        if (next >= blockEnd) {
            next = controller.allocateProducerIds(BLOCK_SIZE);
            blockEnd = next + BLOCK_SIZE;
        }
        return next++;
    }
}
