package io.brook.storage;

import static io.brook.storage.TestBatches.batch;
import static io.brook.storage.TestBatches.readAll;
import static io.brook.storage.TestBatches.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.storage.record.Record;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogRecoveryTest {
    @TempDir
    Path tmp;
    final MutableClock clock = new MutableClock(1_700_000_000_000L);
    PartitionLog log;

    static final LogConfig CONFIG = LogConfig.defaults().withSegmentBytes(4096).withIndexIntervalBytes(128);

    Path dir() {
        return tmp.resolve("t-3");
    }

    @AfterEach
    void closeLog() throws IOException {
        if (log != null) {
            log.close();
        }
    }

    /** Appends n batches of 2 records each; returns the log end offset. */
    long fill(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            log.appendAsLeader(batch("b" + i, 2, clock.millis() + i), 0);
        }
        return log.logEndOffset();
    }

    Path lastLogFile() throws IOException {
        try (var files = Files.list(dir())) {
            return files.filter(p -> p.toString().endsWith(".log")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    /** Simulates kill -9: the log object is dropped without close(), then reopened unclean. */
    void crashAndReopen() throws IOException {
        log = null; // files stay as written (page cache); nothing is flushed or snapshotted
        log = PartitionLog.open(dir(), CONFIG, clock, false);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 30, 61})
    void tornTailIsTruncatedAndAppendsContinue(int cut) throws IOException {
        log = PartitionLog.open(dir(), CONFIG, clock, true);
        fill(30);
        log.flush();
        long intactEnd = log.logEndOffset();
        log.appendAsLeader(batch("torn", 3, clock.millis()), 0);
        Path file = lastLogFile();
        long size = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size - cut); // the last batch is now incomplete
        }
        crashAndReopen();
        assertThat(log.logEndOffset()).isEqualTo(intactEnd);
        List<Record> records = readAll(log, 0);
        assertThat(records).hasSize((int) intactEnd);
        assertThat(str(records.get(0).valueBytes())).isEqualTo("vb0-0");
        assertThat(log.appendAsLeader(batch("after", 1, clock.millis()), 0).firstOffset()).isEqualTo(intactEnd);
        assertThat(readAll(log, 0)).hasSize((int) intactEnd + 1);
    }

    @Test
    void garbageAfterTheLastBatchIsTruncated() throws IOException {
        log = PartitionLog.open(dir(), CONFIG, clock, true);
        fill(10);
        long end = log.logEndOffset();
        long sizeBefore = Files.size(lastLogFile());
        byte[] garbage = new byte[500];
        new Random(7).nextBytes(garbage);
        Files.write(lastLogFile(), garbage, StandardOpenOption.APPEND);
        crashAndReopen();
        assertThat(log.logEndOffset()).isEqualTo(end);
        assertThat(Files.size(lastLogFile())).isEqualTo(sizeBefore);
        assertThat(readAll(log, 0)).hasSize((int) end);
    }

    @Test
    void corruptedBatchInTheMiddleTruncatesFromThere() throws IOException {
        log = PartitionLog.open(dir(), CONFIG.withSegmentBytes(1 << 20), clock, true);
        fill(10);
        ByteBuffer first = log.read(0, 1, Long.MAX_VALUE, true).slice().readAll();
        int batchSize = first.remaining();
        Path file = lastLogFile();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xff}), 4L * batchSize + 70); // inside batch #4's records
        }
        crashAndReopen();
        assertThat(log.logEndOffset()).isEqualTo(8); // batches 0-3, two records each
    }

    @Test
    void missingOrBrokenIndexIsRebuiltOnCleanOpen() throws IOException {
        log = PartitionLog.open(dir(), CONFIG.withSegmentBytes(1 << 20), clock, true);
        long end = fill(40);
        log.close();
        Path index = dir().resolve(SegmentFiles.prefix(0) + SegmentFiles.INDEX);
        Path timeIndex = dir().resolve(SegmentFiles.prefix(0) + SegmentFiles.TIME_INDEX);
        byte[] original = Files.readAllBytes(index);
        byte[] originalTime = Files.readAllBytes(timeIndex);
        assertThat(original.length).isGreaterThan(16).matches(n -> n % 8 == 0);
        Files.delete(index);
        Files.write(timeIndex, new byte[] {1, 2, 3}); // not a whole entry
        log = PartitionLog.open(dir(), CONFIG.withSegmentBytes(1 << 20), clock, true);
        log.close(); // close appends the final time-index entry, as it did the first time
        assertThat(Files.readAllBytes(index)).isEqualTo(original);
        assertThat(Files.readAllBytes(timeIndex)).isEqualTo(originalTime);
        log = PartitionLog.open(dir(), CONFIG.withSegmentBytes(1 << 20), clock, true);
        assertThat(readAll(log, 0)).hasSize((int) end);
        for (long o = 0; o < end; o += 7) {
            assertThat(TestBatches.readAll(log, o).get(0).offset()).isEqualTo(o);
        }
    }

    @Test
    void unparseableSegmentNameFailsOpenNamingTheFile() throws IOException {
        Files.createDirectories(dir());
        Files.write(dir().resolve("12x.log"), new byte[0]);
        assertThatThrownBy(() -> PartitionLog.open(dir(), CONFIG, clock, true))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("12x.log");
    }

    @Test
    void unreadableSegmentFailsOpenNamingTheFile() throws IOException {
        Files.createDirectories(dir().resolve(SegmentFiles.prefix(0) + ".log"));
        assertThatThrownBy(() -> PartitionLog.open(dir(), CONFIG, clock, true))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(SegmentFiles.prefix(0) + ".log");
    }

    @Test
    void strayFilesAreRemoved() throws IOException {
        log = PartitionLog.open(dir(), CONFIG, clock, true);
        fill(3);
        log.close();
        Files.write(dir().resolve(SegmentFiles.prefix(0) + ".log.deleted"), new byte[3]);
        Files.write(dir().resolve(SegmentFiles.prefix(0) + ".log.cleaned"), new byte[3]);
        Files.write(dir().resolve(SegmentFiles.prefix(99) + ".index"), new byte[8]);
        log = PartitionLog.open(dir(), CONFIG, clock, true);
        try (var files = Files.list(dir())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".deleted") || n.endsWith(".cleaned") || n.startsWith(SegmentFiles.prefix(99)));
        }
        assertThat(log.logEndOffset()).isEqualTo(6);
    }
}
