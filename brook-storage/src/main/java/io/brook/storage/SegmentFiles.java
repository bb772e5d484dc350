package io.brook.storage;

import java.io.IOException;
import java.nio.file.Path;

/** Kafka's file naming inside a partition directory: {@code <20-digit zero-padded offset><suffix>}. */
final class SegmentFiles {
    static final String LOG = ".log";
    static final String INDEX = ".index";
    static final String TIME_INDEX = ".timeindex";
    static final String TXN_INDEX = ".txnindex";
    static final String SNAPSHOT = ".snapshot";
    /** Suffixes Kafka appends to files being deleted / produced by an unfinished clean or swap. */
    static final String DELETED = ".deleted";
    static final String CLEANED = ".cleaned";
    static final String SWAP = ".swap";
    static final String TMP = ".tmp";

    private SegmentFiles() {
    }

    static String prefix(long offset) {
        String s = Long.toString(offset);
        return "0".repeat(Math.max(0, 20 - s.length())) + s;
    }

    static Path logFile(Path dir, long baseOffset) {
        return dir.resolve(prefix(baseOffset) + LOG);
    }

    static Path indexFile(Path dir, long baseOffset) {
        return dir.resolve(prefix(baseOffset) + INDEX);
    }

    static Path timeIndexFile(Path dir, long baseOffset) {
        return dir.resolve(prefix(baseOffset) + TIME_INDEX);
    }

    static Path snapshotFile(Path dir, long offset) {
        return dir.resolve(prefix(offset) + SNAPSHOT);
    }

    static Path deleted(Path file) {
        return file.resolveSibling(file.getFileName() + DELETED);
    }

    /** Offset encoded in {@code file}'s name, which must end with {@code suffix}; fails naming the file. */
    static long parseOffset(Path file, String suffix) throws IOException {
        String name = file.getFileName().toString();
        String digits = name.substring(0, name.length() - suffix.length());
        if (digits.length() != 20 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IOException("invalid segment file name " + file
                    + ": expected a 20-digit zero-padded offset followed by " + suffix);
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IOException("invalid segment file name " + file + ": offset out of range", e);
        }
    }
}
