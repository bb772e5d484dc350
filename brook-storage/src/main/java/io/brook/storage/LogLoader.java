package io.brook.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a partition directory into open segments: removes leftovers of interrupted deletes
 * ({@code .deleted}, {@code .cleaned}, {@code .swap}, {@code .tmp}) and orphan indexes, opens every
 * {@code .log}, recovers segments written after the recovery point when the shutdown was unclean, and
 * rebuilds any index that is missing or inconsistent.
 */
final class LogLoader {
    private static final Logger LOG = LoggerFactory.getLogger(LogLoader.class);

    record Loaded(NavigableMap<Long, LogSegment> segments, long recoveryPoint) {
    }

    private LogLoader() {
    }

    static Loaded load(Path dir, LogConfig config, long nowMs, boolean cleanShutdown, long startOffsetHint,
                       long recoveryPointHint) throws IOException {
        TreeSet<Long> logOffsets = new TreeSet<>();
        List<Path> indexFiles = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(SegmentFiles.DELETED) || name.endsWith(SegmentFiles.CLEANED)
                        || name.endsWith(SegmentFiles.SWAP) || name.endsWith(SegmentFiles.TMP)) {
                    LOG.info("Deleting stray file {}", f);
                    Files.deleteIfExists(f);
                } else if (name.endsWith(SegmentFiles.LOG)) {
                    long base = SegmentFiles.parseOffset(f, SegmentFiles.LOG);
                    if (!Files.isRegularFile(f) || !Files.isReadable(f) || !Files.isWritable(f)) {
                        throw new IOException("segment file " + f + " is not a readable and writable regular file");
                    }
                    logOffsets.add(base);
                } else if (name.endsWith(SegmentFiles.INDEX) || name.endsWith(SegmentFiles.TIME_INDEX)
                        || name.endsWith(SegmentFiles.TXN_INDEX)) {
                    indexFiles.add(f);
                }
            }
        }
        for (Path f : indexFiles) {
            String name = f.getFileName().toString();
            long base = SegmentFiles.parseOffset(f, name.substring(name.lastIndexOf('.')));
            if (!logOffsets.contains(base)) {
                LOG.info("Deleting orphan index {}", f);
                Files.deleteIfExists(f);
            }
        }

        NavigableMap<Long, LogSegment> segments = new TreeMap<>();
        try {
            Long recoverFrom = cleanShutdown ? null
                    : recoveryPointHint < 0 ? Long.valueOf(Long.MIN_VALUE) : logOffsets.floor(recoveryPointHint);
            if (!cleanShutdown && recoverFrom == null) {
                recoverFrom = Long.MIN_VALUE;
            }
            for (long base : logOffsets) {
                boolean indexesPresent = Files.exists(SegmentFiles.indexFile(dir, base))
                        && Files.exists(SegmentFiles.timeIndexFile(dir, base));
                LogSegment seg = LogSegment.open(dir, base, nowMs);
                segments.put(base, seg);
                if (recoverFrom != null && base >= recoverFrom) {
                    if (LogRecovery.recover(seg, config.indexIntervalBytes()) > 0) {
                        dropSegmentsAfter(dir, base, logOffsets, segments);
                        break;
                    }
                } else if (!indexesPresent || !seg.offsetIndex().isSane(seg.size()) || !seg.timeIndex().isSane()
                        || !seg.loadTail()) {
                    LOG.warn("Rebuilding indexes of {} (missing or inconsistent)", seg.logFile());
                    LogRecovery.recover(seg, config.indexIntervalBytes());
                }
            }
            if (segments.isEmpty()) {
                long base = Math.max(0, startOffsetHint);
                segments.put(base, LogSegment.open(dir, base, nowMs));
            }
            for (LogSegment s : segments.headMap(segments.lastKey()).values()) {
                s.onBecomeInactive();
            }
        } catch (IOException | RuntimeException e) {
            for (LogSegment s : segments.values()) {
                try {
                    s.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        long leo = segments.lastEntry().getValue().nextOffset();
        long recoveryPoint = cleanShutdown ? leo : Math.min(Math.max(recoveryPointHint, 0), leo);
        return new Loaded(segments, recoveryPoint);
    }

    /** After a mid-log truncation nothing behind it can be trusted: Kafka deletes the later segments. */
    private static void dropSegmentsAfter(Path dir, long base, TreeSet<Long> logOffsets,
                                          Map<Long, LogSegment> open) throws IOException {
        for (long later : logOffsets.tailSet(base, false)) {
            LOG.warn("Deleting segment {} after a truncated segment", SegmentFiles.logFile(dir, later));
            LogSegment s = open.remove(later);
            if (s != null) {
                s.closeAndDelete();
            } else {
                Files.deleteIfExists(SegmentFiles.logFile(dir, later));
                Files.deleteIfExists(SegmentFiles.indexFile(dir, later));
                Files.deleteIfExists(SegmentFiles.timeIndexFile(dir, later));
            }
        }
    }
}
