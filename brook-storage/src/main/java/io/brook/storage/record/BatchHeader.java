package io.brook.storage.record;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Read-mostly flyweight over the 61-byte header of a Kafka magic-v2 record batch at {@code position}
 * of a big-endian {@link ByteBuffer}. Nothing is copied: accessors read the buffer absolutely, so one
 * instance can be {@link #reset re-pointed} at successive batches.
 *
 * <p>The only writers are the fields the broker patches in place ({@link #setBaseOffset},
 * {@link #setPartitionLeaderEpoch} — neither is covered by the CRC) and {@link #setLogAppendTime},
 * which recomputes the CRC like Kafka's {@code DefaultRecordBatch.setMaxTimestamp}.
 */
public final class BatchHeader {
    public static final int BASE_OFFSET_OFFSET = 0;
    public static final int LENGTH_OFFSET = 8;
    /** baseOffset + batchLength: the bytes not counted by batchLength. */
    public static final int LOG_OVERHEAD = 12;
    public static final int PARTITION_LEADER_EPOCH_OFFSET = 12;
    public static final int MAGIC_OFFSET = 16;
    public static final int CRC_OFFSET = 17;
    public static final int ATTRIBUTES_OFFSET = 21;
    public static final int LAST_OFFSET_DELTA_OFFSET = 23;
    public static final int BASE_TIMESTAMP_OFFSET = 27;
    public static final int MAX_TIMESTAMP_OFFSET = 35;
    public static final int PRODUCER_ID_OFFSET = 43;
    public static final int PRODUCER_EPOCH_OFFSET = 51;
    public static final int BASE_SEQUENCE_OFFSET = 53;
    public static final int RECORDS_COUNT_OFFSET = 57;
    public static final int RECORDS_OFFSET = 61;
    /** Size of the batch header, i.e. of an empty batch. */
    public static final int HEADER_SIZE = RECORDS_OFFSET;
    /** Smallest legal value of the batchLength field. */
    public static final int MIN_BATCH_LENGTH = HEADER_SIZE - LOG_OVERHEAD;

    public static final byte MAGIC_V2 = 2;
    public static final int COMPRESSION_MASK = 0x07;
    public static final int TIMESTAMP_TYPE_MASK = 0x08;
    public static final int TRANSACTIONAL_FLAG = 0x10;
    public static final int CONTROL_FLAG = 0x20;
    public static final int DELETE_HORIZON_FLAG = 0x40;

    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;
    public static final int NO_SEQUENCE = -1;
    public static final int NO_PARTITION_LEADER_EPOCH = -1;
    public static final long NO_TIMESTAMP = -1L;

    private ByteBuffer buf;
    private int pos;

    public BatchHeader(ByteBuffer buf, int position) {
        reset(buf, position);
    }

    public static BatchHeader at(ByteBuffer buf, int position) {
        return new BatchHeader(buf, position);
    }

    /** Re-points this flyweight; returns this. */
    public BatchHeader reset(ByteBuffer buf, int position) {
        this.buf = buf;
        this.pos = position;
        return this;
    }

    public ByteBuffer buffer() { return buf; }
    public int position() { return pos; }

    public long baseOffset() { return buf.getLong(pos + BASE_OFFSET_OFFSET); }
    public int batchLength() { return buf.getInt(pos + LENGTH_OFFSET); }
    /** Whole batch size on disk / on the wire: {@code 12 + batchLength}. */
    public int sizeInBytes() { return LOG_OVERHEAD + batchLength(); }
    public int partitionLeaderEpoch() { return buf.getInt(pos + PARTITION_LEADER_EPOCH_OFFSET); }
    public byte magic() { return buf.get(pos + MAGIC_OFFSET); }
    public long crc() { return Integer.toUnsignedLong(buf.getInt(pos + CRC_OFFSET)); }
    public short attributes() { return buf.getShort(pos + ATTRIBUTES_OFFSET); }
    /** Kafka compression codec id: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd. */
    public int compressionType() { return attributes() & COMPRESSION_MASK; }
    public boolean isCompressed() { return compressionType() != 0; }
    public boolean isLogAppendTime() { return (attributes() & TIMESTAMP_TYPE_MASK) != 0; }
    public boolean isTransactional() { return (attributes() & TRANSACTIONAL_FLAG) != 0; }
    public boolean isControl() { return (attributes() & CONTROL_FLAG) != 0; }
    public boolean hasDeleteHorizon() { return (attributes() & DELETE_HORIZON_FLAG) != 0; }
    public int lastOffsetDelta() { return buf.getInt(pos + LAST_OFFSET_DELTA_OFFSET); }
    public long lastOffset() { return baseOffset() + lastOffsetDelta(); }
    public long nextOffset() { return lastOffset() + 1; }
    public long baseTimestamp() { return buf.getLong(pos + BASE_TIMESTAMP_OFFSET); }
    public long maxTimestamp() { return buf.getLong(pos + MAX_TIMESTAMP_OFFSET); }
    public long producerId() { return buf.getLong(pos + PRODUCER_ID_OFFSET); }
    public short producerEpoch() { return buf.getShort(pos + PRODUCER_EPOCH_OFFSET); }
    public int baseSequence() { return buf.getInt(pos + BASE_SEQUENCE_OFFSET); }
    /** Sequence of the last record, wrapping past Integer.MAX_VALUE to 0 like Kafka. */
    public int lastSequence() {
        int base = baseSequence();
        return base == NO_SEQUENCE ? NO_SEQUENCE : incrementSequence(base, lastOffsetDelta());
    }
    public int recordsCount() { return buf.getInt(pos + RECORDS_COUNT_OFFSET); }
    public boolean hasProducerId() { return producerId() >= 0; }

    /** CRC-32C of attributes..end of batch, the value the crc field must hold. */
    public long computeCrc() {
        ByteBuffer d = buf.duplicate();
        d.limit(pos + sizeInBytes()).position(pos + ATTRIBUTES_OFFSET);
        CRC32C crc = new CRC32C();
        crc.update(d);
        return crc.getValue();
    }

    public boolean isValidCrc() { return computeCrc() == crc(); }

    public void setBaseOffset(long offset) { buf.putLong(pos + BASE_OFFSET_OFFSET, offset); }

    public void setPartitionLeaderEpoch(int epoch) { buf.putInt(pos + PARTITION_LEADER_EPOCH_OFFSET, epoch); }

    /** Marks the batch LogAppendTime with maxTimestamp = {@code timestampMs}; rewrites the CRC. */
    public void setLogAppendTime(long timestampMs) {
        if (isLogAppendTime() && maxTimestamp() == timestampMs) {
            return;
        }
        buf.putShort(pos + ATTRIBUTES_OFFSET, (short) (attributes() | TIMESTAMP_TYPE_MASK));
        buf.putLong(pos + MAX_TIMESTAMP_OFFSET, timestampMs);
        buf.putInt(pos + CRC_OFFSET, (int) computeCrc());
    }

    /** A view of exactly this batch (position 0 = baseOffset). */
    public ByteBuffer slice() {
        ByteBuffer d = buf.duplicate();
        d.limit(pos + sizeInBytes()).position(pos);
        return d.slice();
    }

    public static int incrementSequence(int sequence, int increment) {
        if (sequence > Integer.MAX_VALUE - increment) {
            return increment - (Integer.MAX_VALUE - sequence) - 1;
        }
        return sequence + increment;
    }

    public static int decrementSequence(int sequence, int decrement) {
        if (sequence < decrement) {
            return Integer.MAX_VALUE - (decrement - sequence) + 1;
        }
        return sequence - decrement;
    }

    @Override
    public String toString() {
        return "BatchHeader(baseOffset=" + baseOffset() + ", lastOffset=" + lastOffset() + ", size=" + sizeInBytes()
                + ", producerId=" + producerId() + ", epoch=" + producerEpoch() + ", baseSeq=" + baseSequence()
                + ", records=" + recordsCount() + ")";
    }
}
