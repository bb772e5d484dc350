package io.brook.storage;

import io.brook.bench.BenchData;
import io.brook.storage.record.BatchHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
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
 * The produce append: {@link PartitionLog#appendAsLeader} of one 16 KiB batch of 100-byte records
 * (validate: framing + CRC-32C; producer-state check; offset and leader-epoch patch in place; positional
 * write to the active segment; sparse index entries), round robin over several partitions' logs in a temp
 * directory. Each op first copies the batch from a template into a reused direct buffer (a Netty frame
 * is a direct buffer), since the append patches it; {@link #copyOnly} measures that copy alone.
 * {@link #validateOnly} runs Brook's {@link BatchValidator} by itself (this class sits in the
 * {@code io.brook.storage} package of brook-bench to reach it; nothing in brook-storage was opened up).
 *
 * <p>The logs are recreated every iteration so the disk footprint stays at one iteration's writes
 * (they sit in the page cache; fsync is Kafka's default: never on append).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class ProduceAppendBenchmark {

    @Param({"8"})
    public int partitions;

    private ByteBuffer template;
    private ByteBuffer work;
    private final LogConfig config = LogConfig.defaults();
    private Path dir;
    private PartitionLog[] logs;
    private int next;

    @Setup(Level.Trial)
    public void setUpTrial() {
        template = BenchData.batch16k(42);
        work = ByteBuffer.allocateDirect(template.remaining());
    }

    @Setup(Level.Iteration)
    public void openLogs() throws IOException {
        dir = BenchData.tempDir("brook-bench-append");
        logs = new PartitionLog[partitions];
        for (int i = 0; i < partitions; i++) {
            logs[i] = PartitionLog.open(dir.resolve("bench-" + i), config, Clock.systemUTC(), true);
        }
    }

    @TearDown(Level.Iteration)
    public void closeLogs() throws IOException {
        for (PartitionLog log : logs) {
            log.close();
        }
        BenchData.deleteRecursively(dir);
    }

    /** copy template -> direct buffer, then appendAsLeader (validate + patch + write + index). */
    @Benchmark
    public AppendResult append() throws IOException {
        work.clear();
        work.put(template.duplicate()).flip();
        PartitionLog log = logs[next];
        next = next + 1 == logs.length ? 0 : next + 1;
        return log.appendAsLeader(work, 0);
    }

    /** The per-op template copy alone (subtract from {@link #append}). */
    @Benchmark
    public ByteBuffer copyOnly() {
        work.clear();
        work.put(template.duplicate()).flip();
        return work;
    }

    /** Structural checks + CRC-32C of the batch (no copy: validation does not modify the buffer). */
    @Benchmark
    public List<BatchHeader> validateOnly() {
        return BatchValidator.validate(template.duplicate(), config, AppendOrigin.CLIENT);
    }
}
