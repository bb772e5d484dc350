package io.brook.storage;

import java.nio.ByteBuffer;

/**
 * One entry of a {@code .txnindex} file, in Kafka's format (34 bytes, big-endian):
 * {@code version int16 (0), producerId int64, firstOffset int64, lastOffset int64, lastStableOffset int64}.
 * {@code lastOffset} is the offset of the abort marker; {@code lastStableOffset} the partition's LSO right
 * after the abort, which lets a search stop early.
 */
public record AbortedTxn(long producerId, long firstOffset, long lastOffset, long lastStableOffset) {
    public static final short VERSION = 0;
    public static final int SIZE = 2 + 8 + 8 + 8 + 8;

    void writeTo(ByteBuffer buf) {
        buf.putShort(VERSION).putLong(producerId).putLong(firstOffset).putLong(lastOffset).putLong(lastStableOffset);
    }

    static AbortedTxn readFrom(ByteBuffer buf) {
        short version = buf.getShort();
        if (version != VERSION) {
            throw new IllegalArgumentException("unsupported aborted transaction entry version " + version);
        }
        return new AbortedTxn(buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong());
    }
}
