package io.brook.storage;

import static io.brook.storage.TestBatches.batch;
import static io.brook.storage.TestBatches.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.storage.record.RecordBatchWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
    @TempDir
    Path tmp;
    final MutableClock clock = new MutableClock(1_700_000_000_000L);
    PartitionLog log;

    @AfterEach
    void closeLog() throws IOException {
        if (log != null) {
            log.close();
        }
    }

    PartitionLog open(LogConfig c) throws IOException {
        log = PartitionLog.open(tmp.resolve("r-0"), c, clock, true);
        return log;
    }

    /** One batch per segment, each stamped with the clock, 1 s apart. */
    void fillOneBatchPerSegment(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            log.appendAsLeader(batch("s" + i, 1, clock.millis()), 0);
            log.roll();
            clock.advance(1000);
        }
    }

    @Test
    void timeRetentionDeletesOldSegmentsOnly() throws IOException {
        open(LogConfig.defaults().withRetentionMs(10_000).withFileDeleteDelayMs(0));
        fillOneBatchPerSegment(20);
        assertThat(log.segmentCount()).isEqualTo(21); // plus the empty active one
        // now = t0 + 20 s: segments stamped t0 .. t0+9s are older than 10 s
        assertThat(log.enforceRetention()).isEqualTo(10);
        assertThat(log.logStartOffset()).isEqualTo(10);
        assertThat(log.enforceRetention()).isZero();
        assertThatThrownBy(() -> log.read(9, 100, Long.MAX_VALUE, true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(log.read(10, 1000, Long.MAX_VALUE, true).slice().isEmpty()).isFalse();
    }

    @Test
    void sizeRetentionKeepsAtLeastRetentionBytes() throws IOException {
        open(LogConfig.defaults().withFileDeleteDelayMs(0));
        fillOneBatchPerSegment(10);
        long segSize = log.sizeInBytes() / 10;
        log.updateConfig(log.config().withRetentionBytes(segSize * 4));
        assertThat(log.enforceRetention()).isEqualTo(6);
        assertThat(log.sizeInBytes()).isEqualTo(segSize * 4);
        assertThat(log.logStartOffset()).isEqualTo(6);
    }

    @Test
    void retentionRespectsTheHighWatermarkAndNeverDeletesTheActiveSegment() throws IOException {
        open(LogConfig.defaults().withRetentionMs(0).withFileDeleteDelayMs(0));
        fillOneBatchPerSegment(5);
        clock.advance(1);
        assertThat(log.enforceRetention(2)).isEqualTo(2); // segments [0] and [1] lie below offset 2
        assertThat(log.enforceRetention()).isEqualTo(3);
        assertThat(log.segmentCount()).isEqualTo(1);
        assertThat(log.logStartOffset()).isEqualTo(5);
        assertThat(log.logEndOffset()).isEqualTo(5);
    }

    @Test
    void deletedSegmentsStayReadableUntilTheDelayPasses() throws IOException {
        open(LogConfig.defaults().withRetentionMs(100).withFileDeleteDelayMs(60_000));
        fillOneBatchPerSegment(3);
        FileSlice held = log.read(0, 1000, Long.MAX_VALUE, true).slice();
        assertThat(log.enforceRetention()).isEqualTo(3);
        Path dir = tmp.resolve("r-0");
        assertThat(Files.exists(dir.resolve(SegmentFiles.prefix(0) + ".log.deleted"))).isTrue();
        assertThat(held.readAll().remaining()).isEqualTo(held.size()); // channel still open
        clock.advance(60_000);
        log.enforceRetention();
        assertThat(Files.exists(dir.resolve(SegmentFiles.prefix(0) + ".log.deleted"))).isFalse();
    }

    @Test
    void activeSegmentRollsBySegmentMs() throws IOException {
        open(LogConfig.defaults().withSegmentMs(5000));
        log.appendAsLeader(batch("a", 1, clock.millis()), 0);
        assertThat(log.enforceRetention()).isZero();
        assertThat(log.segmentCount()).isEqualTo(1);
        clock.advance(5001);
        log.enforceRetention();
        assertThat(log.segmentCount()).isEqualTo(2);
        // and on append, by the batch timestamps, like Kafka
        log.appendAsLeader(batch("b", 1, clock.millis()), 0);
        log.appendAsLeader(batch("c", 1, clock.millis() + 6000), 0);
        assertThat(log.segmentCount()).isEqualTo(3);
    }

    @Test
    void deleteRecordsBeforeAdvancesStartOffsetAndDropsWholeSegments() throws IOException {
        open(LogConfig.defaults().withFileDeleteDelayMs(0));
        fillOneBatchPerSegment(5);
        log.deleteRecordsBefore(3);
        assertThat(log.logStartOffset()).isEqualTo(3);
        assertThat(log.segmentCount()).isEqualTo(3); // [3], [4], active [5]
        log.deleteRecordsBefore(1); // never moves backwards
        assertThat(log.logStartOffset()).isEqualTo(3);
        assertThatThrownBy(() -> log.deleteRecordsBefore(6)).isInstanceOf(OffsetOutOfRangeException.class);

        log.close();
        log = PartitionLog.open(tmp.resolve("r-0"), LogConfig.defaults(), clock, true);
        assertThat(log.logStartOffset()).isEqualTo(3);
    }

    @Test
    void deleteRecordsInsideASegmentKeepsItButHidesTheRecords() throws IOException {
        open(LogConfig.defaults());
        log.appendAsLeader(batch("a", 10, clock.millis()), 0);
        log.deleteRecordsBefore(4);
        assertThat(log.segmentCount()).isEqualTo(1);
        assertThat(log.logStartOffset()).isEqualTo(4);
        assertThat(TestBatches.readAll(log, 4)).hasSize(6);
    }

    @Test
    void offsetForTimestampAndMaxTimestamp() throws IOException {
        open(LogConfig.defaults().withSegmentBytes(400).withIndexIntervalBytes(50));
        assertThat(log.maxTimestamp()).isNull();
        assertThat(log.offsetForTimestamp(0)).isNull();
        // offsets 0..59, record i has timestamp 1000 + 10 * i, except offset 33 which is the max
        for (int b = 0; b < 20; b++) {
            RecordBatchWriter w = new RecordBatchWriter();
            for (int i = 0; i < 3; i++) {
                int offset = b * 3 + i;
                w.add(bytes("k"), bytes("v"), offset == 33 ? 99_999 : 1000 + 10L * offset);
            }
            log.appendAsLeader(w.build(0), 0);
        }
        assertThat(log.segmentCount()).isGreaterThan(2);
        assertThat(log.offsetForTimestamp(0)).isEqualTo(new OffsetAndTimestamp(0, 1000));
        assertThat(log.offsetForTimestamp(1000)).isEqualTo(new OffsetAndTimestamp(0, 1000));
        assertThat(log.offsetForTimestamp(1001)).isEqualTo(new OffsetAndTimestamp(1, 1010));
        assertThat(log.offsetForTimestamp(1255)).isEqualTo(new OffsetAndTimestamp(26, 1260));
        assertThat(log.offsetForTimestamp(1325)).isEqualTo(new OffsetAndTimestamp(33, 99_999));
        assertThat(log.offsetForTimestamp(1590)).isEqualTo(new OffsetAndTimestamp(33, 99_999));
        assertThat(log.offsetForTimestamp(100_000)).isNull();
        assertThat(log.maxTimestamp()).isEqualTo(new OffsetAndTimestamp(33, 99_999));

        log.close();
        open(LogConfig.defaults().withSegmentBytes(400).withIndexIntervalBytes(50));
        assertThat(log.maxTimestamp()).isEqualTo(new OffsetAndTimestamp(33, 99_999));
        assertThat(log.offsetForTimestamp(1255)).isEqualTo(new OffsetAndTimestamp(26, 1260));
        log.deleteRecordsBefore(40);
        assertThat(log.offsetForTimestamp(0)).isEqualTo(new OffsetAndTimestamp(40, 1400));
    }

    @Test
    void deleteRemovesTheDirectory() throws IOException {
        open(LogConfig.defaults());
        log.appendAsLeader(batch("a", 1, 1), 0);
        log.delete();
        assertThat(Files.exists(tmp.resolve("r-0"))).isFalse();
        log = null;
    }

    @Test
    void readOnlyBuffersAreCopiedNotPatched() throws IOException {
        open(LogConfig.defaults());
        log.appendAsLeader(batch("a", 1, 1), 0);
        ByteBuffer ro = batch("b", 1, 1).asReadOnlyBuffer();
        assertThat(log.appendAsLeader(ro, 0).firstOffset()).isEqualTo(1);
        assertThat(ro.getLong(0)).isZero();
    }
}
