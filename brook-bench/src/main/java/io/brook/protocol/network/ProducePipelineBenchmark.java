package io.brook.protocol.network;

import io.brook.bench.BenchData;
import io.brook.bench.KafkaFrames;
import io.brook.core.config.BrookConfig;
import io.brook.core.config.TopicConfigResolver;
import io.brook.core.controller.ClusterController;
import io.brook.core.controller.NewTopic;
import io.brook.core.log.DataDirectory;
import io.brook.core.partition.PartitionManager;
import io.brook.metadata.log.FileMetadataLog;
import io.brook.protocol.api.ApiVersionsHandler;
import io.brook.protocol.api.partition.ProduceHandler;
import io.brook.protocol.api.TopicResolver;
import io.brook.protocol.codec.RequestDispatcher;
import io.brook.protocol.handler.HandlerRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
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
 * One Produce v11 request (acks=1, one topic, {@code partitions} x a 16 KiB batch of 100-byte records, what
 * ProducerPerformance sends) through the real Netty pipeline on an {@link EmbeddedChannel}:
 * {@link FrameDecoder} -> {@link KafkaConnection} -> {@link RequestDispatcher} (header + body decode) ->
 * {@link ProduceHandler} -> {@code Partition.appendAsLeader} -> {@code PartitionLog} -> response encode ->
 * write. The partitions are real logs under a real {@link PartitionManager} and {@link ClusterController}
 * (metadata log in a temp dir), i.e. a broker minus the socket. Each op copies the frame from a template
 * into a pooled direct buffer (a socket read would fill one) and releases the response buffers.
 *
 * <p>Sits in {@code io.brook.protocol.network} (of brook-bench) because FrameDecoder and KafkaConnection are
 * package-private; no production class was opened up for it. The topic is deleted and recreated each
 * iteration, so the disk holds one iteration's writes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class ProducePipelineBenchmark {
    private static final String TOPIC = "bench";

    @Param({"8"})
    public int partitions;

    private Path dir;
    private DataDirectory dataDir;
    private FileMetadataLog metadataLog;
    private PartitionManager partitionManager;
    private ClusterController controller;
    private EmbeddedChannel channel;
    private ByteBuffer frame;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = BenchData.tempDir("brook-bench-pipeline");
        BrookConfig config = BrookConfig.parse(Map.of("log.dirs", dir.toString(),
                "listeners", "PLAINTEXT://127.0.0.1:0", "num.partitions", String.valueOf(partitions)));
        dataDir = DataDirectory.open(dir, config.nodeId(), config.value("cluster.id"));
        metadataLog = new FileMetadataLog(dir.resolve("__cluster_metadata-0"));
        partitionManager = new PartitionManager(config.nodeId(), List.of(dataDir), new TopicConfigResolver(config),
                Clock.systemUTC());
        controller = new ClusterController(metadataLog, config, partitionManager::onImage);
        controller.start();
        HandlerRegistry registry = new HandlerRegistry();
        ApiVersionsHandler apiVersions = new ApiVersionsHandler(registry);
        registry.register(apiVersions).register(new ProduceHandler(partitionManager, new TopicResolver(controller)));
        channel = new EmbeddedChannel(new FrameDecoder(100 * 1024 * 1024),
                new KafkaConnection(new RequestDispatcher(registry, apiVersions), "PLAINTEXT"));
        frame = KafkaFrames.produce(TOPIC, partitions, (short) 11, (short) 1, true);
    }

    @Setup(Level.Iteration)
    public void createTopic() {
        controller.createTopic(new NewTopic(TOPIC, partitions, (short) 1, Map.of(), Map.of()), false);
    }

    @TearDown(Level.Iteration)
    public void deleteTopic() {
        controller.deleteTopic(TOPIC);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        channel.finishAndReleaseAll();
        partitionManager.close();
        metadataLog.close();
        dataDir.close();
        BenchData.deleteRecursively(dir);
    }

    @Benchmark
    public int produce() {
        ByteBuf in = PooledByteBufAllocator.DEFAULT.directBuffer(frame.remaining());
        in.writeBytes(frame.duplicate());
        channel.writeInbound(in);
        int bytes = 0;
        Object out;
        while ((out = channel.readOutbound()) != null) {
            if (out instanceof ByteBuf b) {
                bytes += b.readableBytes();
            }
            ReferenceCountUtil.release(out);
        }
        if (bytes == 0) {
            throw new IllegalStateException("no response");
        }
        return bytes;
    }
}
