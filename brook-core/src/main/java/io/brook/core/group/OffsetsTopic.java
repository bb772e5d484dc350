package io.brook.core.group;

import io.brook.core.controller.ClusterController;
import io.brook.core.controller.NewTopic;
import io.brook.core.error.BrookException;
import io.brook.core.error.ErrorCode;
import io.brook.core.partition.Partition;
import io.brook.core.partition.PartitionManager;
import io.brook.core.partition.TopicPartition;
import io.brook.metadata.image.TopicImage;
import io.brook.storage.ReadResult;
import io.brook.storage.StorageException;
import io.brook.storage.record.BatchHeader;
import io.brook.storage.record.Record;
import io.brook.storage.record.RecordBatchWriter;
import io.brook.storage.record.RecordBatches;
import io.brook.storage.record.RecordIterator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code __consumer_offsets} on this broker: created on first use (offsets.topic.num.partitions
 * partitions, compacted), written by the coordinator through {@link CoordinatorLog}, and replayed
 * into the coordinator when this broker leads a partition of it (on a single node: at start-up,
 * or when the topic is created).
 */
public final class OffsetsTopic implements CoordinatorLog {

    public static final String NAME = "__consumer_offsets";
    private static final Logger log = LoggerFactory.getLogger(OffsetsTopic.class);

    private final ClusterController controller;
    private final PartitionManager partitions;
    private final int numPartitions;
    private final short replicationFactor;
    private final Clock clock;
    private GroupCoordinator coordinator;

    public OffsetsTopic(ClusterController controller, PartitionManager partitions, int numPartitions,
                        short replicationFactor, Clock clock) {
        this.controller = controller;
        this.partitions = partitions;
        this.numPartitions = numPartitions;
        this.replicationFactor = replicationFactor;
        this.clock = clock;
    }

    /** Connects the coordinator and loads the partitions that already exist. */
    public synchronized void start(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
        if (controller.image().topic(NAME).isPresent()) {
            loadAll();
        }
    }

    /** Creates the topic if it does not exist yet (FindCoordinator's first use) and loads it. */
    public synchronized void ensureCreated() {
        if (controller.image().topic(NAME).isPresent()) {
            if (!allLoaded()) {
                loadAll();
            }
            return;
        }
        try {
            controller.createTopic(new NewTopic(NAME, numPartitions, replicationFactor, Map.of(),
                    Map.of("cleanup.policy", "compact", "segment.bytes", "104857600",
                            "compression.type", "producer")), false);
            log.info("Created {} with {} partitions", NAME, numPartitions);
        } catch (BrookException e) {
            if (e.error() != ErrorCode.TOPIC_ALREADY_EXISTS) {
                throw e;
            }
        }
        loadAll();
    }

    private boolean allLoaded() {
        int count = controller.image().topic(NAME).map(TopicImage::partitionCount).orElse(0);
        for (int p = 0; p < count; p++) {
            if (!coordinator.isLoaded(p)) {
                return false;
            }
        }
        return true;
    }

    private void loadAll() {
        int count = controller.image().topic(NAME).map(TopicImage::partitionCount).orElse(0);
        for (int p = 0; p < count; p++) {
            if (coordinator.isLoaded(p)) {
                continue;
            }
            Partition partition = partitions.partition(NAME, p).orElse(null);
            if (partition == null) {
                continue;
            }
            try {
                List<CoordinatorLogEntry> records = readAll(partition);
                coordinator.load(p, records);
                if (!records.isEmpty()) {
                    log.info("Loaded {} group record(s) from {}-{}", records.size(), NAME, p);
                }
            } catch (IOException | RuntimeException e) {
                log.error("Could not load {}-{}: {}", NAME, p, e.toString());
            }
        }
    }

    /** Every record and transaction marker of the partition, in log order (open transactions included). */
    static List<CoordinatorLogEntry> readAll(Partition partition) throws IOException {
        List<CoordinatorLogEntry> out = new ArrayList<>();
        long offset = partition.logStartOffset();
        long end = partition.highWatermark();
        while (offset < end) {
            ReadResult result = partition.read(offset, 1 << 20, false, true);
            if (result.slice().isEmpty()) {
                break;
            }
            ByteBuffer buf = result.slice().readAll();
            long next = offset;
            for (BatchHeader batch : RecordBatches.of(buf)) {
                next = batch.nextOffset();
                if (batch.lastOffset() < offset) {
                    continue;
                }
                if (batch.isControl()) {
                    Boolean commit = markerType(batch);
                    if (commit != null && batch.baseOffset() >= offset) {
                        out.add(new CoordinatorLogEntry.Marker(batch.baseOffset(), batch.producerId(), commit));
                    }
                    continue;
                }
                long producerId = batch.isTransactional() ? batch.producerId() : -1;
                for (Record r : RecordIterator.readAll(batch)) {
                    if (r.offset() < offset || r.key() == null) {
                        continue;
                    }
                    CoordinatorRecord record = CoordinatorRecordSerde.read(r.key(), r.value());
                    if (record != null) {
                        out.add(new CoordinatorLogEntry.Data(r.offset(), producerId, record));
                    }
                }
            }
            if (next <= offset) {
                break;
            }
            offset = next;
        }
        return out;
    }

    /** TRUE for a COMMIT marker, FALSE for ABORT, null for another control record. */
    private static Boolean markerType(BatchHeader batch) {
        for (Record r : RecordIterator.readAll(batch)) {
            if (r.key() != null && r.key().remaining() >= 4) {
                short type = r.key().getShort(r.key().position() + 2);
                if (type == RecordBatchWriter.CONTROL_TYPE_COMMIT) {
                    return Boolean.TRUE;
                }
                if (type == RecordBatchWriter.CONTROL_TYPE_ABORT) {
                    return Boolean.FALSE;
                }
            }
            return null;
        }
        return null;
    }

    @Override
    public long append(int partitionIndex, List<CoordinatorRecord> records) {
        return appendBatch(partitionIndex, new RecordBatchWriter(), records);
    }

    @Override
    public long appendTransactional(int partitionIndex, long producerId, short producerEpoch,
                                    List<CoordinatorRecord> records) {
        // As Kafka's coordinator: the producer's id and epoch, no sequence (the coordinator dedupes nothing).
        return appendBatch(partitionIndex, new RecordBatchWriter()
                .producer(producerId, producerEpoch, BatchHeader.NO_SEQUENCE).transactional(true), records);
    }

    @Override
    public long appendMarker(int partitionIndex, long producerId, short producerEpoch, int coordinatorEpoch,
                             boolean commit) {
        Partition partition = partitions.partition(new TopicPartition(NAME, partitionIndex)).orElse(null);
        if (partition == null) {
            return -1;
        }
        try {
            return partition.appendTransactionMarker(producerId, producerEpoch, coordinatorEpoch, commit).firstOffset();
        } catch (StorageException e) {
            throw new BrookException(codeOf(e.kafkaErrorCode()), e.getMessage());
        } catch (IOException e) {
            throw new BrookException(ErrorCode.KAFKA_STORAGE_ERROR, e.getMessage());
        }
    }

    private long appendBatch(int partitionIndex, RecordBatchWriter writer, List<CoordinatorRecord> records) {
        Partition partition = partitions.partition(new TopicPartition(NAME, partitionIndex)).orElse(null);
        if (partition == null) {
            ensureCreated();
            partition = partitions.partition(new TopicPartition(NAME, partitionIndex)).orElseThrow(() ->
                    new BrookException(ErrorCode.COORDINATOR_NOT_AVAILABLE, NAME + "-" + partitionIndex + " is not available"));
        }
        long now = clock.millis();
        for (CoordinatorRecord record : records) {
            writer.add(CoordinatorRecordSerde.key(record), CoordinatorRecordSerde.value(record), now);
        }
        try {
            return partition.appendAsCoordinator(writer.build(0L)).firstOffset();
        } catch (StorageException e) {
            throw new BrookException(codeOf(e.kafkaErrorCode()), e.getMessage());
        } catch (IOException e) {
            throw new BrookException(ErrorCode.KAFKA_STORAGE_ERROR, e.getMessage());
        }
    }

    private static ErrorCode codeOf(int code) {
        for (ErrorCode c : ErrorCode.values()) {
            if (c.code() == code) {
                return c;
            }
        }
        return ErrorCode.UNKNOWN_SERVER_ERROR;
    }
}
