package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.storage.record.RecordBatchWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Markers, the last stable offset and the aborted-transaction index, across clean and unclean restarts. */
class TransactionIndexTest {
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(1_700_000_000_000L);
    PartitionLog log;

    @AfterEach
    void close() throws IOException {
        if (log != null) {
            log.close();
        }
    }

    static ByteBuffer txnBatch(long pid, short epoch, int seq, int count) {
        RecordBatchWriter w = new RecordBatchWriter().producer(pid, epoch, seq).transactional(true);
        for (int i = 0; i < count; i++) {
            w.add(TestBatches.bytes("k" + i), TestBatches.bytes("v" + i), 1000L + i);
        }
        return w.build(0L);
    }

    PartitionLog open(boolean clean) throws IOException {
        log = PartitionLog.open(dir, LogConfig.defaults().withSegmentBytes(600), clock, clean);
        return log;
    }

    @Test
    void lsoStopsAtOpenTransactionsAndAbortsAreIndexed() throws IOException {
        open(true);
        log.appendAsLeader(TestBatches.batch("plain", 2, 1000L), 0);                // 0-1
        log.appendAsLeader(txnBatch(7, (short) 0, 0, 3), 0);                        // 2-4  pid 7
        assertThat(log.lastStableOffset(log.logEndOffset())).isEqualTo(2);
        log.appendAsLeader(txnBatch(8, (short) 0, 0, 2), 0);                        // 5-6  pid 8
        log.appendTransactionMarker(7, (short) 0, 0, false, 0);                     // 7 abort pid 7
        assertThat(log.lastStableOffset(log.logEndOffset())).isEqualTo(5);
        assertThat(log.abortedTransactions(0, 100)).containsExactly(new AbortedTxn(7, 2, 7, 5));
        log.appendTransactionMarker(8, (short) 0, 0, true, 0);                      // 8 commit pid 8
        assertThat(log.lastStableOffset(log.logEndOffset())).isEqualTo(9);
        assertThat(log.abortedTransactions(8, 100)).isEmpty();
        assertThat(log.abortedTransactions(3, 100)).hasSize(1);

        log.close();
        open(true);
        assertThat(log.abortedTransactions(0, 100)).containsExactly(new AbortedTxn(7, 2, 7, 5));
        assertThat(log.lastStableOffset(log.logEndOffset())).isEqualTo(9);
        long indexBytes = 0;
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".txnindex")).toList()) {
                indexBytes += Files.size(f);
            }
        }
        assertThat(indexBytes).isEqualTo(AbortedTxn.SIZE);
    }

    @Test
    void uncleanRestartRebuildsIndexAndOpenTransaction() throws IOException {
        open(true);
        for (int i = 0; i < 6; i++) {                                                // several segments
            log.appendAsLeader(txnBatch(7, (short) 0, i * 3, 3), 0);
            if (i % 2 == 1) {
                log.appendTransactionMarker(7, (short) 0, 0, false, 0);
            }
        }
        log.appendAsLeader(txnBatch(9, (short) 0, 0, 1), 0);                        // open at the end
        long openAt = log.logEndOffset() - 1;
        var before = log.abortedTransactions(0, Long.MAX_VALUE);
        assertThat(before).hasSize(3);
        assertThat(log.segmentCount()).isGreaterThan(1);
        log = null; // simulate a crash: no close, wipe every .txnindex and snapshot
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".txnindex") || n.endsWith(".snapshot")) {
                    Files.delete(f);
                }
            }
        }
        open(false);
        assertThat(log.abortedTransactions(0, Long.MAX_VALUE)).isEqualTo(before);
        assertThat(log.lastStableOffset(log.logEndOffset())).isEqualTo(openAt);
    }
}
