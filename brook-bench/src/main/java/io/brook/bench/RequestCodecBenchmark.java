package io.brook.bench;

import io.brook.protocol.codec.FileSliceRecords;
import io.brook.protocol.codec.KafkaRequests;
import io.brook.protocol.codec.ResponseEncoder;
import io.brook.protocol.handler.ApiKey;
import io.brook.protocol.handler.RequestHeader;
import io.brook.storage.FileSlice;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
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
 * The protocol layer around the hot paths, as {@code RequestDispatcher} and {@code ResponseEncoder} run it:
 * <ul>
 *   <li>{@link #decodeProduce}: {@code RequestHeader.parse} + {@code KafkaRequests.parse} of a
 *       Produce v11 frame (one topic, {@code partitions} x a 16 KiB batch). The records stay slices of the
 *       frame: allocation per op should not grow with the batch bytes.</li>
 *   <li>{@link #encodeFetch}: a Fetch v16 response of {@code partitions} partitions, each carrying a 1 MiB
 *       {@link FileSliceRecords}, through {@link ResponseEncoder} into the pooled allocator: header and
 *       partition metadata are written to pooled buffers, each slice becomes a {@code DefaultFileRegion}.
 *       The parts are released as Netty would after writing them.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class RequestCodecBenchmark {

    @Param({"8"})
    public int partitions;

    private ByteBuffer produceFrame;
    private final ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
    private RequestHeader fetchHeader;
    private FetchResponseData fetchResponse;
    private Path file;
    private FileChannel channel;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        produceFrame = BenchData.directCopy(KafkaFrames.produce("bench", partitions, (short) 11, (short) 1, false));
        file = Files.createTempFile("brook-bench-codec", ".log");
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Uuid topicId = Uuid.randomUuid();
        List<PartitionData> parts = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            parts.add(new PartitionData().setPartitionIndex(p).setHighWatermark(1_000_000).setLastStableOffset(1_000_000)
                    .setLogStartOffset(0).setAbortedTransactions(null)
                    .setRecords(new FileSliceRecords(new FileSlice(channel, (long) p << 20, 1 << 20))));
        }
        fetchResponse = new FetchResponseData().setSessionId(12345).setResponses(new ArrayList<>(List.of(
                new FetchableTopicResponse().setTopicId(topicId).setPartitions(parts))));
        ByteBuffer fetchRequestHeader = KafkaFrames.frame(ApiKey.FETCH, (short) 16, 99, new FetchRequestData(), false);
        fetchHeader = RequestHeader.parse(ApiKey.FETCH, fetchRequestHeader);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }

    @Benchmark
    public ApiMessage decodeProduce() {
        ByteBuffer frame = produceFrame.duplicate();
        RequestHeader header = RequestHeader.parse(ApiKey.forId(frame.getShort(frame.position())), frame);
        return KafkaRequests.parse(header.apiKey(), header.apiVersion(), new ByteBufferAccessor(frame));
    }

    @Benchmark
    public int encodeFetch() {
        List<Object> parts = ResponseEncoder.encode(allocator, fetchHeader, fetchResponse, (short) 16);
        int n = parts.size();
        parts.forEach(ReferenceCountUtil::release);
        return n;
    }
}
