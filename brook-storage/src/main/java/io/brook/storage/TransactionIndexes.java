package io.brook.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The {@code .txnindex} files of one partition log, by segment base offset. Mutated by {@link PartitionLog}
 * under its lock; {@link #collect} is lock-free (the read_committed fetch path).
 */
final class TransactionIndexes {
    private final Path dir;
    private final ConcurrentNavigableMap<Long, TransactionIndex> indexes = new ConcurrentSkipListMap<>();

    TransactionIndexes(Path dir) {
        this.dir = dir;
    }

    static Path file(Path dir, long segmentBase) {
        return dir.resolve(SegmentFiles.prefix(segmentBase) + SegmentFiles.TXN_INDEX);
    }

    /** Loads the index files of the given segments (those that exist). */
    void load(Collection<Long> segmentBases) throws IOException {
        closeAll();
        indexes.clear();
        for (long base : segmentBases) {
            Path f = file(dir, base);
            if (Files.exists(f)) {
                indexes.put(base, TransactionIndex.load(f));
            }
        }
    }

    void append(long segmentBase, AbortedTxn txn) throws IOException {
        TransactionIndex index = indexes.get(segmentBase);
        if (index == null) {
            index = TransactionIndex.create(file(dir, segmentBase));
            indexes.put(segmentBase, index);
        }
        index.append(txn);
    }

    /** Forgets every abort whose marker is at or after {@code offset} (before a replay from there). */
    void truncateFrom(long offset) throws IOException {
        for (Map.Entry<Long, TransactionIndex> e : indexes.entrySet()) {
            if (e.getKey() >= offset) {
                e.getValue().deleteIfExists();
                indexes.remove(e.getKey());
            } else {
                e.getValue().truncateFrom(offset);
            }
        }
    }

    /** The segment at {@code segmentBase} is gone (retention, truncation): drop its index. */
    void removeSegment(long segmentBase) throws IOException {
        TransactionIndex index = indexes.remove(segmentBase);
        if (index != null) {
            index.deleteIfExists();
        } else {
            Files.deleteIfExists(file(dir, segmentBase));
        }
    }

    /**
     * Kafka's {@code collectAbortedTxns}: aborted transactions overlapping [fetchOffset, upperBound), scanning
     * the indexes of segments from {@code fromSegmentBase} on, stopping at the first entry whose LSO reaches
     * the upper bound.
     */
    List<AbortedTxn> collect(long fromSegmentBase, long fetchOffset, long upperBound) {
        List<AbortedTxn> out = new ArrayList<>();
        for (TransactionIndex index : indexes.tailMap(fromSegmentBase, true).values()) {
            for (AbortedTxn t : index.entries()) {
                if (t.lastOffset() >= fetchOffset && t.firstOffset() < upperBound) {
                    out.add(t);
                }
                if (t.lastStableOffset() >= upperBound) {
                    return out;
                }
            }
        }
        return out;
    }

    void flush() throws IOException {
        for (TransactionIndex index : indexes.values()) {
            index.flush();
        }
    }

    void closeAll() throws IOException {
        for (TransactionIndex index : indexes.values()) {
            index.close();
        }
    }
}
