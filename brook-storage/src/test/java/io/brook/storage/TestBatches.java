package io.brook.storage;

import io.brook.storage.record.Record;
import io.brook.storage.record.RecordBatchWriter;
import io.brook.storage.record.RecordBatches;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builders and readers shared by the storage tests. */
final class TestBatches {
    private TestBatches() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String str(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** A plain batch of {@code count} records "k<prefix>-i" / "v<prefix>-i" at timestamp ts. */
    static ByteBuffer batch(String prefix, int count, long ts) {
        RecordBatchWriter w = new RecordBatchWriter();
        for (int i = 0; i < count; i++) {
            w.add(bytes("k" + prefix + "-" + i), bytes("v" + prefix + "-" + i), ts);
        }
        return w.build(0);
    }

    static ByteBuffer idempotent(long pid, short epoch, int seq, int count, long ts) {
        RecordBatchWriter w = new RecordBatchWriter().producer(pid, epoch, seq);
        for (int i = 0; i < count; i++) {
            w.add(bytes("k" + (seq + i)), bytes("v" + (seq + i)), ts);
        }
        return w.build(0);
    }

    /** Every record from fetchOffset to the log end, fetching like a consumer. */
    static List<Record> readAll(PartitionLog log, long from) throws IOException {
        List<Record> out = new ArrayList<>();
        long next = from;
        while (next < log.logEndOffset()) {
            ReadResult r = log.read(next, 64 * 1024, Long.MAX_VALUE, true);
            ByteBuffer buf = r.slice().readAll();
            List<Record> records = RecordBatches.of(buf).records();
            if (records.isEmpty()) {
                throw new AssertionError("no progress at offset " + next);
            }
            for (Record rec : records) {
                if (rec.offset() >= next) {
                    out.add(rec);
                }
            }
            next = records.get(records.size() - 1).offset() + 1;
        }
        return out;
    }
}
