package io.brook.storage;

import io.brook.storage.record.BatchHeader;
import io.brook.storage.record.Record;
import io.brook.storage.record.RecordIterator;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * One segment: a {@code .log} file of whole v2 batches starting at {@code baseOffset}, with its offset and
 * time indexes. Mutations happen under the owning {@link PartitionLog}'s lock; reads are lock-free,
 * bounded by the volatile {@link #size()} which is only published after bytes are written.
 */
final class LogSegment implements Closeable {
    private final long baseOffset;
    private volatile Path logFile;
    private final FileChannel channel;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final long createdMs;
    private volatile int size;
    private volatile long nextOffset;
    private volatile long maxTimestampSoFar = BatchHeader.NO_TIMESTAMP;
    private volatile long offsetOfMaxTimestampSoFar = -1;
    private int bytesSinceLastIndexEntry;
    private long rollingBasedTimestamp = Long.MIN_VALUE; // MIN_VALUE = not loaded yet

    private LogSegment(long baseOffset, Path logFile, FileChannel channel, OffsetIndex offsetIndex, TimeIndex timeIndex,
                       long createdMs) throws IOException {
        this.baseOffset = baseOffset;
        this.logFile = logFile;
        this.channel = channel;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.createdMs = createdMs;
        this.size = (int) Math.min(Integer.MAX_VALUE, channel.size());
        this.nextOffset = baseOffset;
    }

    /** Opens (creating if absent) the three files of the segment at {@code baseOffset}. */
    static LogSegment open(Path dir, long baseOffset, long nowMs) throws IOException {
        Path log = SegmentFiles.logFile(dir, baseOffset);
        FileChannel ch;
        try {
            ch = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("cannot open segment file " + log + ": " + e, e);
        }
        try {
            if (ch.size() > Integer.MAX_VALUE) {
                throw new IOException("segment file " + log + " is larger than 2 GiB (" + ch.size() + " bytes)");
            }
            OffsetIndex oi = new OffsetIndex(SegmentFiles.indexFile(dir, baseOffset), baseOffset);
            TimeIndex ti = new TimeIndex(SegmentFiles.timeIndexFile(dir, baseOffset), baseOffset);
            return new LogSegment(baseOffset, log, ch, oi, ti, nowMs);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    long baseOffset() { return baseOffset; }
    int size() { return size; }
    boolean isEmpty() { return size == 0; }
    /** Offset after the last batch (the base offset when empty). */
    long nextOffset() { return nextOffset; }
    long maxTimestampSoFar() { return maxTimestampSoFar; }
    long offsetOfMaxTimestampSoFar() { return offsetOfMaxTimestampSoFar; }
    Path logFile() { return logFile; }
    FileChannel channel() { return channel; }
    OffsetIndex offsetIndex() { return offsetIndex; }
    TimeIndex timeIndex() { return timeIndex; }
    long createdMs() { return createdMs; }

    /** Kafka's retention clock: the largest record timestamp, else the file's modification time. */
    long largestTimestamp() throws IOException {
        long ts = maxTimestampSoFar;
        return ts >= 0 ? ts : Files.getLastModifiedTime(logFile).toMillis();
    }

    /**
     * Kafka's segment.ms test: time between the first batch's max timestamp and the incoming batch's,
     * or wall time since creation when the segment holds no timestamps.
     */
    long timeWaitedForRoll(long nowMs, long incomingMaxTimestamp) throws IOException {
        if (rollingBasedTimestamp == Long.MIN_VALUE && size > 0) {
            ByteBuffer hdr = ByteBuffer.allocate(BatchHeader.HEADER_SIZE);
            rollingBasedTimestamp = readHeader(0, hdr, size) ? BatchHeader.at(hdr, 0).maxTimestamp() : -1;
        }
        return rollingBasedTimestamp >= 0 ? incomingMaxTimestamp - rollingBasedTimestamp : nowMs - createdMs;
    }

    /** Appends already validated and offset-patched batches (buffer position..limit), then indexes them. */
    void append(ByteBuffer batches, int indexIntervalBytes) throws IOException {
        int start = size;
        ByteBuffer w = batches.duplicate();
        long p = start;
        try {
            while (w.hasRemaining()) {
                p += channel.write(w, p);
            }
        } catch (IOException e) {
            channel.truncate(start); // do not leave a torn batch behind a failed write
            throw e;
        }
        size = start + batches.remaining();
        BatchHeader h = new BatchHeader(batches, batches.position());
        for (int off = batches.position(); off < batches.limit(); off += h.sizeInBytes()) {
            h.reset(batches, off);
            onBatch(h, start + off - batches.position(), indexIntervalBytes);
        }
    }

    /** Bookkeeping for a batch now in the file at {@code position}: timestamps, sparse index entries. */
    void onBatch(BatchHeader h, int position, int indexIntervalBytes) throws IOException {
        if (h.maxTimestamp() > maxTimestampSoFar) {
            maxTimestampSoFar = h.maxTimestamp();
            offsetOfMaxTimestampSoFar = h.lastOffset();
        }
        if (bytesSinceLastIndexEntry > indexIntervalBytes) {
            offsetIndex.append(h.lastOffset(), position);
            timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar);
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += h.sizeInBytes();
        nextOffset = h.nextOffset();
    }

    /** Reads the 61-byte header at {@code position} into {@code hdr} if a header fits below {@code limit}. */
    boolean readHeader(long position, ByteBuffer hdr, long limit) throws IOException {
        if (position + BatchHeader.HEADER_SIZE > limit) {
            return false;
        }
        hdr.clear().limit(BatchHeader.HEADER_SIZE);
        while (hdr.hasRemaining()) {
            if (channel.read(hdr, position + hdr.position()) < 0) {
                return false;
            }
        }
        hdr.flip();
        return true;
    }

    /** Reads a whole batch at {@code position}. */
    ByteBuffer readBatch(long position, int batchSize) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(batchSize);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) {
                throw new IOException("unexpected end of " + logFile + " at " + (position + b.position()));
            }
        }
        return b.flip();
    }

    /** Position of the first batch whose last offset is >= target, or -1 if none below {@code limit}. */
    int findBatch(long targetOffset, HeaderScanner scanner) throws IOException {
        long pos = offsetIndex.lookup(targetOffset);
        BatchHeader h;
        while ((h = scanner.at(pos)) != null && scanner.fits(pos, h.sizeInBytes())) {
            if (h.lastOffset() >= targetOffset) {
                return (int) pos;
            }
            pos += h.sizeInBytes();
        }
        return -1;
    }

    /**
     * Whole batches from the one holding {@code fetchOffset}: null if this segment has no batch at or
     * after it, else a (possibly empty) slice. See {@link PartitionLog#read}.
     */
    FileSlice read(long fetchOffset, int maxBytes, long maxOffsetExclusive, boolean minOneBatch) throws IOException {
        HeaderScanner scanner = new HeaderScanner(channel, size);
        try {
            return read(scanner, fetchOffset, maxBytes, maxOffsetExclusive, minOneBatch);
        } finally {
            scanner.release();
        }
    }

    private FileSlice read(HeaderScanner scanner, long fetchOffset, int maxBytes, long maxOffsetExclusive,
                           boolean minOneBatch) throws IOException {
        int start = findBatch(fetchOffset, scanner);
        if (start < 0) {
            return null;
        }
        BatchHeader h;
        long pos = start;
        int total = 0;
        // Skip the header walk over whole batches the index vouches for: from the start batch up to the last
        // indexed batch start within maxBytes (and the scan limit) whose offset is below the bound.
        int skipTo = offsetIndex.lastPositionWithin(start, Math.min((long) start + maxBytes, scanner.limit()),
                maxOffsetExclusive);
        if (skipTo > start) {
            total = skipTo - start;
            pos = skipTo;
        }
        while ((h = scanner.at(pos)) != null) {
            int sz = h.sizeInBytes();
            if (h.baseOffset() >= maxOffsetExclusive || !scanner.fits(pos, sz)) {
                break;
            }
            if ((long) total + sz > maxBytes) {
                if (total == 0 && minOneBatch) {
                    total = sz;
                }
                break;
            }
            total += sz;
            pos += sz;
        }
        return total == 0 ? FileSlice.empty() : new FileSlice(channel, start, total);
    }

    /** Visits every batch header from the batch holding {@code fromOffset} on. */
    void forEachBatch(long fromOffset, Consumer<BatchHeader> visitor) throws IOException {
        HeaderScanner scanner = new HeaderScanner(channel, size);
        int start = findBatch(fromOffset, scanner);
        if (start < 0) {
            return;
        }
        BatchHeader h;
        long pos = start;
        while ((h = scanner.at(pos)) != null && scanner.fits(pos, h.sizeInBytes())) {
            // control batches (transaction markers) are tiny: hand them over whole, the marker type is a record
            visitor.accept(h.isControl() ? BatchHeader.at(readBatch(pos, h.sizeInBytes()), 0) : h);
            pos += h.sizeInBytes();
        }
    }

    /**
     * First record at or after {@code startingOffset} in the first batch whose maxTimestamp >= target.
     * Record-exact for uncompressed CreateTime batches; batch-granular otherwise.
     */
    OffsetAndTimestamp findOffsetByTimestamp(long targetTimestamp, long startingOffset) throws IOException {
        HeaderScanner scanner = new HeaderScanner(channel, size);
        long from = Math.max(timeIndex.lookupStartOffset(targetTimestamp), startingOffset);
        long pos = offsetIndex.lookup(from);
        BatchHeader h;
        while ((h = scanner.at(pos)) != null) {
            int sz = h.sizeInBytes();
            if (!scanner.fits(pos, sz)) {
                break;
            }
            if (h.lastOffset() >= startingOffset && h.maxTimestamp() >= targetTimestamp) {
                if (h.isCompressed() || h.isLogAppendTime()) {
                    return new OffsetAndTimestamp(Math.max(h.baseOffset(), startingOffset), h.maxTimestamp());
                }
                ByteBuffer batch = readBatch(pos, sz);
                for (RecordIterator it = new RecordIterator(BatchHeader.at(batch, 0)); it.hasNext(); ) {
                    Record r = it.next();
                    if (r.offset() >= startingOffset && r.timestamp() >= targetTimestamp) {
                        return new OffsetAndTimestamp(r.offset(), r.timestamp());
                    }
                }
            }
            pos += sz;
        }
        return null;
    }

    /** Offset and value of this segment's largest timestamp (first record carrying it), null if none. */
    OffsetAndTimestamp maxTimestampRecord() throws IOException {
        long maxTs = maxTimestampSoFar;
        long offset = offsetOfMaxTimestampSoFar;
        if (maxTs < 0 || offset < 0) {
            return null;
        }
        int pos = findBatch(offset, new HeaderScanner(channel, size));
        if (pos < 0) {
            return new OffsetAndTimestamp(offset, maxTs);
        }
        ByteBuffer hdr = ByteBuffer.allocate(BatchHeader.HEADER_SIZE);
        readHeader(pos, hdr, size);
        BatchHeader h = new BatchHeader(hdr, 0);
        if (h.isLogAppendTime()) {
            return new OffsetAndTimestamp(h.baseOffset(), maxTs);
        }
        if (h.isCompressed()) {
            return new OffsetAndTimestamp(h.lastOffset(), maxTs);
        }
        ByteBuffer batch = readBatch(pos, h.sizeInBytes());
        for (RecordIterator it = new RecordIterator(BatchHeader.at(batch, 0)); it.hasNext(); ) {
            Record r = it.next();
            if (r.timestamp() == maxTs) {
                return new OffsetAndTimestamp(r.offset(), maxTs);
            }
        }
        return new OffsetAndTimestamp(h.lastOffset(), maxTs);
    }

    /**
     * Rebuilds in-memory state of a cleanly closed segment from its indexes plus a header scan of the
     * tail after the last index entry. Returns false if the tail is not a run of whole v2 batches.
     */
    boolean loadTail() throws IOException {
        long fileSize = channel.size();
        maxTimestampSoFar = timeIndex.lastTimestamp();
        offsetOfMaxTimestampSoFar = timeIndex.lastOffset();
        nextOffset = baseOffset;
        bytesSinceLastIndexEntry = 0;
        long pos = offsetIndex.lastPosition();
        HeaderScanner scanner = new HeaderScanner(channel, fileSize);
        BatchHeader h;
        while ((h = scanner.at(pos)) != null) {
            if (h.batchLength() < BatchHeader.MIN_BATCH_LENGTH || h.magic() != BatchHeader.MAGIC_V2
                    || pos + h.sizeInBytes() > fileSize || h.baseOffset() < nextOffset) {
                return false;
            }
            if (h.maxTimestamp() > maxTimestampSoFar) {
                maxTimestampSoFar = h.maxTimestamp();
                offsetOfMaxTimestampSoFar = h.lastOffset();
            }
            bytesSinceLastIndexEntry += h.sizeInBytes();
            nextOffset = h.nextOffset();
            pos += h.sizeInBytes();
        }
        if (pos != fileSize) {
            return false;
        }
        size = (int) pos;
        return true;
    }

    /** Forgets indexes and in-memory state before a full recovery scan. */
    void resetForRecovery() throws IOException {
        offsetIndex.reset();
        timeIndex.reset();
        maxTimestampSoFar = BatchHeader.NO_TIMESTAMP;
        offsetOfMaxTimestampSoFar = -1;
        bytesSinceLastIndexEntry = 0;
        nextOffset = baseOffset;
        rollingBasedTimestamp = Long.MIN_VALUE;
    }

    /** Cuts the .log file at {@code position} (a batch boundary). */
    void truncateLogTo(int position) throws IOException {
        channel.truncate(position);
        size = position;
    }

    /** Drops every batch holding an offset >= {@code offset}; returns bytes removed. */
    int truncateTo(long offset) throws IOException {
        int pos = findBatch(offset, new HeaderScanner(channel, size));
        if (pos < 0) {
            return 0;
        }
        int removed = size - pos;
        offsetIndex.truncateTo(offset);
        timeIndex.truncateTo(offset);
        truncateLogTo(pos);
        rollingBasedTimestamp = Long.MIN_VALUE;
        if (!loadTail()) {
            throw new IOException("segment " + logFile + " inconsistent after truncation to " + offset);
        }
        return removed;
    }

    /** Kafka writes a last time-index entry when a segment stops being active. */
    void onBecomeInactive() throws IOException {
        timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar);
    }

    void flush() throws IOException {
        channel.force(true);
        offsetIndex.flush();
        timeIndex.flush();
    }

    /** Renames the files to {@code *.deleted}; the channels stay open so in-flight reads still work. */
    void renameToDeleted() throws IOException {
        Path target = SegmentFiles.deleted(logFile);
        Files.move(logFile, target, StandardCopyOption.REPLACE_EXISTING);
        logFile = target;
        offsetIndex.renameTo(SegmentFiles.deleted(offsetIndex.file()));
        timeIndex.renameTo(SegmentFiles.deleted(timeIndex.file()));
    }

    /** Closes and removes the files under whatever name they have now. */
    void closeAndDelete() throws IOException {
        close();
        Files.deleteIfExists(logFile);
        offsetIndex.deleteIfExists();
        timeIndex.deleteIfExists();
    }

    @Override
    public void close() throws IOException {
        try (channel; offsetIndex; timeIndex) {
            // closes all three even if one fails
        }
    }

    @Override
    public String toString() {
        return "LogSegment(" + logFile + ", size=" + size + ", nextOffset=" + nextOffset + ")";
    }
}
