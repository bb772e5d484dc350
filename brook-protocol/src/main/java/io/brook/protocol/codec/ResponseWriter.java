package io.brook.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.DefaultFileRegion;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Serializes a response into Netty buffers. Fetched file slices become file regions between
 * the buffers, so the response leaves as: bytes, region, bytes, region, ...
 */
final class ResponseWriter implements Writable {

    private final ByteBufAllocator allocator;
    private final List<Object> parts = new ArrayList<>(4);
    private ByteBuf current;
    private int remaining;

    ResponseWriter(ByteBufAllocator allocator, int totalSize) {
        this.allocator = allocator;
        this.remaining = totalSize;
        this.current = allocator.buffer(Math.min(totalSize, 64 * 1024));
    }

    /** The buffers and regions to write, in order. */
    List<Object> finish() {
        if (current.isReadable()) {
            parts.add(current);
        } else {
            current.release();
        }
        current = null;
        return parts;
    }

    void release() {
        if (current != null) {
            current.release();
        }
        parts.forEach(io.netty.util.ReferenceCountUtil::release);
    }

    @Override
    public void writeByte(byte val) {
        current.writeByte(val);
    }

    @Override
    public void writeShort(short val) {
        current.writeShort(val);
    }

    @Override
    public void writeInt(int val) {
        current.writeInt(val);
    }

    @Override
    public void writeLong(long val) {
        current.writeLong(val);
    }

    @Override
    public void writeDouble(double val) {
        current.writeDouble(val);
    }

    @Override
    public void writeByteArray(byte[] arr) {
        current.writeBytes(arr);
    }

    @Override
    public void writeUnsignedVarint(int i) {
        while ((i & 0xffffff80) != 0L) {
            current.writeByte((i & 0x7f) | 0x80);
            i >>>= 7;
        }
        current.writeByte(i);
    }

    @Override
    public void writeByteBuffer(ByteBuffer buf) {
        current.writeBytes(buf.duplicate());
    }

    @Override
    public void writeVarint(int i) {
        writeUnsignedVarint((i << 1) ^ (i >> 31));
    }

    @Override
    public void writeVarlong(long i) {
        long v = (i << 1) ^ (i >> 63);
        while ((v & 0xffffffffffffff80L) != 0L) {
            current.writeByte(((int) v & 0x7f) | 0x80);
            v >>>= 7;
        }
        current.writeByte((int) v);
    }

    @Override
    public void writeRecords(BaseRecords records) {
        if (records instanceof FileSliceRecords file) {
            if (file.sizeInBytes() == 0) {
                return;
            }
            parts.add(current);
            var slice = file.slice();
            // The region shares the segment's channel; the extra retain keeps Netty's release
            // after the write from closing it. The segment owns and closes the channel.
            parts.add(new DefaultFileRegion(slice.channel(), slice.position(), slice.size()).retain());
            current = allocator.buffer(1024);
        } else if (records instanceof MemoryRecords memory) {
            current.writeBytes(memory.buffer().duplicate());
        } else {
            throw new IllegalArgumentException("Unsupported records type " + records.getClass());
        }
    }
}
