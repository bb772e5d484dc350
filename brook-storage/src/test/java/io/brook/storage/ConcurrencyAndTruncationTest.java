package io.brook.storage;

import static io.brook.storage.TestBatches.batch;
import static io.brook.storage.TestBatches.idempotent;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.storage.record.BatchHeader;
import io.brook.storage.record.RecordBatches;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyAndTruncationTest {
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

    @Test
    void readersTailingTheLogOnlySeeWholeValidBatchesInOrder() throws Exception {
        log = PartitionLog.open(tmp.resolve("c-0"), LogConfig.defaults().withSegmentBytes(8192).withIndexIntervalBytes(300),
                clock, true);
        int batches = 1500;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Long> reader = pool.submit(() -> {
                long next = 0;
                while (next < batches * 2L) {
                    ReadResult r = log.read(next, 4096, Long.MAX_VALUE, true);
                    if (r.slice().isEmpty()) {
                        Thread.onSpinWait();
                        continue;
                    }
                    for (BatchHeader h : RecordBatches.of(r.slice().readAll())) {
                        assertThat(h.isValidCrc()).isTrue();
                        assertThat(h.baseOffset()).isEqualTo(next);
                        next = h.nextOffset();
                    }
                }
                return next;
            });
            for (int i = 0; i < batches; i++) {
                log.appendAsLeader(batch("c" + i, 2, clock.millis()), 0);
            }
            assertThat(reader.get(20, TimeUnit.SECONDS)).isEqualTo(batches * 2L);
        } finally {
            pool.shutdownNow();
        }
        assertThat(log.segmentCount()).isGreaterThan(5);
    }

    @Test
    void truncateToDropsTheTailAndRewindsProducerState() throws IOException {
        log = PartitionLog.open(tmp.resolve("c-1"), LogConfig.defaults().withSegmentBytes(250), clock, true);
        for (int seq = 0; seq < 30; seq += 3) {
            log.appendAsLeader(idempotent(4, (short) 0, seq, 3, clock.millis()), 0);
        }
        int segments = log.segmentCount();
        assertThat(segments).isGreaterThan(2);
        log.truncateTo(14); // inside batch [12..14]: the whole batch goes
        assertThat(log.logEndOffset()).isEqualTo(12);
        assertThat(log.segmentCount()).isLessThan(segments);
        assertThat(log.producerState().lastEntry(4)).get().satisfies(e -> assertThat(e.lastSeq()).isEqualTo(11));
        assertThat(log.appendAsLeader(idempotent(4, (short) 0, 12, 3, clock.millis()), 0).firstOffset()).isEqualTo(12);
        ByteBuffer all = log.read(12, 1000, Long.MAX_VALUE, true).slice().readAll();
        assertThat(BatchHeader.at(all, 0).baseOffset()).isEqualTo(12);

        log.close();
        log = PartitionLog.open(tmp.resolve("c-1"), LogConfig.defaults().withSegmentBytes(250), clock, true);
        assertThat(log.logEndOffset()).isEqualTo(15);
        assertThat(TestBatches.readAll(log, 0)).hasSize(15);
    }

    @Test
    void flushIntervalMessagesAdvancesTheRecoveryPoint() throws IOException {
        Path dir = tmp.resolve("c-2");
        log = PartitionLog.open(dir, LogConfig.defaults().withFlushIntervalMessages(4), clock, true);
        log.appendAsLeader(batch("a", 3, 1), 0);
        assertThat(new OffsetFile(dir.resolve(PartitionLog.RECOVERY_POINT_FILE)).read()).isEqualTo(-1);
        log.appendAsLeader(batch("b", 3, 1), 0);
        assertThat(new OffsetFile(dir.resolve(PartitionLog.RECOVERY_POINT_FILE)).read()).isEqualTo(6);
    }
}
