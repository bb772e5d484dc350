package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PartitionLog#read} (which skips over whole batches using the offset index) against the rule it must
 * keep, computed from the batch layout alone: whole batches from the one holding the fetch offset, while the
 * total stays within maxBytes and base offsets stay below the bound, at least one batch with minOneBatch,
 * never crossing a segment.
 */
class ReadBoundsTest {
    @TempDir
    Path dir;

    /** base offset, last offset, position, size and segment base of every batch, in log order. */
    private record Batch(long base, long last, long position, int size, long segment) {
    }

    @Test
    void readMatchesTheBatchGranularRuleForRandomLayoutsAndBounds() throws IOException {
        for (int seed = 0; seed < 6; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int indexInterval = new int[] {0, 100, 4096}[seed % 3];
            LogConfig config = LogConfig.defaults().withSegmentBytes(64 * 1024).withIndexIntervalBytes(indexInterval);
            List<Batch> batches = new ArrayList<>();
            try (PartitionLog log = PartitionLog.open(dir.resolve("p" + seed), config, Clock.systemUTC(), true)) {
                long segment = 0;
                long position = 0;
                for (int i = 0; i < 400; i++) {
                    int count = random.nextInt(10) < 8 ? random.nextInt(1, 4) : random.nextInt(20, 60);
                    ByteBuffer batch = TestBatches.batch("s" + seed + "b" + i, count, 1_000 + i);
                    int size = batch.remaining();
                    long base = log.logEndOffset();
                    if (position > 0 && position + size > config.segmentBytes()) {
                        segment = base;
                        position = 0;
                    }
                    log.appendAsLeader(batch, 0);
                    batches.add(new Batch(base, log.logEndOffset() - 1, position, size, segment));
                    position += size;
                }
                long leo = log.logEndOffset();
                for (int i = 0; i < 3000; i++) {
                    long fetchOffset = random.nextLong(leo);
                    int maxBytes = random.nextInt(4) == 0 ? random.nextInt(1, 200) : random.nextInt(1, 70_000);
                    long bound = random.nextInt(3) == 0 ? fetchOffset + random.nextLong(1, 300) : leo;
                    boolean minOne = random.nextBoolean();
                    FileSlice slice = log.read(fetchOffset, maxBytes, bound, minOne).slice();
                    long[] expected = expected(batches, fetchOffset, maxBytes, Math.min(bound, leo), minOne);
                    String what = "seed " + seed + " read(" + fetchOffset + ", " + maxBytes + ", " + bound + ", " + minOne + ")";
                    assertThat(slice.size()).as(what).isEqualTo((int) expected[1]);
                    if (expected[1] > 0) {
                        assertThat(slice.position()).as(what).isEqualTo(expected[0]);
                    }
                }
            }
        }
    }

    /** {position, size} of the slice the rule gives. */
    private static long[] expected(List<Batch> batches, long fetchOffset, int maxBytes, long bound, boolean minOne) {
        int first = 0;
        while (batches.get(first).last() < fetchOffset) {
            first++;
        }
        Batch start = batches.get(first);
        long total = 0;
        for (int i = first; i < batches.size(); i++) {
            Batch b = batches.get(i);
            if (b.segment() != start.segment() || b.base() >= bound) {
                break;
            }
            if (total + b.size() > maxBytes) {
                if (total == 0 && minOne) {
                    total = b.size();
                }
                break;
            }
            total += b.size();
        }
        return new long[] {start.position(), total};
    }
}
