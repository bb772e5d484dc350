package io.brook.storage.record;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One decoded record of an uncompressed batch. {@code key} and {@code value} are read-only views into
 * the batch buffer (null when the field is null).
 */
public record Record(long offset, long timestamp, ByteBuffer key, ByteBuffer value, List<RecordHeader> headers) {

    public byte[] keyBytes() {
        return toBytes(key);
    }

    public byte[] valueBytes() {
        return toBytes(value);
    }

    private static byte[] toBytes(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
