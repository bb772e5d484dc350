package io.brook.core.txn;

import io.brook.core.controller.ClusterController;
import io.brook.core.controller.NewTopic;
import io.brook.core.error.BrookException;
import io.brook.core.error.ErrorCode;
import io.brook.core.partition.Partition;
import io.brook.core.partition.PartitionManager;
import io.brook.storage.AppendOrigin;
import io.brook.storage.PartitionLog;
import io.brook.storage.ReadResult;
import io.brook.storage.record.BatchHeader;
import io.brook.storage.record.Record;
import io.brook.storage.record.RecordBatchWriter;
import io.brook.storage.record.RecordBatches;
import io.brook.storage.record.RecordIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Map;
import java.util.function.BiConsumer;

/** {@link TxnStateLog} over the local {@code __transaction_state} partitions (compacted, as Kafka creates it). */
public final class PartitionTxnStateLog implements TxnStateLog {
    public static final String TOPIC = "__transaction_state";

    private final ClusterController controller;
    private final PartitionManager partitions;
    private final int partitionCount;
    private final Clock clock;

    public PartitionTxnStateLog(ClusterController controller, PartitionManager partitions, int partitionCount,
                                Clock clock) {
        this.controller = controller;
        this.partitions = partitions;
        this.partitionCount = partitionCount;
        this.clock = clock;
    }

    @Override
    public int partitionCount() {
        return controller.image().topic(TOPIC).map(t -> t.partitions().size()).orElse(partitionCount);
    }

    @Override
    public void ensureCreated() {
        if (controller.image().topic(TOPIC).isPresent()) {
            return;
        }
        try {
            controller.createTopic(new NewTopic(TOPIC, partitionCount, (short) -1, Map.of(),
                    Map.of("cleanup.policy", "compact", "min.insync.replicas", "1")), false);
        } catch (BrookException e) {
            if (e.error() != ErrorCode.TOPIC_ALREADY_EXISTS) {
                throw e;
            }
        }
    }

    @Override
    public void append(int partition, byte[] key, byte[] value) {
        ensureCreated();
        Partition p = partitions.partition(TOPIC, partition).orElseThrow(() -> new BrookException(
                ErrorCode.COORDINATOR_NOT_AVAILABLE, TOPIC + "-" + partition + " is not available"));
        ByteBuffer batch = new RecordBatchWriter().add(key, value, clock.millis()).build(0L);
        try {
            p.log().appendAsLeader(batch, p.leaderEpoch(), AppendOrigin.COORDINATOR);
        } catch (IOException e) {
            throw new BrookException(ErrorCode.COORDINATOR_NOT_AVAILABLE, "could not write " + TOPIC + "-" + partition
                    + ": " + e.getMessage());
        }
    }

    @Override
    public void replay(BiConsumer<ByteBuffer, ByteBuffer> visitor) {
        if (controller.image().topic(TOPIC).isEmpty()) {
            return;
        }
        for (int i = 0; i < partitionCount(); i++) {
            partitions.partition(TOPIC, i).ifPresent(p -> replay(p.log(), visitor));
        }
    }

    private static void replay(PartitionLog log, BiConsumer<ByteBuffer, ByteBuffer> visitor) {
        try {
            long offset = log.logStartOffset();
            long end = log.logEndOffset();
            while (offset < end) {
                ReadResult r = log.read(offset, 1 << 20, end, true);
                if (r.slice().isEmpty()) {
                    break;
                }
                ByteBuffer buf = r.slice().readAll();
                for (BatchHeader h : RecordBatches.of(buf)) {
                    if (!h.isControl()) {
                        for (RecordIterator it = new RecordIterator(h); it.hasNext(); ) {
                            Record rec = it.next();
                            if (rec.key() != null) {
                                visitor.accept(rec.key(), rec.value());
                            }
                        }
                    }
                    offset = h.nextOffset();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not replay " + log.dir() + ": " + e.getMessage(), e);
        }
    }
}
