package io.brook.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Kafka's {@code .index}: sparse map from offset to byte position in the segment's {@code .log}.
 * Entry = relativeOffset int32, position int32. Kafka (and Brook) index a batch by its LAST offset at its
 * START position, so the floor entry of any target offset points at or before the batch holding it.
 */
final class OffsetIndex extends IndexFile {
    static final int ENTRY_SIZE = 8;
    private long lastOffset = -1; // guarded by the log lock

    OffsetIndex(Path file, long baseOffset) throws IOException {
        super(file, baseOffset, ENTRY_SIZE);
        if (hasWholeEntries() && entries() > 0) {
            lastOffset = baseOffset + readEntry(entries() - 1, ByteBuffer.allocate(ENTRY_SIZE)).getInt(0);
        }
    }

    /** Adds an entry unless {@code offset} is not beyond the last entry. */
    void append(long offset, int position) throws IOException {
        if (entries() > 0 && offset <= lastOffset) {
            return;
        }
        appendEntry(ByteBuffer.allocate(ENTRY_SIZE).putInt(0, (int) (offset - baseOffset)).putInt(4, position));
        lastOffset = offset;
    }

    /** Byte position of the last entry whose offset is <= target, or 0 if there is none. */
    int lookup(long targetOffset) throws IOException {
        int n = floorEntry(targetOffset);
        return n < 0 ? 0 : readEntry(n, ByteBuffer.allocate(ENTRY_SIZE)).getInt(4);
    }

    /** Position stored in the last entry, or 0 if empty. */
    int lastPosition() throws IOException {
        int n = entries();
        return n == 0 ? 0 : readEntry(n - 1, ByteBuffer.allocate(ENTRY_SIZE)).getInt(4);
    }

    /** Removes entries with offset >= {@code offset}. */
    void truncateTo(long offset) throws IOException {
        int keep = floorEntry(offset - 1) + 1;
        truncateToEntries(keep);
        lastOffset = keep == 0 ? -1 : baseOffset + readEntry(keep - 1, ByteBuffer.allocate(ENTRY_SIZE)).getInt(0);
    }

    void reset() throws IOException {
        truncateToEntries(0);
        lastOffset = -1;
    }

    /** Index of the last entry with offset <= target, -1 if none. */
    private int floorEntry(long targetOffset) throws IOException {
        long rel = targetOffset - baseOffset;
        ByteBuffer b = ByteBuffer.allocate(ENTRY_SIZE);
        int lo = 0;
        int hi = entries() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (readEntry(mid, b).getInt(0) <= rel) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Whole entries, strictly increasing offsets, non-decreasing positions all below {@code logSize}. */
    boolean isSane(long logSize) throws IOException {
        if (!hasWholeEntries()) {
            return false;
        }
        ByteBuffer b = ByteBuffer.allocate(ENTRY_SIZE);
        long prevOff = -1;
        long prevPos = -1;
        for (int i = 0; i < entries(); i++) {
            readEntry(i, b);
            int off = b.getInt(0);
            int pos = b.getInt(4);
            if (off <= prevOff || pos < prevPos || pos >= logSize || off < 0) {
                return false;
            }
            prevOff = off;
            prevPos = pos;
        }
        return true;
    }
}
