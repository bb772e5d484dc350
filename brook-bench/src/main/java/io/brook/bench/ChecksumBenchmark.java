package io.brook.bench;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The checksum on the produce path: a v2 record batch carries a CRC-32C over everything after
 * its {@code attributes} field, which the broker verifies for every produced batch (and
 * recomputes when it rewrites one, e.g. for LogAppendTime). This measures
 * {@link CRC32C} (intrinsified on x86-64 and aarch64) against the older {@link CRC32}, on a heap
 * array and on a direct buffer (what a Netty pooled buffer or a mapped segment hands over),
 * for a small batch, the clients' default 16 KiB {@code batch.size}, and a 1 MiB batch.
 *
 * <p>Run: {@code java -jar brook-bench/target/benchmarks.jar ChecksumBenchmark}. Throughput
 * in bytes per second is {@code size * ops/s}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class ChecksumBenchmark {

    /** Batch size in bytes. */
    @Param({"1024", "16384", "1048576"})
    public int size;

    private byte[] heap;
    private ByteBuffer direct;
    private final CRC32C crc32c = new CRC32C();
    private final CRC32 crc32 = new CRC32();

    @Setup(Level.Trial)
    public void setUp() {
        heap = randomBytes(size, 0x5EEDL);
        direct = ByteBuffer.allocateDirect(size);
        direct.put(heap).flip();
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < size; i += 8) {
            long v = r.nextLong();
            for (int j = 0; j < 8 && i + j < size; j++) {
                b[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return b;
    }

    static long update(Checksum c, byte[] data) {
        c.reset();
        c.update(data, 0, data.length);
        return c.getValue();
    }

    static long update(Checksum c, ByteBuffer data) {
        c.reset();
        c.update(data.duplicate()); // duplicate: the position of the shared buffer stays put
        return c.getValue();
    }

    @Benchmark
    public long crc32cHeap() {
        return update(crc32c, heap);
    }

    @Benchmark
    public long crc32cDirect() {
        return update(crc32c, direct);
    }

    @Benchmark
    public long crc32Heap() {
        return update(crc32, heap);
    }

    @Benchmark
    public long crc32Direct() {
        return update(crc32, direct);
    }
}
