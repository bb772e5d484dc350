package io.brook.storage.record;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes one UNCOMPRESSED Kafka magic-v2 record batch, CRC included. Used by the broker for its own
 * records (metadata, {@code __consumer_offsets}, transaction markers) and by tests.
 *
 * <pre>{@code
 * ByteBuffer batch = new RecordBatchWriter()
 *     .producer(pid, epoch, seq)
 *     .add(key, value, timestampMs)
 *     .build(0L);
 * }</pre>
 */
public final class RecordBatchWriter {
    /** Control record types (key field {@code type}). */
    public static final short CONTROL_TYPE_ABORT = 0;
    public static final short CONTROL_TYPE_COMMIT = 1;

    private long producerId = BatchHeader.NO_PRODUCER_ID;
    private short producerEpoch = BatchHeader.NO_PRODUCER_EPOCH;
    private int baseSequence = BatchHeader.NO_SEQUENCE;
    private int partitionLeaderEpoch = BatchHeader.NO_PARTITION_LEADER_EPOCH;
    private boolean transactional;
    private boolean control;
    private final List<SimpleRecord> records = new ArrayList<>();

    public RecordBatchWriter producer(long producerId, short producerEpoch, int baseSequence) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        return this;
    }

    public RecordBatchWriter transactional(boolean transactional) {
        this.transactional = transactional;
        return this;
    }

    public RecordBatchWriter control(boolean control) {
        this.control = control;
        return this;
    }

    public RecordBatchWriter partitionLeaderEpoch(int epoch) {
        this.partitionLeaderEpoch = epoch;
        return this;
    }

    public RecordBatchWriter add(byte[] key, byte[] value, long timestamp, RecordHeader... headers) {
        records.add(new SimpleRecord(key, value, timestamp, List.of(headers)));
        return this;
    }

    public RecordBatchWriter add(SimpleRecord record) {
        records.add(record);
        return this;
    }

    public RecordBatchWriter addAll(List<SimpleRecord> all) {
        records.addAll(all);
        return this;
    }

    public int recordCount() {
        return records.size();
    }

    /** Encodes the batch; the returned buffer has position 0 and limit = batch size. */
    public ByteBuffer build(long baseOffset) {
        if (records.isEmpty()) {
            throw new IllegalStateException("a record batch needs at least one record");
        }
        long baseTimestamp = records.get(0).timestamp();
        long maxTimestamp = Long.MIN_VALUE;
        ByteArrayOutputStream body = new ByteArrayOutputStream(64 * records.size());
        ByteArrayOutputStream rec = new ByteArrayOutputStream(64);
        for (int i = 0; i < records.size(); i++) {
            SimpleRecord r = records.get(i);
            maxTimestamp = Math.max(maxTimestamp, r.timestamp());
            rec.reset();
            rec.write(0); // record attributes: unused
            Varint.writeVarlong(r.timestamp() - baseTimestamp, rec);
            Varint.writeVarint(i, rec);
            writeBytes(r.key(), rec);
            writeBytes(r.value(), rec);
            Varint.writeVarint(r.headers().size(), rec);
            for (RecordHeader h : r.headers()) {
                writeBytes(h.key().getBytes(StandardCharsets.UTF_8), rec);
                writeBytes(h.value(), rec);
            }
            Varint.writeVarint(rec.size(), body);
            body.write(rec.toByteArray(), 0, rec.size());
        }
        byte[] recordBytes = body.toByteArray();
        int size = BatchHeader.HEADER_SIZE + recordBytes.length;
        ByteBuffer buf = ByteBuffer.allocate(size);
        int attributes = (transactional ? BatchHeader.TRANSACTIONAL_FLAG : 0) | (control ? BatchHeader.CONTROL_FLAG : 0);
        buf.putLong(baseOffset)
                .putInt(size - BatchHeader.LOG_OVERHEAD)
                .putInt(partitionLeaderEpoch)
                .put(BatchHeader.MAGIC_V2)
                .putInt(0) // crc, filled below
                .putShort((short) attributes)
                .putInt(records.size() - 1)
                .putLong(baseTimestamp)
                .putLong(maxTimestamp)
                .putLong(producerId)
                .putShort(producerEpoch)
                .putInt(baseSequence)
                .putInt(records.size())
                .put(recordBytes);
        buf.flip();
        BatchHeader header = BatchHeader.at(buf, 0);
        buf.putInt(BatchHeader.CRC_OFFSET, (int) header.computeCrc());
        return buf;
    }

    /** One-call form for plain (non-idempotent) records. */
    public static ByteBuffer of(long baseOffset, List<SimpleRecord> records) {
        return new RecordBatchWriter().addAll(records).build(baseOffset);
    }

    /**
     * A transaction marker: a transactional control batch with one control record whose key is
     * (version 0, type) and value is (version 0, coordinatorEpoch), exactly as Kafka writes it.
     */
    public static ByteBuffer endTransactionMarker(long baseOffset, long producerId, short producerEpoch,
                                                  int coordinatorEpoch, boolean commit, long timestamp) {
        ByteBuffer key = ByteBuffer.allocate(4).putShort((short) 0).putShort(commit ? CONTROL_TYPE_COMMIT : CONTROL_TYPE_ABORT);
        ByteBuffer value = ByteBuffer.allocate(6).putShort((short) 0).putInt(coordinatorEpoch);
        return new RecordBatchWriter()
                .producer(producerId, producerEpoch, BatchHeader.NO_SEQUENCE)
                .transactional(true)
                .control(true)
                .add(key.array(), value.array(), timestamp)
                .build(baseOffset);
    }

    private static void writeBytes(byte[] bytes, ByteArrayOutputStream out) {
        if (bytes == null) {
            Varint.writeVarint(-1, out);
        } else {
            Varint.writeVarint(bytes.length, out);
            out.writeBytes(bytes);
        }
    }
}
