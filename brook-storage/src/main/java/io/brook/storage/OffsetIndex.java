package io.brook.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Kafka's {@code .index}: sparse map from offset to byte position in the segment's {@code .log}.
 * Entry = relativeOffset int32, position int32. Kafka (and Brook) index a batch by its LAST offset at its
 * START position, so the floor entry of any target offset points at or before the batch holding it.
 *
 * <p>Lookups use a two-level search so that one costs one positional read, not one per binary-search probe:
 * an in-heap {@link Summary} keeps the relative offset and position of every {@value #BLOCK_ENTRIES}th entry
 * (8 bytes per 1 KiB of index, i.e. ~16 KiB per GiB of log at the default index interval), built on the first lookup and
 * kept current by appends and truncations; the lookup binary-searches it, reads the one block of entries
 * that can hold the answer, and searches that in memory.
 */
final class OffsetIndex extends IndexFile {
    static final int ENTRY_SIZE = 8;
    static final int BLOCK_ENTRIES = 128;
    private static final ThreadLocal<ByteBuffer> BLOCK_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(2 * BLOCK_ENTRIES * ENTRY_SIZE));

    private long lastOffset = -1; // guarded by the log lock
    private final Object summaryLock = new Object();
    /** Null until the first lookup; replaced (never mutated below its count) under summaryLock. */
    private volatile Summary summary;

    /**
     * Relative offset and position of the first entry of each block of {@link #BLOCK_ENTRIES} entries. Snapshots
     * share the arrays: a newer one only writes slots at or above an older one's count; truncation copies them.
     */
    private record Summary(int[] firsts, int[] positions, int count) {
        static final Summary EMPTY = new Summary(new int[0], new int[0], 0);

        /** With block {@code block} starting at {@code relOffset}; null if that would leave a gap. */
        Summary with(int block, int relOffset, int position) {
            if (block < count) {
                return this; // already there (built from the file after the entry was written)
            }
            if (block > count) {
                return null;
            }
            int[] a = firsts;
            int[] p = positions;
            if (block >= a.length) {
                a = Arrays.copyOf(a, Math.max(16, a.length * 2));
                p = Arrays.copyOf(p, a.length);
            }
            a[block] = relOffset;
            p[block] = position;
            return new Summary(a, p, block + 1);
        }

        Summary truncatedTo(int blocks) {
            return blocks >= count ? this : new Summary(Arrays.copyOf(firsts, Math.max(blocks, 16)),
                    Arrays.copyOf(positions, Math.max(blocks, 16)), blocks);
        }

        /** Last block whose first entry lies at or below maxPosition with offset below relOffsetLimit, -1 if none. */
        int lastBlockWithin(long maxPosition, long relOffsetLimit) {
            int lo = 0;
            int hi = count - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (positions[mid] <= maxPosition && firsts[mid] < relOffsetLimit) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found;
        }

        /** Last block whose first offset is <= rel, -1 if none. */
        int floorBlock(long rel) {
            int lo = 0;
            int hi = count - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (firsts[mid] <= rel) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found;
        }
    }

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
        int n = entries();
        int rel = (int) (offset - baseOffset);
        appendEntry(ByteBuffer.allocate(ENTRY_SIZE).putInt(0, rel).putInt(4, position));
        lastOffset = offset;
        if (n % BLOCK_ENTRIES == 0) {
            synchronized (summaryLock) {
                Summary s = summary;
                if (s != null) {
                    summary = s.with(n / BLOCK_ENTRIES, rel, position); // null (rebuild on next lookup) if out of step
                }
            }
        }
    }

    /** Byte position of the last entry whose offset is <= target, or 0 if there is none. */
    int lookup(long targetOffset) throws IOException {
        int n = entries(); // read before the summary: appends publish the entry count first
        if (n == 0) {
            return 0;
        }
        Summary s = summary();
        long rel = targetOffset - baseOffset;
        int block = s.floorBlock(rel);
        if (block < 0 && s.count() > 0) {
            return 0; // below the first entry
        }
        int from = block < 0 ? 0 : block * BLOCK_ENTRIES;
        // the last summarized block runs to the end: entries appended since are not summarized yet
        int to = block + 1 < s.count() ? Math.min(n, from + BLOCK_ENTRIES) : n;
        ByteBuffer b = BLOCK_BUFFER.get();
        if (to <= from || (to - from) * ENTRY_SIZE > b.capacity()) {
            int e = floorEntry(targetOffset); // summary out of step with the file: plain binary search
            return e < 0 ? 0 : readEntry(e, ByteBuffer.allocate(ENTRY_SIZE)).getInt(4);
        }
        readEntries(from, to - from, b);
        int lo = 0;
        int hi = to - from - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (b.getInt(mid * ENTRY_SIZE) <= rel) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? 0 : b.getInt(found * ENTRY_SIZE + 4);
    }

    /**
     * Position of the last entry that lies in {@code (after, maxPosition]} and indexes an offset below
     * {@code maxOffsetExclusive}, or -1 if there is none. Entries mark batch starts, so the bytes from a batch
     * start {@code after} up to the answer are whole batches, each with a base offset below the bound.
     */
    int lastPositionWithin(int after, long maxPosition, long maxOffsetExclusive) throws IOException {
        int n = entries();
        if (n == 0) {
            return -1;
        }
        Summary s = summary();
        long relLimit = maxOffsetExclusive - baseOffset;
        int block = s.lastBlockWithin(maxPosition, relLimit);
        if (block < 0) {
            return -1;
        }
        int from = block * BLOCK_ENTRIES;
        int to = block + 1 < s.count() ? Math.min(n, from + BLOCK_ENTRIES) : n;
        ByteBuffer b = BLOCK_BUFFER.get();
        if (to <= from || (to - from) * ENTRY_SIZE > b.capacity()) {
            return -1; // summary out of step with the file: no shortcut
        }
        readEntries(from, to - from, b);
        int lo = 0;
        int hi = to - from - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (b.getInt(mid * ENTRY_SIZE + 4) <= maxPosition && b.getInt(mid * ENTRY_SIZE) < relLimit) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        int position = found < 0 ? -1 : b.getInt(found * ENTRY_SIZE + 4);
        return position > after ? position : -1;
    }

    private Summary summary() throws IOException {
        Summary s = summary;
        if (s != null) {
            return s;
        }
        synchronized (summaryLock) {
            s = summary;
            if (s == null) {
                s = buildSummary();
                summary = s;
            }
            return s;
        }
    }

    /** Reads every {@link #BLOCK_ENTRIES}th entry's offset from the file (appends wait on summaryLock). */
    private Summary buildSummary() throws IOException {
        int n = entries();
        Summary s = Summary.EMPTY;
        int chunkEntries = 8192;
        ByteBuffer chunk = ByteBuffer.allocate(Math.min(n, chunkEntries) * ENTRY_SIZE);
        for (int start = 0; start < n; start += chunkEntries) {
            int count = Math.min(chunkEntries, n - start);
            readEntries(start, count, chunk);
            for (int i = 0; i < count; i += BLOCK_ENTRIES) { // chunkEntries is a multiple of BLOCK_ENTRIES
                s = s.with((start + i) / BLOCK_ENTRIES, chunk.getInt(i * ENTRY_SIZE), chunk.getInt(i * ENTRY_SIZE + 4));
            }
        }
        return s;
    }

    /** Position stored in the last entry, or 0 if empty. */
    int lastPosition() throws IOException {
        int n = entries();
        return n == 0 ? 0 : readEntry(n - 1, ByteBuffer.allocate(ENTRY_SIZE)).getInt(4);
    }

    /** Removes entries with offset >= {@code offset}. */
    void truncateTo(long offset) throws IOException {
        int keep = floorEntry(offset - 1) + 1;
        truncateSummary(keep);
        truncateToEntries(keep);
        lastOffset = keep == 0 ? -1 : baseOffset + readEntry(keep - 1, ByteBuffer.allocate(ENTRY_SIZE)).getInt(0);
    }

    void reset() throws IOException {
        truncateSummary(0);
        truncateToEntries(0);
        lastOffset = -1;
    }

    private void truncateSummary(int keepEntries) {
        synchronized (summaryLock) {
            Summary s = summary;
            if (s != null) {
                summary = s.truncatedTo((keepEntries + BLOCK_ENTRIES - 1) / BLOCK_ENTRIES);
            }
        }
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
