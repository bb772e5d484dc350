package io.brook.storage;

import io.brook.storage.record.BatchHeader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one topic partition, in Kafka's on-disk format, in directory {@code <log.dir>/<topic>-<partition>}:
 * <ul>
 *   <li>{@code <20-digit base offset>.log / .index / .timeindex} segments, indexes never preallocated;</li>
 *   <li>{@code <offset>.snapshot} producer-state snapshots (Kafka's v1 format; see {@link ProducerSnapshotFile}),
 *       written on roll and on close, the last two kept;</li>
 *   <li>{@code log-start-offset}: the log start offset as decimal text (Kafka keeps it in a per-log-dir
 *       checkpoint instead; a per-partition file keeps this module self-contained);</li>
 *   <li>{@code recovery-point}: the offset up to which everything was fsynced by {@link #flush()}. After an
 *       unclean shutdown the segments from the one holding it onwards are scanned and truncated at the
 *       first torn or corrupt batch.</li>
 * </ul>
 *
 * <p>Threading: mutations (append, retention, delete-records, flush, close) take one lock. {@link #read} and
 * the offset getters take none: a batch becomes visible only after its bytes are in the file (and so in the
 * page cache — an acknowledged append survives {@code kill -9}) and the log end offset is published.
 * Deleted segments are renamed {@code *.deleted} and their channels stay open for
 * {@code fileDeleteDelayMs}, so a {@link FileSlice} handed out earlier stays readable.
 */
public final class PartitionLog implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);
    static final String LOG_START_OFFSET_FILE = "log-start-offset";
    static final String RECOVERY_POINT_FILE = "recovery-point";
    private static final int SNAPSHOTS_TO_KEEP = 2;

    private final Path dir;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentNavigableMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
    private final ProducerStateManager producerState = new ProducerStateManager();
    private final TransactionIndexes txnIndexes;
    private final OffsetFile logStartOffsetFile;
    private final OffsetFile recoveryPointFile;
    private final List<PendingDelete> pendingDeletes = new ArrayList<>();
    private volatile LogConfig config;
    private volatile long logStartOffset;
    private volatile long logEndOffset;
    private volatile boolean closed;
    private long recoveryPoint;
    private long unflushedMessages;
    private long lastFlushMs;

    private record PendingDelete(LogSegment segment, long deadlineMs) {
    }

    private PartitionLog(Path dir, LogConfig config, Clock clock) {
        this.dir = dir;
        this.config = config;
        this.clock = clock;
        this.logStartOffsetFile = new OffsetFile(dir.resolve(LOG_START_OFFSET_FILE));
        this.recoveryPointFile = new OffsetFile(dir.resolve(RECOVERY_POINT_FILE));
        this.txnIndexes = new TransactionIndexes(dir);
    }

    /**
     * Opens (creating the directory if missing) the log in {@code dir}. With {@code cleanShutdown} false,
     * recovers the segments written since the last flush. Fails with an IOException naming the file if a
     * segment file is misnamed or unreadable.
     */
    public static PartitionLog open(Path dir, LogConfig config, Clock clock, boolean cleanShutdown) throws IOException {
        Files.createDirectories(dir);
        PartitionLog log = new PartitionLog(dir, config, clock);
        log.load(cleanShutdown);
        return log;
    }

    private void load(boolean cleanShutdown) throws IOException {
        long now = clock.millis();
        long lsoHint = logStartOffsetFile.read();
        LogLoader.Loaded loaded = LogLoader.load(dir, config, now, cleanShutdown, lsoHint, recoveryPointFile.read());
        segments.putAll(loaded.segments());
        logEndOffset = segments.lastEntry().getValue().nextOffset();
        logStartOffset = Math.min(Math.max(lsoHint, segments.firstKey()), logEndOffset);
        recoveryPoint = loaded.recoveryPoint();
        lastFlushMs = now;
        try {
            txnIndexes.load(segments.keySet());
            loadProducerState();
        } catch (IOException | RuntimeException e) {
            closeSegments();
            throw e;
        }
    }

    // ---------------------------------------------------------------- append

    /** {@link #appendAsLeader(ByteBuffer, int, AppendOrigin)} for a producer ({@link AppendOrigin#CLIENT}). */
    public AppendResult appendAsLeader(ByteBuffer records, int leaderEpoch) throws IOException {
        return appendAsLeader(records, leaderEpoch, AppendOrigin.CLIENT);
    }

    /**
     * Validates the v2 batches in {@code records} (position..limit), assigns offsets from the log end offset
     * by patching each batch's baseOffset and partitionLeaderEpoch in place (the caller's buffer is
     * modified unless read-only), stamps LogAppendTime if configured, and writes them to the active segment,
     * rolling first if needed. A retried idempotent batch is not written: the result carries the offsets
     * it got the first time and {@code duplicate = true}.
     *
     * @throws StorageException subclasses for every rejection, each with its Kafka error code
     */
    public AppendResult appendAsLeader(ByteBuffer records, int leaderEpoch, AppendOrigin origin) throws IOException {
        ByteBuffer buf = records.isReadOnly() ? copyOf(records) : records.duplicate();
        buf.order(ByteOrder.BIG_ENDIAN);
        LogConfig cfg = config;
        List<BatchHeader> batches = BatchValidator.validate(buf, cfg, origin);
        if (origin == AppendOrigin.CLIENT) {
            BatchValidator.validateTimestamps(batches, clock.millis(), cfg);
        }
        lock.lock();
        try {
            ensureOpen();
            if (batches.isEmpty()) {
                return new AppendResult(-1, -1, -1, logStartOffset, false);
            }
            long now = clock.millis();
            ProducerStateManager.Update update = producerState.begin();
            long next = logEndOffset;
            for (BatchHeader h : batches) {
                if (origin == AppendOrigin.CLIENT) {
                    BatchMetadata dup = update.findDuplicate(h);
                    if (dup != null) {
                        return new AppendResult(dup.firstOffset(), dup.lastOffset(),
                                cfg.logAppendTime() ? dup.timestamp() : -1, logStartOffset, true);
                    }
                }
                h.setBaseOffset(next);
                h.setPartitionLeaderEpoch(leaderEpoch);
                if (cfg.logAppendTime()) {
                    h.setLogAppendTime(now);
                }
                update.append(h, next, h.lastOffset(), true);
                next = h.nextOffset();
            }
            long firstOffset = logEndOffset;
            LogSegment active = maybeRoll(buf.remaining(), batches.get(0).maxTimestamp(), next - 1, now, cfg);
            active.append(buf, cfg.indexIntervalBytes());
            indexAbortedTxns(active.baseOffset(), update.drainCompletedTxns());
            // producer state (open transactions, hence the LSO) is published before the new log end offset
            update.commit(next);
            logEndOffset = next;
            unflushedMessages += next - firstOffset;
            if (unflushedMessages >= cfg.flushIntervalMessages() || now - lastFlushMs >= cfg.flushIntervalMs()) {
                flushLocked();
            }
            return new AppendResult(firstOffset, next - 1, cfg.logAppendTime() ? now : -1, logStartOffset, false);
        } finally {
            lock.unlock();
        }
    }

    private static ByteBuffer copyOf(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b.duplicate()).flip();
        return c;
    }

    /** Rolls when the append would overflow segment.bytes or int offsets, or segment.ms has passed. */
    private LogSegment maybeRoll(int bytes, long firstMaxTimestamp, long lastOffset, long now, LogConfig cfg)
            throws IOException {
        LogSegment active = segments.lastEntry().getValue();
        if (active.isEmpty()) {
            return active;
        }
        boolean full = (long) active.size() + bytes > cfg.segmentBytes();
        boolean aged = active.timeWaitedForRoll(now, firstMaxTimestamp) > cfg.segmentMs();
        boolean offsetOverflow = lastOffset - active.baseOffset() > Integer.MAX_VALUE;
        return full || aged || offsetOverflow ? roll(now) : active;
    }

    private LogSegment roll(long now) throws IOException {
        LogSegment old = segments.lastEntry().getValue();
        long base = logEndOffset;
        if (old.baseOffset() == base) {
            return old;
        }
        old.onBecomeInactive();
        LogSegment seg = LogSegment.open(dir, base, now);
        segments.put(base, seg);
        writeProducerSnapshot(false);
        LOG.debug("Rolled {} to new segment at offset {}", dir.getFileName(), base);
        return seg;
    }

    /** Starts a new segment at the log end offset now (no-op if the active one is empty). */
    public void roll() throws IOException {
        lock.lock();
        try {
            ensureOpen();
            roll(clock.millis());
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- read

    /**
     * Whole batches starting with the one that holds {@code fetchOffset} (Kafka fetch is batch-granular),
     * while their total stays within {@code maxBytes} and their base offset is below
     * {@code maxOffsetExclusive}; with {@code minOneBatch} the first batch is returned even if larger than
     * {@code maxBytes}. Never crosses a segment boundary. Empty at the log end offset.
     *
     * @throws OffsetOutOfRangeException if fetchOffset is below the log start or beyond the log end offset
     */
    public ReadResult read(long fetchOffset, int maxBytes, long maxOffsetExclusive, boolean minOneBatch) throws IOException {
        long leo = logEndOffset;
        long lso = logStartOffset;
        if (fetchOffset < lso || fetchOffset > leo) {
            throw new OffsetOutOfRangeException("offset " + fetchOffset + " is outside the log range [" + lso + ", "
                    + leo + "] of " + dir.getFileName());
        }
        if (fetchOffset < leo) {
            Map.Entry<Long, LogSegment> e = segments.floorEntry(fetchOffset);
            if (e == null) {
                e = segments.firstEntry();
            }
            while (e != null) {
                // bound by the LEO read above: bytes of an append in progress may already be in the file
                FileSlice slice = e.getValue().read(fetchOffset, maxBytes, Math.min(maxOffsetExclusive, leo), minOneBatch);
                if (slice != null) {
                    return new ReadResult(slice, lso, leo);
                }
                e = segments.higherEntry(e.getKey());
            }
        }
        return new ReadResult(FileSlice.empty(), lso, leo);
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return logEndOffset;
    }

    public long sizeInBytes() {
        long total = 0;
        for (LogSegment s : segments.values()) {
            total += s.size();
        }
        return total;
    }

    public int segmentCount() {
        return segments.size();
    }

    /** Base offsets of the current segments, oldest first. */
    public List<Long> segmentBaseOffsets() {
        return new ArrayList<>(segments.keySet());
    }

    public Path dir() {
        return dir;
    }

    /**
     * ListOffsets by timestamp: the first record at or after the log start offset with timestamp >= target,
     * in the first batch whose maxTimestamp >= target. Exact for uncompressed CreateTime batches; for
     * compressed or LogAppendTime batches the batch's first offset and maxTimestamp. Null if none.
     */
    public OffsetAndTimestamp offsetForTimestamp(long timestampMs) throws IOException {
        long lso = logStartOffset;
        for (LogSegment s : segments.values()) {
            if (s.nextOffset() <= lso || s.maxTimestampSoFar() < timestampMs) {
                continue;
            }
            OffsetAndTimestamp r = s.findOffsetByTimestamp(timestampMs, lso);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /** ListOffsets MAX_TIMESTAMP: offset and value of the largest timestamp in the log; null if empty. */
    public OffsetAndTimestamp maxTimestamp() throws IOException {
        LogSegment best = null;
        for (LogSegment s : segments.values()) {
            if (!s.isEmpty() && (best == null || s.maxTimestampSoFar() > best.maxTimestampSoFar())) {
                best = s;
            }
        }
        return best == null ? null : best.maxTimestampRecord();
    }

    // ---------------------------------------------------------------- retention and deletion

    /**
     * DeleteRecords: moves the log start offset up to {@code offset} (never down) and deletes segments that
     * lie entirely below it.
     *
     * @throws OffsetOutOfRangeException if offset is beyond the log end offset
     */
    public void deleteRecordsBefore(long offset) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            if (offset > logEndOffset) {
                throw new OffsetOutOfRangeException("cannot delete records before " + offset + ": log end offset is "
                        + logEndOffset);
            }
            if (offset > logStartOffset) {
                updateLogStartOffset(offset);
            }
            deleteSegmentsBelowStartOffset(clock.millis());
        } finally {
            lock.unlock();
        }
    }

    /** {@link #enforceRetention(long)} with no high-watermark bound. */
    public int enforceRetention() throws IOException {
        return enforceRetention(Long.MAX_VALUE);
    }

    /**
     * Kafka's log retention pass: rolls the active segment once it is older than segment.ms (by wall
     * clock since it was created or opened), then deletes whole non-active segments, oldest first, while
     * their largest timestamp is older than retention.ms, then while the log minus the segment is still at
     * least retention.bytes, then those below the log start offset. Only segments entirely below
     * {@code highWatermark} are eligible. Also completes delayed file deletions. Returns segments deleted.
     */
    public int enforceRetention(long highWatermark) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            long now = clock.millis();
            LogConfig cfg = config;
            completePendingDeletes(now, false);
            LogSegment active = segments.lastEntry().getValue();
            if (!active.isEmpty() && now - active.createdMs() > cfg.segmentMs()) {
                roll(now);
            }
            int deleted = 0;
            if (cfg.retentionMs() >= 0) {
                while (segments.size() > 1) {
                    LogSegment first = segments.firstEntry().getValue();
                    if (!belowHighWatermark(first, highWatermark) || now - first.largestTimestamp() <= cfg.retentionMs()) {
                        break;
                    }
                    deleteOldestSegment(now);
                    deleted++;
                }
            }
            if (cfg.retentionBytes() >= 0) {
                long excess = sizeInBytes() - cfg.retentionBytes();
                while (segments.size() > 1) {
                    LogSegment first = segments.firstEntry().getValue();
                    if (!belowHighWatermark(first, highWatermark) || excess - first.size() < 0) {
                        break;
                    }
                    excess -= first.size();
                    deleteOldestSegment(now);
                    deleted++;
                }
            }
            deleted += deleteSegmentsBelowStartOffset(now);
            return deleted;
        } finally {
            lock.unlock();
        }
    }

    private boolean belowHighWatermark(LogSegment seg, long highWatermark) {
        Long nextBase = segments.higherKey(seg.baseOffset());
        return nextBase != null && nextBase <= highWatermark;
    }

    private int deleteSegmentsBelowStartOffset(long now) throws IOException {
        int deleted = 0;
        while (segments.size() > 1) {
            Long nextBase = segments.higherKey(segments.firstKey());
            if (nextBase == null || nextBase > logStartOffset) {
                break;
            }
            deleteOldestSegment(now);
            deleted++;
        }
        return deleted;
    }

    /** Removes the oldest (non-active) segment and advances the log start offset past it. */
    private void deleteOldestSegment(long now) throws IOException {
        Map.Entry<Long, LogSegment> first = segments.pollFirstEntry();
        LogSegment seg = first.getValue();
        long newStart = segments.firstKey();
        if (newStart > logStartOffset) {
            updateLogStartOffset(newStart);
        }
        txnIndexes.removeSegment(seg.baseOffset());
        seg.renameToDeleted();
        long delay = config.fileDeleteDelayMs();
        if (delay <= 0) {
            seg.closeAndDelete();
        } else {
            pendingDeletes.add(new PendingDelete(seg, now + delay));
        }
        LOG.info("Deleted segment {} of {}", first.getKey(), dir.getFileName());
    }

    private void completePendingDeletes(long now, boolean all) throws IOException {
        for (Iterator<PendingDelete> it = pendingDeletes.iterator(); it.hasNext(); ) {
            PendingDelete p = it.next();
            if (all || now >= p.deadlineMs()) {
                it.remove();
                p.segment().closeAndDelete();
            }
        }
    }

    private void updateLogStartOffset(long offset) throws IOException {
        logStartOffset = offset;
        logStartOffsetFile.write(offset, false);
    }

    /**
     * Drops every batch holding an offset >= {@code offset} (a follower discarding a divergent tail) and
     * rebuilds producer state. Batch-granular: the log end offset becomes the base offset of the batch
     * holding {@code offset}.
     */
    public void truncateTo(long offset) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            if (offset >= logEndOffset) {
                return;
            }
            if (offset < logStartOffset) {
                throw new OffsetOutOfRangeException("cannot truncate to " + offset + " below log start offset " + logStartOffset);
            }
            while (segments.size() > 1 && segments.lastKey() >= offset) {
                LogSegment seg = segments.pollLastEntry().getValue();
                txnIndexes.removeSegment(seg.baseOffset());
                seg.closeAndDelete();
            }
            LogSegment last = segments.lastEntry().getValue();
            last.truncateTo(offset);
            logEndOffset = last.nextOffset();
            recoveryPoint = Math.min(recoveryPoint, logEndOffset);
            recoveryPointFile.write(recoveryPoint, false);
            deleteSnapshotsAbove(logEndOffset);
            loadProducerState();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- producer state

    public ProducerStateManager producerState() {
        return producerState;
    }

    /** Forgets producers idle for {@code expirationMs} with no open transaction; returns how many. */
    public int removeExpiredProducers(long expirationMs) {
        lock.lock();
        try {
            return producerState.removeExpired(clock.millis(), expirationMs);
        } finally {
            lock.unlock();
        }
    }

    /** Latest readable snapshot at or below the log end offset, then a header-only replay of the rest. */
    private void loadProducerState() throws IOException {
        deleteSnapshotsAbove(logEndOffset);
        TreeMap<Long, Path> snapshots = listSnapshots();
        long from = segments.firstKey();
        producerState.clear(from);
        for (Map.Entry<Long, Path> e : snapshots.descendingMap().entrySet()) {
            try {
                producerState.load(ProducerSnapshotFile.read(e.getValue()), e.getKey());
                from = e.getKey();
                break;
            } catch (IOException ex) {
                LOG.warn("Ignoring unreadable producer snapshot {}: {}", e.getValue(), ex.getMessage());
                Files.deleteIfExists(e.getValue());
            }
        }
        ProducerStateManager.Update update = producerState.begin();
        long start = from;
        txnIndexes.truncateFrom(start);
        for (LogSegment s : segments.values()) {
            if (s.nextOffset() > start) {
                long base = s.baseOffset();
                IOException[] failure = new IOException[1];
                s.forEachBatch(Math.max(start, s.baseOffset()), h -> {
                    update.append(h, h.baseOffset(), h.lastOffset(), false);
                    if (h.isControl() && failure[0] == null) {
                        try {
                            indexAbortedTxns(base, update.drainCompletedTxns());
                        } catch (IOException e) {
                            failure[0] = e;
                        }
                    }
                });
                if (failure[0] != null) {
                    throw failure[0];
                }
            }
        }
        update.commit(logEndOffset);
    }

    // ---------------------------------------------------------------- transactions

    private void indexAbortedTxns(long segmentBase, List<CompletedTxn> completed) throws IOException {
        for (CompletedTxn t : completed) {
            if (t.aborted()) {
                txnIndexes.append(segmentBase, t.toAbortedTxn());
            }
        }
    }

    /**
     * The last stable offset: the first offset of the oldest open transaction, or {@code highWatermark} if
     * that is lower (or no transaction is open). read_committed consumers read below it.
     */
    public long lastStableOffset(long highWatermark) {
        long hw = highWatermark;
        java.util.OptionalLong firstUnstable = producerState.firstUnstableOffset();
        return firstUnstable.isPresent() ? Math.min(firstUnstable.getAsLong(), hw) : hw;
    }

    /**
     * The aborted transactions a read_committed fetch from {@code fetchOffset} up to {@code upperBound}
     * (exclusive) must carry, so the client can drop their records (Kafka's {@code collectAbortedTransactions}).
     */
    public List<AbortedTxn> abortedTransactions(long fetchOffset, long upperBound) {
        Long fromSegment = segments.floorKey(fetchOffset);
        return txnIndexes.collect(fromSegment == null ? Long.MIN_VALUE : fromSegment, fetchOffset, upperBound);
    }

    /**
     * Appends a transaction marker (commit or abort control batch) for the producer as the broker
     * ({@link AppendOrigin#COORDINATOR}: no sequence checks; an older producer epoch is still fenced).
     */
    public AppendResult appendTransactionMarker(long producerId, short producerEpoch, int coordinatorEpoch,
                                                boolean commit, int leaderEpoch) throws IOException {
        java.nio.ByteBuffer marker = io.brook.storage.record.RecordBatchWriter.endTransactionMarker(0L, producerId,
                producerEpoch, coordinatorEpoch, commit, clock.millis());
        return appendAsLeader(marker, leaderEpoch, AppendOrigin.COORDINATOR);
    }

    private TreeMap<Long, Path> listSnapshots() throws IOException {
        TreeMap<Long, Path> out = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SegmentFiles.SNAPSHOT)) {
            for (Path f : files) {
                out.put(SegmentFiles.parseOffset(f, SegmentFiles.SNAPSHOT), f);
            }
        }
        return out;
    }

    private void deleteSnapshotsAbove(long offset) throws IOException {
        for (Path f : listSnapshots().tailMap(offset, false).values()) {
            Files.deleteIfExists(f);
        }
    }

    private void writeProducerSnapshot(boolean sync) throws IOException {
        ProducerSnapshotFile.write(SegmentFiles.snapshotFile(dir, logEndOffset), producerState.entries(), sync);
        TreeMap<Long, Path> all = listSnapshots();
        while (all.size() > SNAPSHOTS_TO_KEEP) {
            Files.deleteIfExists(all.pollFirstEntry().getValue());
        }
    }

    // ---------------------------------------------------------------- config, flush, close

    public void updateConfig(LogConfig config) {
        this.config = config;
    }

    public LogConfig config() {
        return config;
    }

    /** fsyncs every segment written since the last flush; the recovery point becomes the log end offset. */
    public void flush() throws IOException {
        lock.lock();
        try {
            ensureOpen();
            flushLocked();
        } finally {
            lock.unlock();
        }
    }

    private void flushLocked() throws IOException {
        Long from = segments.floorKey(recoveryPoint);
        for (LogSegment s : (from == null ? segments : segments.tailMap(from)).values()) {
            s.flush();
        }
        txnIndexes.flush();
        recoveryPoint = logEndOffset;
        recoveryPointFile.write(recoveryPoint, true);
        logStartOffsetFile.write(logStartOffset, true);
        unflushedMessages = 0;
        lastFlushMs = clock.millis();
    }

    /** Flushes, writes the producer snapshot and the final time-index entry, and closes all files. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            try {
                segments.lastEntry().getValue().onBecomeInactive();
                flushLocked();
                writeProducerSnapshot(true);
                completePendingDeletes(Long.MAX_VALUE, true);
            } finally {
                closed = true;
                txnIndexes.closeAll();
                closeSegments();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Closes the log and removes its directory. */
    public void delete() throws IOException {
        lock.lock();
        try {
            close();
            deleteDirectory(dir);
        } finally {
            lock.unlock();
        }
    }

    /** Removes a partition directory and everything in it, if it exists (also one never opened as a log). */
    public static void deleteDirectory(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void closeSegments() throws IOException {
        IOException first = null;
        for (LogSegment s : segments.values()) {
            try {
                s.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("log " + dir + " is closed");
        }
    }

    @Override
    public String toString() {
        return "PartitionLog(" + dir + ", start=" + logStartOffset + ", end=" + logEndOffset + ", segments="
                + segments.size() + ")";
    }
}
