package io.brook.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A byte range of a segment file holding whole record batches. Send it with
 * {@link #transferTo} / Netty's {@code DefaultFileRegion} for zero copy, or {@link #readAll} it.
 * The channel belongs to the log: do not close it.
 */
public record FileSlice(FileChannel channel, long position, int size) {
    private static final FileSlice EMPTY = new FileSlice(null, 0, 0);

    public static FileSlice empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Copies the slice into a new heap buffer (position 0, limit size). */
    public ByteBuffer readAll() throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(size);
        readInto(buf);
        buf.flip();
        return buf;
    }

    /** Copies the slice into {@code dst}, which must have {@code size} bytes remaining. */
    public void readInto(ByteBuffer dst) throws IOException {
        if (dst.remaining() < size) {
            throw new IllegalArgumentException("need " + size + " bytes, buffer has " + dst.remaining());
        }
        long p = position;
        long end = position + size;
        int limit = dst.limit();
        dst.limit(dst.position() + size);
        try {
            while (p < end) {
                int n = channel.read(dst, p);
                if (n < 0) {
                    throw new IOException("segment file shorter than slice [" + position + ", " + end + ")");
                }
                p += n;
            }
        } finally {
            dst.limit(limit);
        }
    }

    /** Writes the whole slice to {@code target} (sendfile where the OS allows); returns bytes written. */
    public long transferTo(WritableByteChannel target) throws IOException {
        long done = 0;
        while (done < size) {
            long n = channel.transferTo(position + done, size - done, target);
            if (n <= 0) {
                break;
            }
            done += n;
        }
        return done;
    }
}
