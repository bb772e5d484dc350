package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two-level offset-index lookup against a brute-force floor search, through appends, truncation and reopen. */
class OffsetIndexTest {
    private static final long BASE = 1_000_000L;

    @TempDir
    Path dir;

    private final List<long[]> entries = new ArrayList<>(); // {offset, position}

    private void append(OffsetIndex index, long offset, int position) throws IOException {
        index.append(offset, position);
        entries.add(new long[] {offset, position});
    }

    private int expected(long target) {
        int pos = 0;
        for (long[] e : entries) {
            if (e[0] <= target) {
                pos = (int) e[1];
            }
        }
        return pos;
    }

    private void checkLookups(OffsetIndex index, SplittableRandom random, long maxOffset) throws IOException {
        for (long[] e : entries) { // exact hits, and just below each entry
            assertThat(index.lookup(e[0])).as("lookup(%d)", e[0]).isEqualTo(expected(e[0]));
            assertThat(index.lookup(e[0] - 1)).as("lookup(%d)", e[0] - 1).isEqualTo(expected(e[0] - 1));
        }
        for (int i = 0; i < 500; i++) {
            long target = BASE - 10 + random.nextLong(maxOffset - BASE + 20);
            assertThat(index.lookup(target)).as("lookup(%d)", target).isEqualTo(expected(target));
        }
    }

    @Test
    void lookupMatchesBruteForceThroughAppendsTruncationAndReopen() throws IOException {
        for (int seed = 0; seed < 8; seed++) {
            entries.clear();
            SplittableRandom random = new SplittableRandom(seed);
            Path file = dir.resolve(seed + ".index");
            long offset = BASE;
            int position = 0;
            try (OffsetIndex index = new OffsetIndex(file, BASE)) {
                assertThat(index.lookup(BASE + 5)).isZero();
                int first = random.nextInt(1, 3 * OffsetIndex.BLOCK_ENTRIES);
                for (int i = 0; i < first; i++) {
                    offset += random.nextInt(1, 200);
                    position += random.nextInt(61, 20_000);
                    append(index, offset, position);
                }
                checkLookups(index, random, offset); // builds the summary
                int more = random.nextInt(1, 5 * OffsetIndex.BLOCK_ENTRIES);
                for (int i = 0; i < more; i++) { // appends after the summary exists keep it current
                    offset += random.nextInt(1, 200);
                    position += random.nextInt(61, 20_000);
                    append(index, offset, position);
                    if (i % 97 == 0) {
                        checkLookups(index, random, offset);
                    }
                }
                checkLookups(index, random, offset);

                long cut = entries.get(random.nextInt(entries.size()))[0];
                index.truncateTo(cut);
                entries.removeIf(e -> e[0] >= cut);
                checkLookups(index, random, offset);
                offset = entries.isEmpty() ? BASE : entries.get(entries.size() - 1)[0];
                position = entries.isEmpty() ? 0 : (int) entries.get(entries.size() - 1)[1];
                for (int i = 0; i < OffsetIndex.BLOCK_ENTRIES + 3; i++) {
                    offset += random.nextInt(1, 200);
                    position += random.nextInt(61, 20_000);
                    append(index, offset, position);
                }
                checkLookups(index, random, offset);
            }
            try (OffsetIndex reopened = new OffsetIndex(file, BASE)) {
                checkLookups(reopened, random, offset);
                reopened.reset();
                entries.clear();
                assertThat(reopened.lookup(offset)).isZero();
                append(reopened, BASE + 3, 0);
                append(reopened, BASE + 9, 100);
                checkLookups(reopened, random, BASE + 20);
            }
        }
    }

    /**
     * The state a reader can see between an append publishing its entry and updating the summary: entries
     * beyond the last summarized block must still be found.
     */
    @Test
    void lookupFindsEntriesTheSummaryHasNotCaughtUpWith() throws IOException {
        try (OffsetIndex index = new OffsetIndex(dir.resolve("lagging.index"), BASE)) {
            int summarized = 2 * OffsetIndex.BLOCK_ENTRIES + 5;
            for (int i = 0; i < summarized; i++) {
                append(index, BASE + 3L * i + 1, 100 * i);
            }
            checkLookups(index, new SplittableRandom(3), BASE + 3L * summarized); // builds the summary
            for (int i = summarized; i < summarized + OffsetIndex.BLOCK_ENTRIES; i++) { // file only, as mid-append
                index.appendEntry(java.nio.ByteBuffer.allocate(OffsetIndex.ENTRY_SIZE)
                        .putInt(0, 3 * i + 1).putInt(4, 100 * i));
                entries.add(new long[] {BASE + 3L * i + 1, 100 * i});
            }
            checkLookups(index, new SplittableRandom(4), BASE + 3L * (summarized + OffsetIndex.BLOCK_ENTRIES));
        }
    }

    /** Lock-free lookups racing appends (and the lazy summary build) see every published entry. */
    @Test
    void concurrentLookupsSeePublishedEntries() throws Exception {
        int total = 40 * OffsetIndex.BLOCK_ENTRIES;
        AtomicLong published = new AtomicLong(-1); // index of the last entry whose append returned
        ExecutorService readers = Executors.newFixedThreadPool(3);
        try (OffsetIndex index = new OffsetIndex(dir.resolve("concurrent.index"), BASE)) {
            List<Future<Integer>> checks = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                int seed = r;
                checks.add(readers.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    int done = 0;
                    while (published.get() < total - 1) {
                        long last = published.get();
                        if (last < 0) {
                            continue;
                        }
                        long i = random.nextLong(last + 1);
                        long target = BASE + 3 * i + 1 + random.nextInt(3); // entry i's offset .. just below i+1's
                        int got = index.lookup(target);
                        if (got != (int) (100 * i)) {
                            throw new AssertionError("lookup(" + target + ") = " + got + ", expected " + 100 * i);
                        }
                        done++;
                    }
                    return done;
                }));
            }
            for (int i = 0; i < total; i++) {
                index.append(BASE + 3L * i + 1, 100 * i);
                published.set(i);
                if (i % 512 == 0) {
                    Thread.sleep(1);
                }
            }
            for (Future<Integer> f : checks) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isPositive();
            }
        } finally {
            readers.shutdownNow();
        }
    }
}
