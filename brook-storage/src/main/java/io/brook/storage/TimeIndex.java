package io.brook.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Kafka's {@code .timeindex}: entry = timestamp int64, relativeOffset int32, timestamps strictly
 * increasing. Each entry is (max timestamp so far in the segment, offset of the batch that has it).
 */
final class TimeIndex extends IndexFile {
    static final int ENTRY_SIZE = 12;
    private long lastTimestamp = -1; // guarded by the log lock
    private long lastOffset = -1;

    TimeIndex(Path file, long baseOffset) throws IOException {
        super(file, baseOffset, ENTRY_SIZE);
        if (hasWholeEntries() && entries() > 0) {
            ByteBuffer e = readEntry(entries() - 1, ByteBuffer.allocate(ENTRY_SIZE));
            lastTimestamp = e.getLong(0);
            lastOffset = baseOffset + e.getInt(8);
        }
    }

    /** Appends (timestamp, offset) only if the timestamp grows, as Kafka does. */
    void maybeAppend(long timestamp, long offset) throws IOException {
        if (timestamp < 0 || (entries() > 0 && (timestamp <= lastTimestamp || offset < lastOffset))) {
            return;
        }
        appendEntry(ByteBuffer.allocate(ENTRY_SIZE).putLong(0, timestamp).putInt(8, (int) (offset - baseOffset)));
        lastTimestamp = timestamp;
        lastOffset = offset;
    }

    long lastTimestamp() {
        return lastTimestamp;
    }

    long lastOffset() {
        return lastOffset;
    }

    /**
     * Offset from which a scan finds the first batch with maxTimestamp >= target: the offset of the
     * last entry whose timestamp is strictly below target (every batch up to it is older), else the
     * segment base offset.
     */
    long lookupStartOffset(long targetTimestamp) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(ENTRY_SIZE);
        int lo = 0;
        int hi = entries() - 1;
        long found = baseOffset;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            readEntry(mid, b);
            if (b.getLong(0) < targetTimestamp) {
                found = baseOffset + b.getInt(8);
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Removes entries with offset >= {@code offset}. */
    void truncateTo(long offset) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(ENTRY_SIZE);
        int keep = entries();
        while (keep > 0 && baseOffset + readEntry(keep - 1, b).getInt(8) >= offset) {
            keep--;
        }
        truncateToEntries(keep);
        if (keep == 0) {
            lastTimestamp = -1;
            lastOffset = -1;
        } else {
            readEntry(keep - 1, b);
            lastTimestamp = b.getLong(0);
            lastOffset = baseOffset + b.getInt(8);
        }
    }

    void reset() throws IOException {
        truncateToEntries(0);
        lastTimestamp = -1;
        lastOffset = -1;
    }

    /** Whole entries, strictly increasing timestamps, non-decreasing non-negative offsets. */
    boolean isSane() throws IOException {
        if (!hasWholeEntries()) {
            return false;
        }
        ByteBuffer b = ByteBuffer.allocate(ENTRY_SIZE);
        long prevTs = Long.MIN_VALUE;
        long prevOff = 0;
        for (int i = 0; i < entries(); i++) {
            readEntry(i, b);
            long ts = b.getLong(0);
            int off = b.getInt(8);
            if ((i > 0 && ts <= prevTs) || off < prevOff) {
                return false;
            }
            prevTs = ts;
            prevOff = off;
        }
        return true;
    }
}
