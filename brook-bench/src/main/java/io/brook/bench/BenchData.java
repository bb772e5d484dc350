package io.brook.bench;

import io.brook.storage.record.RecordBatchWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** Realistic inputs shared by the benchmarks: what Kafka's ProducerPerformance sends with default settings. */
public final class BenchData {
    /** The producer's default batch.size. */
    public static final int BATCH_SIZE = 16 * 1024;
    /** ProducerPerformance --record-size 100. */
    public static final int RECORD_SIZE = 100;

    private BenchData() {
    }

    /**
     * One uncompressed v2 batch of 100-byte values (no key, no headers, no producer id: acks=1 without
     * idempotence), as many records as fit in 16 KiB — what a full producer batch looks like.
     */
    public static ByteBuffer batch16k(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long now = System.currentTimeMillis();
        RecordBatchWriter writer = new RecordBatchWriter();
        ByteBuffer last = null;
        for (int i = 0; ; i++) {
            byte[] value = new byte[RECORD_SIZE];
            for (int j = 0; j < value.length; j++) {
                value[j] = (byte) ('A' + random.nextInt(26));
            }
            writer.add(null, value, now + i / 50);
            ByteBuffer b = writer.build(0L);
            if (b.remaining() > BATCH_SIZE) {
                return last;
            }
            last = b;
        }
    }

    /** A direct copy of {@code src} (position 0, limit its size), like a frame in a Netty direct buffer. */
    public static ByteBuffer directCopy(ByteBuffer src) {
        ByteBuffer d = ByteBuffer.allocateDirect(src.remaining());
        d.put(src.duplicate()).flip();
        return d;
    }

    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
