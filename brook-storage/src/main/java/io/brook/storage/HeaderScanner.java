package io.brook.storage;

import io.brook.storage.record.BatchHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Walks batch headers of a segment file with read-ahead: one positional read fetches a window of up
 * to 16 KiB, so scanning many small batches costs few syscalls; after a large batch only the 61 header
 * bytes are read, so big batches are not copied needlessly. The first read of a scan fetches just a
 * header (and the 16 KiB window is allocated only once batches prove small): a fetch starts at an index
 * entry, usually the very batch it wants, and busy producers write large batches, so most scans never
 * need the window. Single-threaded, one per scan.
 *
 * <p>A scan that {@link #release releases} its window leaves it to the next scan on the same thread:
 * a consumer polling the tail of a log walks small batches from the last index entry on every fetch,
 * and a fresh 16 KiB window per fetch was most of the broker's garbage under such load.
 */
final class HeaderScanner {
    private static final int WINDOW = 16 * 1024;
    private static final ThreadLocal<ByteBuffer[]> SPARE_WINDOW = ThreadLocal.withInitial(() -> new ByteBuffer[1]);
    /** Stands in for a released window: empty, so any later fill takes a window again. */
    private static final ByteBuffer RELEASED = ByteBuffer.allocate(0);

    private final FileChannel channel;
    private final long limit;
    private ByteBuffer buf = ByteBuffer.allocate(BatchHeader.HEADER_SIZE);
    private final BatchHeader header = new BatchHeader(buf, 0);
    private long windowStart = -1;
    private int windowLength;
    private int lastBatchSize;

    /** Scans [0, limit) of {@code channel}. */
    HeaderScanner(FileChannel channel, long limit) {
        this.channel = channel;
        this.limit = limit;
    }

    /** The header at {@code position}, or null if fewer than 61 bytes remain before the limit. */
    BatchHeader at(long position) throws IOException {
        if (position < 0 || position + BatchHeader.HEADER_SIZE > limit) {
            return null;
        }
        if (windowStart < 0 || position < windowStart || position + BatchHeader.HEADER_SIZE > windowStart + windowLength) {
            fill(position);
            if (windowLength < BatchHeader.HEADER_SIZE) {
                return null;
            }
        }
        header.reset(buf, (int) (position - windowStart));
        lastBatchSize = header.batchLength() + BatchHeader.LOG_OVERHEAD;
        return header;
    }

    /** End of the scanned range. */
    long limit() {
        return limit;
    }

    /** True if a batch of {@code size} bytes at {@code position} ends within the limit. */
    boolean fits(long position, int size) {
        return size >= BatchHeader.HEADER_SIZE && position + size <= limit;
    }

    /**
     * Hands the window to the next scan on this thread. The scanner, and any header it returned, must
     * not be used afterwards. A scan nested in another simply allocates its own window.
     */
    void release() {
        if (buf.capacity() == WINDOW) {
            SPARE_WINDOW.get()[0] = buf;
            buf = RELEASED;
            windowStart = -1;
        }
    }

    private static ByteBuffer takeWindow() {
        ByteBuffer[] slot = SPARE_WINDOW.get();
        ByteBuffer window = slot[0];
        slot[0] = null;
        return window != null ? window : ByteBuffer.allocate(WINDOW);
    }

    private void fill(long position) throws IOException {
        int want = lastBatchSize == 0 || lastBatchSize > WINDOW / 2 ? BatchHeader.HEADER_SIZE : WINDOW;
        want = (int) Math.min(want, limit - position);
        if (want > buf.capacity()) {
            buf = takeWindow();
        }
        buf.clear().limit(want);
        while (buf.hasRemaining()) {
            if (channel.read(buf, position + buf.position()) < 0) {
                break;
            }
        }
        buf.flip();
        windowStart = position;
        windowLength = buf.limit();
    }
}
