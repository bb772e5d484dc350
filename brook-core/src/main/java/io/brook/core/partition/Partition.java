package io.brook.core.partition;

import io.brook.storage.AppendResult;
import io.brook.storage.LogConfig;
import io.brook.storage.PartitionLog;
import io.brook.storage.ReadResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A partition this broker leads: its log, its leader epoch, and the fetches waiting for data.
 * On a single node the high watermark is the log end offset (the leader is the whole ISR).
 *
 * <p>The log of a partition created at run time is opened (its directory and files created) on first
 * use or by {@link #openLog()} in the background, not while the metadata change that created it is
 * applied: the metadata log is the record of the partition's existence, and a partition whose
 * directory was never created is created from it on the next start.
 */
public final class Partition {

    /** Opens (creating if missing) the log of a partition with the config it has by then. */
    @FunctionalInterface
    interface LogOpener {
        PartitionLog open(LogConfig config) throws IOException;
    }

    private final TopicPartition topicPartition;
    private final UUID topicId;
    private final Path dir;
    private final Object openLock = new Object();
    private volatile PartitionLog log;
    private LogOpener opener; // guarded by openLock; null once the log is open
    private LogConfig pendingConfig; // guarded by openLock: the config to open with
    private volatile boolean closed;
    private volatile int leaderEpoch;
    private final Set<Runnable> appendWaiters = ConcurrentHashMap.newKeySet();

    /** A partition whose log is open. */
    public Partition(TopicPartition topicPartition, UUID topicId, PartitionLog log, int leaderEpoch) {
        this.topicPartition = topicPartition;
        this.topicId = topicId;
        this.dir = log.dir();
        this.log = log;
        this.leaderEpoch = leaderEpoch;
    }

    /** A partition in {@code dir} whose log the opener opens on first use. */
    Partition(TopicPartition topicPartition, UUID topicId, Path dir, LogConfig config, LogOpener opener,
              int leaderEpoch) {
        this.topicPartition = topicPartition;
        this.topicId = topicId;
        this.dir = dir;
        this.pendingConfig = config;
        this.opener = opener;
        this.leaderEpoch = leaderEpoch;
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public UUID topicId() {
        return topicId;
    }

    /** The partition's directory (which may not exist yet, see {@link #log()}). */
    public Path dir() {
        return dir;
    }

    /**
     * The log, opened (its directory and files created) now if that has not happened yet.
     *
     * @throws UncheckedIOException if the log cannot be opened
     * @throws IllegalStateException if the partition was closed or deleted before its log was opened
     */
    public PartitionLog log() {
        PartitionLog open = log;
        return open != null ? open : openLog();
    }

    /** The log if it is open, else null (nothing to do for a log that was never opened). */
    PartitionLog logIfOpen() {
        return log;
    }

    /** Opens the log unless it is open already; see {@link #log()}. */
    PartitionLog openLog() {
        synchronized (openLock) {
            if (log != null) {
                return log;
            }
            if (closed) {
                throw new IllegalStateException("the log of " + topicPartition + " is closed");
            }
            try {
                log = opener.open(pendingConfig);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not open the log of " + topicPartition + ": " + e.getMessage(),
                        e);
            }
            opener = null;
            pendingConfig = null;
            return log;
        }
    }

    boolean closed() {
        return closed;
    }

    /** Applies a config change to the open log, or keeps it for the open. */
    void updateConfig(LogConfig config) {
        synchronized (openLock) {
            if (log == null) {
                pendingConfig = config;
            } else if (!log.config().equals(config)) {
                log.updateConfig(config);
            }
        }
    }

    /** Closes the log if it is open; a log not opened yet never will be. */
    void close() throws IOException {
        synchronized (openLock) {
            closed = true;
            if (log != null) {
                log.close();
            }
        }
    }

    /** Deletes the log (and its directory, also one that exists without the log being open). */
    void delete() throws IOException {
        synchronized (openLock) {
            closed = true;
            if (log != null) {
                log.delete();
            } else {
                PartitionLog.deleteDirectory(dir);
            }
        }
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    void leaderEpoch(int epoch) {
        this.leaderEpoch = epoch;
    }

    /** Appends produced batches as leader, then wakes the fetches waiting on this partition. */
    public AppendResult appendAsLeader(ByteBuffer records) throws IOException {
        AppendResult result = log().appendAsLeader(records, leaderEpoch);
        if (!result.duplicate()) {
            appendWaiters.forEach(Runnable::run);
        }
        return result;
    }

    /**
     * Appends batches written by the broker itself (coordinator records, such as the group coordinator's
     * transactional offset commits, which carry a producer id but no sequence), then wakes waiting fetches.
     */
    public AppendResult appendAsCoordinator(ByteBuffer records) throws IOException {
        AppendResult result = log().appendAsLeader(records, leaderEpoch, io.brook.storage.AppendOrigin.COORDINATOR);
        appendWaiters.forEach(Runnable::run);
        return result;
    }

    /** Reads committed data: up to the high watermark, or the last stable offset for read_committed. */
    public ReadResult read(long fetchOffset, int maxBytes, boolean readCommitted, boolean minOneBatch)
            throws IOException {
        long upTo = readCommitted ? lastStableOffset() : highWatermark();
        return log().read(fetchOffset, maxBytes, upTo, minOneBatch);
    }

    public long highWatermark() {
        return log().logEndOffset();
    }

    /** min(first offset of the oldest open transaction, high watermark): where read_committed stops. */
    public long lastStableOffset() {
        return log().lastStableOffset(highWatermark());
    }

    /** Aborted transactions overlapping [fetchOffset, upperBound) for a read_committed fetch. */
    public java.util.List<io.brook.storage.AbortedTxn> abortedTransactions(long fetchOffset, long upperBound) {
        return log().abortedTransactions(fetchOffset, upperBound);
    }

    /** Writes a transaction marker (control batch) as the broker, then wakes waiting fetches. */
    public AppendResult appendTransactionMarker(long producerId, short producerEpoch, int coordinatorEpoch,
                                                boolean commit) throws IOException {
        AppendResult result = log().appendTransactionMarker(producerId, producerEpoch, coordinatorEpoch, commit,
                leaderEpoch);
        appendWaiters.forEach(Runnable::run);
        return result;
    }

    public long logStartOffset() {
        return log().logStartOffset();
    }

    /** Registers a callback run after every append (from the appending thread); keep it short. */
    public void addAppendWaiter(Runnable waiter) {
        appendWaiters.add(waiter);
    }

    public void removeAppendWaiter(Runnable waiter) {
        appendWaiters.remove(waiter);
    }
}
