package io.brook.storage.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Decodes the records of one UNCOMPRESSED v2 batch. Meant for internal topics Brook writes itself;
 * compressed batches are rejected (the hot path never decodes records).
 */
public final class RecordIterator implements Iterator<Record> {
    private final ByteBuffer buf;
    private final long baseOffset;
    private final long baseTimestamp;
    private final long logAppendTime;
    private final int count;
    private int index;

    public RecordIterator(BatchHeader batch) {
        if (batch.isCompressed()) {
            throw new UnsupportedOperationException("compressed batch (codec " + batch.compressionType() + ") at offset "
                    + batch.baseOffset() + ": RecordIterator reads uncompressed batches only");
        }
        ByteBuffer whole = batch.slice();
        whole.position(BatchHeader.RECORDS_OFFSET);
        this.buf = whole.slice();
        this.baseOffset = batch.baseOffset();
        this.baseTimestamp = batch.baseTimestamp();
        this.logAppendTime = batch.isLogAppendTime() ? batch.maxTimestamp() : BatchHeader.NO_TIMESTAMP;
        this.count = batch.recordsCount();
    }

    @Override
    public boolean hasNext() {
        return index < count && buf.hasRemaining();
    }

    @Override
    public Record next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        index++;
        int length = Varint.readVarint(buf);
        int end = buf.position() + length;
        buf.get(); // attributes
        long timestampDelta = Varint.readVarlong(buf);
        int offsetDelta = Varint.readVarint(buf);
        ByteBuffer key = readBytes();
        ByteBuffer value = readBytes();
        int headerCount = Varint.readVarint(buf);
        List<RecordHeader> headers = headerCount == 0 ? List.of() : new ArrayList<>(headerCount);
        for (int i = 0; i < headerCount; i++) {
            ByteBuffer hk = readBytes();
            ByteBuffer hv = readBytes();
            byte[] hvBytes = null;
            if (hv != null) {
                hvBytes = new byte[hv.remaining()];
                hv.get(hvBytes);
            }
            headers.add(new RecordHeader(hk == null ? null : StandardCharsets.UTF_8.decode(hk).toString(), hvBytes));
        }
        buf.position(end);
        long ts = logAppendTime != BatchHeader.NO_TIMESTAMP ? logAppendTime : baseTimestamp + timestampDelta;
        return new Record(baseOffset + offsetDelta, ts, key, value, headers);
    }

    private ByteBuffer readBytes() {
        int len = Varint.readVarint(buf);
        if (len < 0) {
            return null;
        }
        ByteBuffer view = buf.slice();
        view.limit(len);
        buf.position(buf.position() + len);
        return view.asReadOnlyBuffer();
    }

    /** All records of a batch as a list. */
    public static List<Record> readAll(BatchHeader batch) {
        List<Record> out = new ArrayList<>(Math.max(0, batch.recordsCount()));
        new RecordIterator(batch).forEachRemaining(out::add);
        return out;
    }
}
