package io.brook.core.txn;

import java.nio.ByteBuffer;
import java.util.function.BiConsumer;

/** The {@code __transaction_state} topic as the coordinator sees it: durable appends and an ordered replay. */
public interface TxnStateLog {

    /** Number of partitions (transaction.state.log.num.partitions). */
    int partitionCount();

    /** Creates the topic if it does not exist yet (FindCoordinator / InitProducerId do this, as in Kafka). */
    void ensureCreated();

    /** Appends one record; returns once it is in the log. A null value is a tombstone. Throws BrookException. */
    void append(int partition, byte[] key, byte[] value);

    /** Every record of every partition, oldest first per partition (value null for tombstones). */
    void replay(BiConsumer<ByteBuffer, ByteBuffer> visitor);
}
