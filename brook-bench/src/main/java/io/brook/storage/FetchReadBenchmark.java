package io.brook.storage;

import io.brook.bench.BenchData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fetch read path on a log of {@code batches} 16 KiB batches (100-byte records; ~1.6 GB in 1 GiB
 * segments, Kafka's defaults, so the page cache holds it): {@link PartitionLog#read} at random offsets
 * (segment floor lookup, offset-index binary search, header scan from the index entry to the target
 * batch, then a header walk to fill {@code maxBytes}), and {@link OffsetIndex#lookup} alone on the first
 * segment's index (the class sits in {@code io.brook.storage} to reach the package-private index).
 * The read returns a {@link FileSlice}: no record bytes are copied, they go out by sendfile.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class FetchReadBenchmark {

    @Param({"100000"})
    public int batches;

    private Path dir;
    private PartitionLog log;
    private OffsetIndex firstIndex;
    private long[] offsets;
    private long[] firstSegmentOffsets;
    private long leo;
    private int i;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = BenchData.tempDir("brook-bench-fetch");
        log = PartitionLog.open(dir.resolve("bench-0"), LogConfig.defaults(), Clock.systemUTC(), true);
        ByteBuffer template = BenchData.batch16k(7);
        ByteBuffer work = ByteBuffer.allocateDirect(template.remaining());
        for (int n = 0; n < batches; n++) {
            work.clear();
            work.put(template.duplicate()).flip();
            log.appendAsLeader(work, 0);
        }
        leo = log.logEndOffset();
        List<Long> bases = log.segmentBaseOffsets();
        long firstEnd = bases.size() > 1 ? bases.get(1) : leo;
        firstIndex = new OffsetIndex(SegmentFiles.indexFile(log.dir(), 0L), 0L);
        SplittableRandom random = new SplittableRandom(1);
        offsets = new long[1 << 14];
        firstSegmentOffsets = new long[1 << 14];
        for (int n = 0; n < offsets.length; n++) {
            offsets[n] = random.nextLong(leo);
            firstSegmentOffsets[n] = random.nextLong(firstEnd);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        firstIndex.close();
        log.close();
        BenchData.deleteRecursively(dir);
    }

    /** A consumer's partition read: up to max.partition.fetch.bytes (1 MiB) of whole batches. */
    @Benchmark
    public FileSlice read1MiB() throws IOException {
        return log.read(offsets[i++ & (offsets.length - 1)], 1024 * 1024, leo, true).slice();
    }

    /** Just the batch holding the offset (maxBytes 1 with minOneBatch): lookup + locate, no fill walk. */
    @Benchmark
    public FileSlice readOneBatch() throws IOException {
        return log.read(offsets[i++ & (offsets.length - 1)], 1, leo, true).slice();
    }

    /** The sparse offset index's floor lookup alone (~65 k entries in a full 1 GiB segment). */
    @Benchmark
    public int indexLookup() throws IOException {
        return firstIndex.lookup(firstSegmentOffsets[i++ & (firstSegmentOffsets.length - 1)]);
    }
}
