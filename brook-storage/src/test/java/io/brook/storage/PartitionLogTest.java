package io.brook.storage;

import static io.brook.storage.TestBatches.batch;
import static io.brook.storage.TestBatches.bytes;
import static io.brook.storage.TestBatches.idempotent;
import static io.brook.storage.TestBatches.readAll;
import static io.brook.storage.TestBatches.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.storage.record.BatchHeader;
import io.brook.storage.record.Record;
import io.brook.storage.record.RecordBatchWriter;
import io.brook.storage.record.RecordBatches;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionLogTest {
    @TempDir
    Path tmp;
    final MutableClock clock = new MutableClock(1_700_000_000_000L);
    PartitionLog log;

    Path dir() {
        return tmp.resolve("topic-0");
    }

    PartitionLog open(LogConfig config) throws IOException {
        log = PartitionLog.open(dir(), config, clock, true);
        return log;
    }

    @AfterEach
    void closeLog() throws IOException {
        if (log != null) {
            log.close();
        }
    }

    static LogConfig small() {
        return LogConfig.defaults().withSegmentBytes(2048).withIndexIntervalBytes(256);
    }

    @Test
    void createTimeOutsideTheConfiguredWindowIsRejected() throws IOException {
        long now = clock.millis();
        open(LogConfig.defaults().withTimestampLimits(24 * 3_600_000L, 3_600_000L));
        assertThatThrownBy(() -> log.appendAsLeader(new RecordBatchWriter().add(null, new byte[1], now + 7_200_000L)
                .build(0), 0)).isInstanceOf(InvalidTimestampException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> log.appendAsLeader(new RecordBatchWriter().add(null, new byte[1], now - 48 * 3_600_000L)
                .build(0), 0)).isInstanceOf(InvalidTimestampException.class);
        assertThat(log.logEndOffset()).isZero();
        log.appendAsLeader(new RecordBatchWriter().add(null, new byte[1], now + 1_800_000L).build(0), 0);
        assertThat(log.logEndOffset()).isEqualTo(1);

        log.updateConfig(log.config().withLogAppendTime(true));
        log.appendAsLeader(new RecordBatchWriter().add(null, new byte[1], now + 7_200_000L).build(0), 0);
        assertThat(log.logEndOffset()).as("LogAppendTime ignores the producer's clock").isEqualTo(2);
    }

    @Test
    void appendAndReadBackAcrossSegments() throws IOException {
        open(small());
        Random random = new Random(42);
        List<String> expected = new ArrayList<>();
        for (int b = 0; b < 120; b++) {
            int count = 1 + random.nextInt(5);
            RecordBatchWriter w = new RecordBatchWriter();
            for (int i = 0; i < count; i++) {
                String v = "value-" + b + "-" + i + "-" + "x".repeat(random.nextInt(60));
                w.add(bytes("key" + b), bytes(v), clock.millis());
                expected.add(v);
            }
            AppendResult r = log.appendAsLeader(w.build(0), 3);
            assertThat(r.lastOffset() - r.firstOffset() + 1).isEqualTo(count);
            assertThat(r.duplicate()).isFalse();
        }
        assertThat(log.segmentCount()).isGreaterThan(3);
        assertThat(log.logEndOffset()).isEqualTo(expected.size());

        List<Record> records = readAll(log, 0);
        assertThat(records).extracting(r -> str(r.valueBytes())).containsExactlyElementsOf(expected);
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i).offset()).isEqualTo(i);
        }
        // every fetch offset lands in the batch holding it
        for (int i = 0; i < 50; i++) {
            long target = random.nextInt(expected.size());
            ByteBuffer got = log.read(target, 100, Long.MAX_VALUE, true).slice().readAll();
            BatchHeader first = BatchHeader.at(got, 0);
            assertThat(first.baseOffset()).isLessThanOrEqualTo(target);
            assertThat(first.lastOffset()).isGreaterThanOrEqualTo(target);
            assertThat(first.partitionLeaderEpoch()).isEqualTo(3);
            assertThat(first.isValidCrc()).isTrue();
        }

        log.close();
        log = PartitionLog.open(dir(), small(), clock, true);
        assertThat(log.logEndOffset()).isEqualTo(expected.size());
        assertThat(readAll(log, 0)).extracting(r -> str(r.valueBytes())).containsExactlyElementsOf(expected);
        AppendResult more = log.appendAsLeader(batch("after", 2, clock.millis()), 3);
        assertThat(more.firstOffset()).isEqualTo(expected.size());
    }

    @Test
    void readIsBatchGranularAndHonoursMaxBytesAndMaxOffset() throws IOException {
        open(LogConfig.defaults());
        ByteBuffer b0 = batch("a", 5, 1);
        int size0 = b0.remaining();
        log.appendAsLeader(b0, 0);            // offsets 0-4
        log.appendAsLeader(batch("b", 5, 1), 0); // 5-9
        log.appendAsLeader(batch("c", 5, 1), 0); // 10-14

        ReadResult mid = log.read(7, 1 << 20, Long.MAX_VALUE, false);
        List<BatchHeader> batches = RecordBatches.of(mid.slice().readAll()).toList();
        assertThat(batches).extracting(BatchHeader::baseOffset).containsExactly(5L, 10L);
        assertThat(mid.logEndOffset()).isEqualTo(15);

        // maxBytes fits exactly one batch
        assertThat(RecordBatches.of(log.read(0, size0, Long.MAX_VALUE, false).slice().readAll()).toList()).hasSize(1);
        // too small for one batch: empty unless minOneBatch
        assertThat(log.read(0, 10, Long.MAX_VALUE, false).slice().isEmpty()).isTrue();
        ReadResult forced = log.read(0, 10, Long.MAX_VALUE, true);
        assertThat(forced.slice().size()).isEqualTo(size0);
        // maxOffsetExclusive (high watermark) stops before batches starting at or after it
        assertThat(RecordBatches.of(log.read(0, 1 << 20, 10, false).slice().readAll()).toList())
                .extracting(BatchHeader::baseOffset).containsExactly(0L, 5L);
        assertThat(log.read(10, 1 << 20, 10, false).slice().isEmpty()).isTrue();
        // at the log end: empty
        assertThat(log.read(15, 1 << 20, Long.MAX_VALUE, true).slice().isEmpty()).isTrue();
    }

    @Test
    void outOfRangeOffsetsAreRejected() throws IOException {
        open(LogConfig.defaults());
        log.appendAsLeader(batch("a", 3, 1), 0);
        assertThatThrownBy(() -> log.read(4, 100, Long.MAX_VALUE, true))
                .isInstanceOf(OffsetOutOfRangeException.class)
                .satisfies(e -> assertThat(((StorageException) e).kafkaErrorCode()).isEqualTo(1));
        assertThatThrownBy(() -> log.read(-1, 100, Long.MAX_VALUE, true)).isInstanceOf(OffsetOutOfRangeException.class);
        log.deleteRecordsBefore(2);
        assertThatThrownBy(() -> log.read(1, 100, Long.MAX_VALUE, true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(log.read(2, 1000, Long.MAX_VALUE, true).slice().isEmpty()).isFalse();
    }

    @Test
    void corruptBatchesAreRejectedAndNothingIsWritten() throws IOException {
        open(LogConfig.defaults());
        ByteBuffer b = batch("a", 3, 1);
        b.put(b.limit() - 1, (byte) (b.get(b.limit() - 1) ^ 0x5a));
        assertThatThrownBy(() -> log.appendAsLeader(b, 0))
                .isInstanceOf(CorruptRecordException.class)
                .satisfies(e -> assertThat(((StorageException) e).kafkaErrorCode()).isEqualTo(2));

        ByteBuffer truncated = batch("a", 3, 1);
        truncated.limit(truncated.limit() - 5);
        assertThatThrownBy(() -> log.appendAsLeader(truncated, 0)).isInstanceOf(CorruptRecordException.class);

        ByteBuffer v1 = batch("a", 1, 1);
        v1.put(BatchHeader.MAGIC_OFFSET, (byte) 1);
        assertThatThrownBy(() -> log.appendAsLeader(v1, 0))
                .isInstanceOf(UnsupportedMessageFormat.class)
                .satisfies(e -> assertThat(((StorageException) e).kafkaErrorCode()).isEqualTo(43));

        ByteBuffer control = RecordBatchWriter.endTransactionMarker(0, 7, (short) 0, 0, true, 1);
        assertThatThrownBy(() -> log.appendAsLeader(control, 0)).isInstanceOf(InvalidRecordException.class);

        assertThat(log.logEndOffset()).isZero();
        assertThat(log.sizeInBytes()).isZero();
    }

    @Test
    void oversizeBatchIsRejected() throws IOException {
        open(LogConfig.defaults().withMaxMessageBytes(500));
        ByteBuffer big = new RecordBatchWriter().add(null, new byte[600], 1).build(0);
        assertThatThrownBy(() -> log.appendAsLeader(big, 0))
                .isInstanceOf(RecordTooLargeException.class)
                .satisfies(e -> assertThat(((StorageException) e).kafkaErrorCode()).isEqualTo(10));
        assertThat(log.logEndOffset()).isZero();
    }

    @Test
    void logAppendTimeRewritesMaxTimestampAndKeepsCrcValid() throws IOException {
        open(LogConfig.defaults().withLogAppendTime(true));
        AppendResult r = log.appendAsLeader(batch("a", 3, 5), 0);
        assertThat(r.logAppendTimeMs()).isEqualTo(clock.millis());
        BatchHeader h = BatchHeader.at(log.read(0, 1000, Long.MAX_VALUE, true).slice().readAll(), 0);
        assertThat(h.isLogAppendTime()).isTrue();
        assertThat(h.maxTimestamp()).isEqualTo(clock.millis());
        assertThat(h.isValidCrc()).isTrue();
        assertThat(RecordBatches.of(h.slice()).records()).extracting(Record::timestamp).containsOnly(clock.millis());
    }

    @Test
    void idempotentDuplicateReturnsOriginalOffsetsAndWritesNothing() throws IOException {
        open(LogConfig.defaults());
        log.appendAsLeader(batch("x", 2, 1), 0); // offsets 0-1, no producer
        AppendResult first = log.appendAsLeader(idempotent(9, (short) 0, 0, 3, 1), 0);
        AppendResult second = log.appendAsLeader(idempotent(9, (short) 0, 3, 2, 1), 0);
        assertThat(first.firstOffset()).isEqualTo(2);
        assertThat(second.firstOffset()).isEqualTo(5);
        long size = log.sizeInBytes();

        AppendResult retry = log.appendAsLeader(idempotent(9, (short) 0, 0, 3, 1), 0);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(2);
        assertThat(retry.lastOffset()).isEqualTo(4);
        assertThat(log.sizeInBytes()).isEqualTo(size);
        assertThat(log.logEndOffset()).isEqualTo(7);

        AppendResult next = log.appendAsLeader(idempotent(9, (short) 0, 5, 1, 1), 0);
        assertThat(next.firstOffset()).isEqualTo(7);
        assertThat(log.producerState().lastEntry(9)).get()
                .satisfies(e -> assertThat(e.lastSeq()).isEqualTo(5));
    }

    @Test
    void outOfOrderSequenceAndFencedEpochAreRejected() throws IOException {
        open(LogConfig.defaults());
        log.appendAsLeader(idempotent(1, (short) 2, 0, 3, 1), 0);
        assertThatThrownBy(() -> log.appendAsLeader(idempotent(1, (short) 2, 5, 1, 1), 0))
                .isInstanceOf(OutOfOrderSequenceException.class)
                .satisfies(e -> assertThat(((StorageException) e).kafkaErrorCode()).isEqualTo(45));
        assertThatThrownBy(() -> log.appendAsLeader(idempotent(1, (short) 1, 3, 1, 1), 0))
                .isInstanceOf(InvalidProducerEpochException.class)
                .satisfies(e -> assertThat(((StorageException) e).kafkaErrorCode()).isEqualTo(47));
        assertThatThrownBy(() -> log.appendAsLeader(idempotent(1, (short) 3, 4, 1, 1), 0))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(log.logEndOffset()).isEqualTo(3);
        // a new epoch starting at 0 is fine; an unknown producer may start anywhere
        assertThat(log.appendAsLeader(idempotent(1, (short) 3, 0, 1, 1), 0).firstOffset()).isEqualTo(3);
        assertThat(log.appendAsLeader(idempotent(2, (short) 0, 77, 1, 1), 0).firstOffset()).isEqualTo(4);
        // sequence wraps after Integer.MAX_VALUE
        log.appendAsLeader(idempotent(3, (short) 0, Integer.MAX_VALUE - 1, 2, 1), 0);
        assertThat(log.appendAsLeader(idempotent(3, (short) 0, 0, 1, 1), 0).duplicate()).isFalse();
    }

    @Test
    void producerStateSurvivesReopen() throws IOException {
        open(small().withSegmentBytes(600));
        for (int seq = 0; seq < 40; seq += 4) {
            log.appendAsLeader(idempotent(5, (short) 1, seq, 4, clock.millis()), 0);
        }
        assertThat(log.segmentCount()).isGreaterThan(1);
        log.close();
        log = PartitionLog.open(dir(), small().withSegmentBytes(600), clock, true);
        // every one of the last five batches is still recognised as a duplicate
        for (int seq = 20; seq < 40; seq += 4) {
            AppendResult dup = log.appendAsLeader(idempotent(5, (short) 1, seq, 4, clock.millis()), 0);
            assertThat(dup.duplicate()).isTrue();
            assertThat(dup.firstOffset()).isEqualTo(seq);
        }
        assertThatThrownBy(() -> log.appendAsLeader(idempotent(5, (short) 1, 41, 1, 1), 0))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(log.appendAsLeader(idempotent(5, (short) 1, 40, 1, 1), 0).firstOffset()).isEqualTo(40);

        // after a crash (no snapshot of the latest state) the state is rebuilt from the log
        log.flush();
        log.appendAsLeader(idempotent(5, (short) 1, 41, 2, 1), 0);
        PartitionLog crashed = log;
        log = null;
        crashed.producerState(); // abandoned without close(), as after kill -9
        log = PartitionLog.open(dir(), small().withSegmentBytes(600), clock, false);
        assertThat(log.appendAsLeader(idempotent(5, (short) 1, 41, 2, 1), 0).duplicate()).isTrue();
        assertThat(log.producerState().lastEntry(5)).get().satisfies(e -> assertThat(e.lastSeq()).isEqualTo(42));
    }
}
